"""The feeds database on a real SQLite file: round trips, updates in place, moves re-key."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import datetime, timedelta, timezone

from hypothesis import given, settings, strategies as st

from pipeline.feeds.entries import FeedEntry, entry_key
from pipeline.feeds.fetch import Validators
from pipeline.feeds.state import FeedState
from pipeline.feeds.store import Store

NOW = datetime(2026, 11, 21, 12, 30, 15, 123456, tzinfo=timezone.utc)
OLD, NEW = "https://old.example/feed", "https://new.example/feed"


def entry(feed: str, n: int, title: str = "T") -> FeedEntry:
    return FeedEntry(feed, entry_key(feed, f"id{n}", "", "", None), f"{title} {n}", f"https://x/{n}",
                     NOW - timedelta(days=n), "<p>s</p>", "Ada", f"id{n}", f"id:id{n}")


def test_feed_state_round_trip(tmp_path):
    store = Store(tmp_path / "feeds.sqlite")
    state = FeedState(OLD, "Old", Validators('"e"', "Sat, 21 Nov 2026 10:00:00 GMT"), NOW, 429, "HTTP 429", 2,
                      NOW + timedelta(hours=1), False)
    store.save_feed(state)
    store.close()
    assert Store(tmp_path / "feeds.sqlite").feeds() == {OLD: state}


def test_entries_insert_then_update_in_place(tmp_path):
    store = Store(tmp_path / "feeds.sqlite")
    assert store.save_entries([entry(OLD, 1), entry(OLD, 2)], NOW) == (2, 0)
    assert store.save_entries([entry(OLD, 1, "Changed"), entry(OLD, 2)], NOW + timedelta(hours=1)) == (0, 1)
    rows = list(store.entries(NOW + timedelta(days=1)))
    assert [(e.title, seen) for e, seen in rows] == [("Changed 1", NOW), ("T 2", NOW)][::-1]
    assert list(store.entries(NOW)) == []  # first seen at NOW: not before it
    assert store.feeds() == {}


def test_move_rekeys_entries_so_the_new_url_finds_them(tmp_path):
    store = Store(tmp_path / "feeds.sqlite")
    store.save_feed(FeedState(OLD, "Old"))
    store.save_entries([entry(OLD, 1), entry(OLD, 2)], NOW)
    store.move_feed(OLD, NEW)
    assert list(store.feeds()) == [NEW] and store.feeds()[NEW].entries == 2
    assert store.save_entries([entry(NEW, 1), entry(NEW, 2), entry(NEW, 3)], NOW) == (1, 0)


@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 20), st.sampled_from(["a", "b", "c"])), max_size=30))
def test_saving_twice_never_duplicates(tmp_path_factory, specs):
    store = Store(tmp_path_factory.mktemp("db") / "feeds.sqlite")
    batch = [entry(OLD, n, t) for n, t in specs]
    store.save_entries(batch, NOW)
    new, _ = store.save_entries(batch, NOW)
    keys = [e.key for e, _ in store.entries(NOW + timedelta(seconds=1))]
    assert new == 0 and len(keys) == len(set(keys)) == len({n for n, _ in specs})


OLD_SCHEMA = """
CREATE TABLE feeds (
    url TEXT PRIMARY KEY, title TEXT NOT NULL DEFAULT '', etag TEXT NOT NULL DEFAULT '',
    last_modified TEXT NOT NULL DEFAULT '', last_fetch TEXT, status INTEGER NOT NULL DEFAULT 0,
    error TEXT NOT NULL DEFAULT '', failures INTEGER NOT NULL DEFAULT 0, next_fetch TEXT,
    gone INTEGER NOT NULL DEFAULT 0);
CREATE TABLE entries (
    key TEXT PRIMARY KEY, feed_url TEXT NOT NULL, entry_id TEXT NOT NULL, title TEXT NOT NULL,
    link TEXT NOT NULL, date TEXT NOT NULL, summary TEXT NOT NULL, author TEXT NOT NULL,
    first_seen TEXT NOT NULL, updated TEXT);
INSERT INTO feeds (url, title, etag) VALUES ('https://old.example/feed', 'Old', '"e"');
INSERT INTO entries VALUES ('k1', 'https://old.example/feed', 'id1', 'T 1', 'https://x/1',
    '2026-11-20T12:00:00.000000Z', '', '', '2026-11-20T12:00:00.000000Z', NULL);
"""


def test_a_database_made_by_an_earlier_lip_is_upgraded_in_place(tmp_path):
    path = tmp_path / "feeds.sqlite"
    with sqlite3.connect(path) as db:
        db.executescript(OLD_SCHEMA)
    store = Store(path)
    assert store.feeds()[OLD] == FeedState(OLD, "Old", Validators('"e"'), entries=1)
    new = FeedState(OLD, "Old", Validators('"f"'), NOW, 200, ttl_minutes=90)
    assert store.save_update(new, [entry(OLD, 2)], NOW) == (1, 0)
    store.close()
    reopened = Store(path)
    assert reopened.feeds()[OLD] == replace(new, entries=2)
    assert [e.basis for e, _ in reopened.entries()] == ["id:id2", ""]  # by date
