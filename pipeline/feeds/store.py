"""The feeds database: `.lip/state/feeds.sqlite` (ignored by git, cached between CI runs).

Feeds with their validators and errors; entries deduplicated by key (feed + id, else link,
else title and date). An updated entry is updated in place. Losing this file loses nothing
published: digests under content/ record what was shown. Only the main thread writes.
"""

from __future__ import annotations

import sqlite3
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable, Iterator

from pipeline.errors import LipError
from pipeline.feeds.entries import FeedEntry, entry_key, keyed
from pipeline.feeds.fetch import Validators
from pipeline.feeds.state import FeedState

SCHEMA = """
CREATE TABLE IF NOT EXISTS feeds (
    url TEXT PRIMARY KEY, title TEXT NOT NULL DEFAULT '', etag TEXT NOT NULL DEFAULT '',
    last_modified TEXT NOT NULL DEFAULT '', last_fetch TEXT, status INTEGER NOT NULL DEFAULT 0,
    error TEXT NOT NULL DEFAULT '', failures INTEGER NOT NULL DEFAULT 0, next_fetch TEXT,
    gone INTEGER NOT NULL DEFAULT 0, ttl INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS entries (
    key TEXT PRIMARY KEY, feed_url TEXT NOT NULL, entry_id TEXT NOT NULL, title TEXT NOT NULL,
    link TEXT NOT NULL, date TEXT NOT NULL, summary TEXT NOT NULL, author TEXT NOT NULL,
    first_seen TEXT NOT NULL, updated TEXT, basis TEXT NOT NULL DEFAULT '');
CREATE INDEX IF NOT EXISTS entries_feed ON entries (feed_url);
CREATE INDEX IF NOT EXISTS entries_seen ON entries (first_seen);
"""
FEED_COLUMNS = "url, title, etag, last_modified, last_fetch, status, error, failures, next_fetch, gone, ttl"
ENTRY_COLUMNS = "key, feed_url, entry_id, title, link, date, summary, author, first_seen, basis"
ADDED_COLUMNS = (("feeds", "ttl", "INTEGER NOT NULL DEFAULT 0"),  # columns newer than the first release
                 ("entries", "basis", "TEXT NOT NULL DEFAULT ''"))


def db_path(state: Path) -> Path:
    return state / "feeds.sqlite"


@contextmanager
def opened(path: Path) -> Iterator[Store]:
    """The store in `path`, closed afterwards. A SQLite failure (a damaged or locked file, a full
    disk) becomes one line naming the file; the open transaction was rolled back."""
    store = None
    try:
        store = Store(path)
        yield store
    except sqlite3.Error as exc:
        raise LipError(f"{path}: {exc} (the feeds database; if it is damaged, delete it: published "
                       "digests under content/ keep what was shown)") from None
    finally:
        if store is not None:
            store.close()


