"""`lip follow`: find the feed of a website and check that it parses before following it.

Reads `<link rel="alternate">` of RSS, Atom and JSON Feed types, then the usual paths. Talks to
the network through `fetch` only; writes nothing (the command saves the OPML).
"""

from __future__ import annotations

import codecs
from datetime import datetime, timezone
from html.parser import HTMLParser
from urllib.parse import urljoin

import requests

from pipeline.errors import FeedError
from pipeline.feeds.entries import ParsedFeed
from pipeline.feeds.fetch import Fetched, Validators
from pipeline.feeds.retrieve import Retrieved, attempt, failed_retrieval, retrieve
from pipeline.feeds.settings import FeedSettings

FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/feed+json", "application/json")
WELL_KNOWN = ("feed", "rss.xml", "atom.xml", "index.xml", "feed.xml", "feed.json", "rss")


class _AlternateLinks(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs) -> None:
        values = {k: (v or "") for k, v in attrs}
        rels = values.get("rel", "").lower().split()
        kind = values.get("type", "").lower().split(";")[0].strip()
        if tag == "link" and "alternate" in rels and kind in FEED_TYPES:
            if values.get("href"):
                self.links.append(values["href"].strip())


def alternate_links(page: str, base: str) -> tuple[str, ...]:
    """The feed URLs a web page advertises, absolute, in page order."""
    parser = _AlternateLinks()
    try:
        parser.feed(page)
    except AssertionError:  # html.parser gives up on some malformed declarations: keep what it found
        pass
    return tuple(dict.fromkeys(urljoin(base, href) for href in parser.links))


def discover(url: str, settings: FeedSettings) -> tuple[str, ParsedFeed]:
    """The feed URL for `url` (a feed or a website) and its parsed content; a `FeedError` naming
    `url` in one line when there is none, whatever went wrong."""
    now = datetime.now(timezone.utc)
    with requests.Session() as session:
        first = _retrieve(session, url, settings, now)
        fetched, parsed = first.fetched, first.parsed
        if fetched.error or fetched.status != 200 or parsed is None:
            raise FeedError(url, fetched.error or f"HTTP {fetched.status}")
        if not parsed.problem:
            return fetched.moved_to or url, parsed
        page = fetched.body.decode(_charset(fetched), "replace")
        base = fetched.final_url or url
        for candidate in dict.fromkeys(alternate_links(page, base) + well_known(base)):
            found = _retrieve(session, candidate, settings, now)
            if found.parsed and not found.parsed.problem and not found.fetched.error:
                return found.fetched.moved_to or candidate, found.parsed
    raise FeedError(url, "no feed found: not a feed itself, no <link rel=\"alternate\"> feed, "
                         f"none at the usual paths ({', '.join(WELL_KNOWN)})")


def _retrieve(session, url: str, settings: FeedSettings, now: datetime) -> Retrieved:
    return attempt(lambda: retrieve(session, url, Validators(), settings, now), failed_retrieval(url))


def well_known(base: str) -> tuple[str, ...]:
    """The usual feed paths next to the page (project sites live in a folder), then at the root."""
    beside, at_root = [urljoin(base, p) for p in WELL_KNOWN], [urljoin(base, "/" + p) for p in WELL_KNOWN]
    return tuple(dict.fromkeys(beside + at_root))


def _charset(fetched: Fetched) -> str:
    content_type = fetched.headers.get("content-type", "")
    charset = content_type.partition("charset=")[2].split(";")[0].strip().strip('"')
    try:
        return "utf-8" if not charset else codecs.lookup(charset).name
    except LookupError:
        return "utf-8"
