"""Feed bytes to `FeedEntry` records: feedparser on the fetched body, then keys and dates.

Pure: takes bytes, headers and `now`, returns records. An entry's key is stable across runs
and machines (feed URL + entry id, else link, else a hash of title and date) so that digests,
which record keys, stay correct even when the SQLite state is lost.
"""

from __future__ import annotations

import calendar
import hashlib
import html
import json
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Mapping

from pipeline.feeds.sanitize import clean_html, plain_text


@dataclass(frozen=True)
class FeedEntry:
    """One post of a followed person, with untrusted fields already sanitized."""

    feed_url: str
    key: str
    title: str  # plain text
    link: str
    date: datetime  # published (or updated) time, clamped to when it was first seen
    summary: str  # sanitized HTML
    author: str = ""
    entry_id: str = ""
    basis: str = ""  # what the key was made from within the feed (see `key_basis`)


@dataclass(frozen=True)
class ParsedFeed:
    title: str
    link: str
    entries: tuple[FeedEntry, ...]
    problem: str = ""  # why the body is not a feed, when it is not
    ttl_minutes: int = 0  # RSS <ttl>


def parse_feed(url: str, body: bytes, headers: Mapping[str, str], now: datetime) -> ParsedFeed:
    """Parse `body` fetched from `url`; a body that is not a feed gives a `problem`, not entries."""
    import feedparser  # slow to import: only when a feed is really read (a build reads digests)

    parsed = json_feed(body) or feedparser.parse(
        body, response_headers=feedparser_headers(headers), sanitize_html=False, resolve_relative_uris=False)
    if not parsed.get("version") and not parsed.entries:
        return ParsedFeed("", "", (), _problem(parsed))
    base = parsed.feed.get("link", "") or url
    entries = tuple(_entry(url, base, e, now) for e in parsed.entries)
    return ParsedFeed(plain_text(parsed.feed.get("title", "")), parsed.feed.get("link", ""),
                      _unique(entries), ttl_minutes=_ttl(parsed.feed.get("ttl")))


def feedparser_headers(headers: Mapping[str, str] | None) -> dict[str, str]:
    """HTTP headers as feedparser reads them: by lower-case name only (given `Content-Type`, it
    sees no content type, loses the charset and flags every feed "no Content-type specified")."""
    return {name.lower(): value for name, value in (headers or {}).items()}


def _ttl(value: Any) -> int:
    """RSS <ttl>: minutes the feed may be cached; 0 when absent or not a number."""
    text = str(value or "").strip()
    return int(text) if text.isdigit() and len(text) < 7 else 0


def json_feed(body: bytes) -> dict[str, Any] | None:
    """A JSON Feed (jsonfeed.org, which feedparser 6 does not read) in feedparser's shape."""
    if not body.lstrip()[:1] == b"{":
        return None
    try:
        data = json.loads(body)
    except ValueError:
        return None
    if not isinstance(data, dict) or "jsonfeed.org" not in str(data.get("version", "")):
        return None
    items = [i for i in data.get("items") or [] if isinstance(i, dict)]
    import feedparser

    return feedparser.FeedParserDict(
        version="json1",
        feed=feedparser.FeedParserDict(title=str(data.get("title", "")),
                                       link=str(data.get("home_page_url", ""))),
        entries=[feedparser.FeedParserDict(_json_item(i)) for i in items])


def _json_item(item: dict[str, Any]) -> dict[str, Any]:
    when = _json_time(item.get("date_published")) or _json_time(item.get("date_modified"))
    text = str(item.get("summary") or item.get("content_text") or "")
    return {"id": str(item.get("id", "")), "link": str(item.get("url", "")),
            "title": str(item.get("title", "")),
            "summary": str(item.get("content_html") or html.escape(text)),
            "published_parsed": when, "author": _json_author(item)}


def _json_author(item: dict[str, Any]) -> str:
    """JSON Feed 1.1 `authors` (a list), 1.0 `author`; real feeds also send `authors` as one object."""
    authors = item.get("authors")
    first = authors[0] if isinstance(authors, list) and authors else authors or item.get("author")
    return str(first.get("name", "")) if isinstance(first, dict) else ""


def _json_time(value: Any) -> time.struct_time | None:
    try:
        return datetime.fromisoformat(str(value).replace("Z", "+00:00")).astimezone(timezone.utc).timetuple()
    except ValueError:
        return None


def _problem(parsed: Any) -> str:
    error = parsed.get("bozo_exception")
    return f"not a feed ({type(error).__name__}: {error})" if error else "not a feed (no RSS, Atom or JSON)"


def _entry(feed_url: str, base: str, raw: Mapping[str, Any], now: datetime) -> FeedEntry:
    link = (raw.get("link") or "").strip()
    link = _absolute(base, link)
    title = plain_text(raw.get("title", "")) or link or "(untitled)"
    content = raw.get("summary") or next((c.get("value", "") for c in raw.get("content", [])), "")
    entry_id = (raw.get("id") or "").strip()
    # the key takes the date as the feed gives it: clamped to `now`, a future date would change every run
    basis = key_basis(entry_id, link, title, feed_date(raw))
    return FeedEntry(feed_url, keyed(feed_url, basis), title, link, entry_date(raw, now),
                     clean_html(content, link or base), plain_text(raw.get("author", "")), entry_id, basis)


def _absolute(base: str, link: str) -> str:
    from urllib.parse import urljoin, urlsplit

    link = urljoin(base, link) if link else ""
    return link if urlsplit(link).scheme in ("http", "https") else ""


def _parsed_time(raw: Mapping[str, Any]) -> Any:
    # dict.get: feedparser's own .get maps a missing updated_parsed to published_parsed with a warning
    return dict.get(raw, "published_parsed") or dict.get(raw, "updated_parsed")


def feed_date(raw: Mapping[str, Any]) -> datetime | None:
    """Published, else updated, as the feed says (future dates included); None when absent or impossible."""
    parsed = _parsed_time(raw)
    try:
        return datetime.fromtimestamp(calendar.timegm(parsed), timezone.utc) if parsed else None
    except (OverflowError, ValueError, OSError, TypeError):
        return None


def entry_date(raw: Mapping[str, Any], now: datetime) -> datetime:
    """Published, else updated, else `now`; never later than `now` (future dates are clamped)."""
    when = feed_date(raw)
    return min(when, now) if when else now


def entry_key(feed_url: str, entry_id: str, link: str, title: str, when: datetime | None) -> str:
    """Feed + id, else feed + link, else feed + hash(title, date): stable for the same entry."""
    return keyed(feed_url, key_basis(entry_id, link, title, when))


def key_basis(entry_id: str, link: str, title: str, when: datetime | None) -> str:
    """What identifies an entry within its feed; stored, so a moved feed re-keys it exactly."""
    if entry_id:
        return f"id:{entry_id}"
    if link:
        return f"link:{link}"
    return f"hash:{title}|{when.isoformat() if when else ''}"


def keyed(feed_url: str, basis: str) -> str:
    return hashlib.sha256(f"{feed_url}\n{basis}".encode()).hexdigest()[:24]


def _unique(entries: tuple[FeedEntry, ...]) -> tuple[FeedEntry, ...]:
    """A feed that lists one entry twice keeps the first."""
    seen: dict[str, FeedEntry] = {}
    for entry in entries:
        seen.setdefault(entry.key, entry)
    return tuple(seen.values())
