"""Feeds of the people the user follows (content/following.opml), fetched politely into SQLite,
and the daily digest. Every entry is untrusted: sanitized before it reaches the site."""

STATUSES = ("failing", "gone", "new", "ok")  # of a followed feed, in the order `lip following` lists them
