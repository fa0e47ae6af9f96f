"""Chart libraries vendored from npm (see README.md), served by the site itself; a package so its files ship as package data."""
