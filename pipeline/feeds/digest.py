"""The daily digest: which entries it shows (a pure function) and how published digests persist.

Published digests are JSON files under `content/digests/` (committed by the daily workflow),
one per day, recording every entry shown. Selection reads them, so no entry is shown twice and
none is skipped even when the SQLite state was lost. Selection never touches files or network.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import Iterable, Mapping

from pipeline.errors import ContentError
from pipeline.feeds.entries import FeedEntry
from pipeline.fsio import atomic_write_text

VERSION = 1


@dataclass(frozen=True)
class DigestItem:
    """One entry as a digest showed it: enough to render the page without the database."""

    key: str
    feed_url: str
    person: str
    category: str
    title: str
    link: str
    date: datetime
    summary: str  # sanitized HTML
    entry_id: str = ""


@dataclass(frozen=True)
class Digest:
    day: date
    created: datetime
    items: tuple[DigestItem, ...]


def select_digest_entries(candidates: Iterable[tuple[FeedEntry, datetime]], published: Iterable[Digest],
                          day: date, followed: Iterable[str], max_age_days: int) -> tuple[FeedEntry, ...]:
    """Entries for the digest of `day`: seen by the end of `day`, from a followed feed, shown in
    no other digest (by key or entry id, or by link when another feed showed it), and dated no
    more than `max_age_days` before the previous digest (so following someone new does not dump
    their whole archive). Oldest first."""
    others = [d for d in published if d.day != day]
    shown = _Shown()
    for item in (item for d in others for item in d.items):
        shown.add(item.feed_url, item.key, item.link, item.entry_id)
    previous = max((d.day for d in others if d.day < day), default=day)
    cutoff = _midnight(previous - timedelta(days=max_age_days))
    end, feeds = _midnight(day + timedelta(days=1)), set(followed)
    chosen = {}
    for entry, first_seen in candidates:
        ids = (entry.feed_url, entry.key, entry.link, entry.entry_id)
        if first_seen < end and entry.feed_url in feeds and entry.date >= cutoff and not shown.has(*ids):
            chosen.setdefault(entry.key, entry)
            shown.add(*ids)  # the same post in two feeds is shown once
    return tuple(sorted(chosen.values(), key=lambda e: (e.date, e.key)))


class _Shown:
    """What was shown already. Within one feed, posts with distinct ids may share a link (a series
    page, a podcast's home) and are distinct posts: there a link identifies only a post without an id."""

    def __init__(self) -> None:
        self.ids: set[str] = set()
        self.links: dict[str, set[str]] = {}

    def add(self, feed_url: str, key: str, link: str, entry_id: str) -> None:
        self.ids |= _ids(key, entry_id)
        if link:
            self.links.setdefault(link, set()).add(feed_url)

    def has(self, feed_url: str, key: str, link: str, entry_id: str) -> bool:
        feeds = self.links.get(link, set())
        same_post = bool(_ids(key, entry_id) & self.ids)
        return same_post or bool(feeds - {feed_url}) or (feed_url in feeds and not entry_id)


def _ids(key: str, entry_id: str) -> set[str]:
    return {f"key:{key}"} | ({f"id:{entry_id}"} if len(entry_id) > 8 else set())


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), timezone.utc)


def make_digest(day: date, now: datetime, entries: Iterable[FeedEntry], existing: Digest | None,
                people: Mapping[str, tuple[str, str]]) -> Digest:
    """The digest of `day`: what it already showed (kept) plus `entries`; `people` maps a feed
    URL to (name, category)."""
    items = list(existing.items) if existing else []
    known = {item.key for item in items}
    for entry in entries:
        if entry.key not in known:
            name, category = people.get(entry.feed_url, (entry.feed_url, ""))
            items.append(DigestItem(entry.key, entry.feed_url, name, category, entry.title, entry.link,
                                    entry.date, entry.summary, entry.entry_id))
    return Digest(day, existing.created if existing else now, tuple(items))


def digest_path(folder: Path, day: date) -> Path:
    return folder / f"{day.isoformat()}.json"


def dump_digest(digest: Digest) -> str:
    data = {"version": VERSION, "day": digest.day.isoformat(), "created": digest.created.isoformat(),
            "items": [dict(asdict(item), date=item.date.isoformat()) for item in digest.items]}
    return json.dumps(data, indent=1, ensure_ascii=False) + "\n"


def load_digest(path: Path) -> Digest:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        items = tuple(DigestItem(**dict(i, date=datetime.fromisoformat(i["date"]))) for i in data["items"])
        return Digest(date.fromisoformat(data["day"]), datetime.fromisoformat(data["created"]), items)
    except json.JSONDecodeError as exc:
        raise ContentError(path, f"not a digest: {exc.msg}", exc.lineno) from None
    except (KeyError, TypeError, ValueError) as exc:
        raise ContentError(path, f"not a digest written by lip: {exc}") from None


def load_digests(folder: Path) -> tuple[Digest, ...]:
    """Every published digest, oldest first."""
    if not folder.is_dir():
        return ()
    return tuple(sorted((load_digest(p) for p in folder.glob("*.json")), key=lambda d: d.day))


def save_digest(folder: Path, digest: Digest) -> Path:
    path = digest_path(folder, digest.day)
    atomic_write_text(path, dump_digest(digest))
    return path
