"""Settings of the feeds stage: the `[tool.lip.feeds]` table of pyproject.toml."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FeedSettings:
    """How politely and how much to fetch, and what a digest shows."""

    opml: str = "following.opml"  # under content/
    digests: str = "digests"  # under content/: published digests, committed so they survive lost state
    workers: int = 16
    per_host: int = 2  # requests at once to one host name (most people's feeds are on different hosts)
    min_interval_minutes: int = 60  # a feed is asked at most this often (as reader does); --force overrides
    max_interval_minutes: int = 24 * 60  # longest a server's max-age, Expires or <ttl> defers the next ask
    timeout: float = 20.0  # seconds: to connect, for each read, and for the whole body to arrive
    max_bytes: int = 15 * 1024 * 1024  # body size cap (Miniflux's)
    max_redirects: int = 5
    user_agent: str = "learn-in-public feed reader (+https://github.com/)"
    backoff_minutes: int = 30  # first wait after a failure; doubles per failure, capped at a day
    max_age_days: int = 14  # a digest shows no entry dated this long before the previous digest
    summary_chars: int = 400
    default_category: str = "People"
    site_digests: int = 30  # digest pages on the site (and entries in the Atom feed)