class Store:
    """A small facade over one SQLite file; every public method is one transaction."""

    def __init__(self, path: Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(path)
        # WAL + synchronous=NORMAL: a crash loses at most the last update, never corrupts the file.
        self.db.executescript("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;" + SCHEMA)
        for table, column, kind in ADDED_COLUMNS:  # a database made by an earlier lip
            if column not in {row[1] for row in self.db.execute(f"PRAGMA table_info({table})")}:
                self.db.execute(f"ALTER TABLE {table} ADD COLUMN {column} {kind}")

    def close(self) -> None:
        self.db.close()

    def feeds(self) -> dict[str, FeedState]:
        counts = dict(self.db.execute("SELECT feed_url, COUNT(*) FROM entries GROUP BY feed_url"))
        rows = self.db.execute(f"SELECT {FEED_COLUMNS} FROM feeds")
        return {row[0]: _feed(row, counts.get(row[0], 0)) for row in rows}

    def save_feed(self, feed: FeedState) -> None:
        with self.db:
            self._save_feed(feed)

    def save_entries(self, entries: Iterable[FeedEntry], now: datetime) -> tuple[int, int]:
        """Insert new entries, update changed ones; returns (new, updated)."""
        with self.db:
            return self._save_entries(entries, now)

    def move_feed(self, old: str, new: str) -> None:
        with self.db:
            self._move_feed(old, new)

    def save_update(self, feed: FeedState, entries: Iterable[FeedEntry], now: datetime,
                    moved_to: str = "") -> tuple[int, int]:
        """One fetch's outcome in ONE transaction: the feed's validators never outlive a crash that
        lost its entries (else the next 304 would hide them for good). Returns (new, updated)."""
        with self.db:
            self._save_feed(feed)
            if moved_to:
                self._move_feed(feed.url, moved_to)
            return self._save_entries(entries, now)

    def _save_feed(self, feed: FeedState) -> None:
        self.db.execute(
            f"INSERT OR REPLACE INTO feeds ({FEED_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            (feed.url, feed.title, feed.validators.etag, feed.validators.last_modified,
             _iso(feed.last_fetch), feed.status, feed.error, feed.failures, _iso(feed.next_fetch),
             int(feed.gone), feed.ttl_minutes))

    def _save_entries(self, entries: Iterable[FeedEntry], now: datetime) -> tuple[int, int]:
        new = updated = 0
        for entry in entries:
            row = self.db.execute("SELECT title, link, summary, first_seen FROM entries WHERE key = ?",
                                  (entry.key,)).fetchone()
            if row is None:
                self.db.execute(f"INSERT INTO entries ({ENTRY_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?)",
                                _entry_row(entry, now))
                new += 1
            elif row[:3] != (entry.title, entry.link, entry.summary):
                self.db.execute(
                    "UPDATE entries SET title=?, link=?, summary=?, author=?, updated=? WHERE key=?",
                    (entry.title, entry.link, entry.summary, entry.author, _iso(now), entry.key))
                updated += 1
        return new, updated

    def _move_feed(self, old: str, new: str) -> None:
        """A permanent redirect: the feed's state and entries now belong to `new`, re-keyed so
        the next fetch from `new` finds them instead of adding them again."""
        self.db.execute("DELETE FROM feeds WHERE url = ?", (new,))
        self.db.execute("UPDATE feeds SET url = ? WHERE url = ?", (new, old))
        rows = self.db.execute("SELECT key, entry_id, link, title, date, basis FROM entries "
                               "WHERE feed_url = ?", (old,)).fetchall()
        for key, entry_id, link, title, date, basis in rows:
            # entries stored before the basis was: the stored date was clamped, a close guess
            fresh = keyed(new, basis) if basis else entry_key(new, entry_id, link, title, _time(date))
            self.db.execute("UPDATE OR IGNORE entries SET key = ?, feed_url = ? WHERE key = ?",
                            (fresh, new, key))
        self.db.execute("DELETE FROM entries WHERE feed_url = ?", (old,))

    def entries(self, seen_before: datetime | None = None) -> Iterator[tuple[FeedEntry, datetime]]:
        """Every entry (first seen before `seen_before`, when given), with when it was first seen."""
        limit = _iso(seen_before) if seen_before else "9"
        rows = self.db.execute(f"SELECT {ENTRY_COLUMNS} FROM entries WHERE first_seen < ? ORDER BY date, key",
                               (limit,))
        for key, feed_url, entry_id, title, link, date, summary, author, first_seen, basis in rows:
            entry = FeedEntry(feed_url, key, title, link, _time(date), summary, author, entry_id, basis)
            yield entry, _time(first_seen)


def _entry_row(entry: FeedEntry, now: datetime) -> tuple:
    return (entry.key, entry.feed_url, entry.entry_id, entry.title, entry.link, _iso(entry.date),
            entry.summary, entry.author, _iso(now), entry.basis)


def _feed(row: tuple, count: int) -> FeedState:
    url, title, etag, modified, last, status, error, failures, next_fetch, gone, ttl = row
    return FeedState(url, title, Validators(etag, modified), _time(last), status, error, failures,
                     _time(next_fetch), bool(gone), count, ttl)


def _iso(when: datetime | None) -> str | None:
    return when.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ") if when else None


def _time(text: str | None) -> datetime | None:
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=timezone.utc) if text else None
