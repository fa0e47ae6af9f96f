"""Cheatsheets: dense multi-column pages and one-page PDFs, written by hand in content/cheatsheets/ or drawn from a note. A PDF is never half-written."""
