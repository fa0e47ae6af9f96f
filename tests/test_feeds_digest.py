"""Digest selection: nothing shown twice, nothing skipped, even after the SQLite state is lost."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings, strategies as st

from pipeline.errors import ContentError
from pipeline.feeds.digest import (dump_digest, load_digest, load_digests, make_digest, save_digest,
                                   select_digest_entries)
from pipeline.feeds.entries import FeedEntry

FEED = "https://a.example/feed"
DAY = date(2026, 11, 21)
PEOPLE = {FEED: ("Ada", "Research"), "https://b.example/feed": ("Bob", "")}


def entry(n: int, day: date, feed: str = FEED, link: str | None = None) -> FeedEntry:
    when = datetime(day.year, day.month, day.day, 9, tzinfo=timezone.utc)
    return FeedEntry(feed, f"k{n}", f"Post {n}", f"https://a.example/{n}" if link is None else link, when, "<p>s</p>")


def seen(e: FeedEntry, hours: int = 1):
    return e, e.date + timedelta(hours=hours)


def publish(candidates, published, day):
    chosen = select_digest_entries(candidates, published, day, PEOPLE, 14)
    existing = next((d for d in published if d.day == day), None)
    digest = make_digest(day, datetime.combine(day, datetime.min.time(), timezone.utc), chosen, existing, PEOPLE)
    return [d for d in published if d.day != day] + [digest]


def test_second_digest_shows_only_new_entries():
    first = [seen(entry(1, DAY)), seen(entry(2, DAY))]
    published = publish(first, [], DAY)
    later = first + [seen(entry(3, DAY + timedelta(days=1)))]
    published = publish(later, published, DAY + timedelta(days=1))
    assert [[i.key for i in d.items] for d in published] == [["k1", "k2"], ["k3"]]
    assert published[0].items[0].person == "Ada" and published[0].items[0].category == "Research"


def test_lost_state_does_not_repeat_or_skip():
    published = publish([seen(entry(1, DAY))], [], DAY)
    # The SQLite file is gone: everything is seen again, now, with new first-seen times.
    refetched = [(entry(n, DAY + timedelta(days=n // 2)), datetime(2026, 11, 23, 6, tzinfo=timezone.utc)) for n in (1, 2, 3)]
    published = publish(refetched, published, DAY + timedelta(days=2))
    assert [i.key for i in published[1].items] == ["k2", "k3"]


def test_same_post_under_a_new_key_is_not_shown_again():
    published = publish([seen(entry(1, DAY))], [], DAY)
    moved = FeedEntry(FEED, "another-key", "Post 1", "https://a.example/1", entry(1, DAY).date, "")
    assert select_digest_entries([seen(moved)], published, DAY + timedelta(days=1), PEOPLE, 14) == ()


def test_entries_seen_after_the_day_wait_for_the_next_digest_and_rerun_keeps_what_was_shown():
    early, late = entry(1, DAY), entry(2, DAY)
    published = publish([seen(early), (late, datetime(2026, 11, 22, 1, tzinfo=timezone.utc))], [], DAY)
    assert [i.key for i in published[0].items] == ["k1"]
    published = publish([], published, DAY)  # rerun with the database lost keeps the published items
    assert [i.key for i in published[0].items] == ["k1"]
    published = publish([(late, datetime(2026, 11, 22, 1, tzinfo=timezone.utc))], published, DAY + timedelta(days=1))
    assert [i.key for i in published[1].items] == ["k2"]


def test_unfollowed_feeds_and_old_archives_are_left_out():
    stranger = entry(1, DAY, feed="https://stranger.example/feed")
    archive = entry(2, DAY - timedelta(days=40))
    assert select_digest_entries([seen(stranger), (archive, datetime(2026, 11, 21, tzinfo=timezone.utc))],
                                 [], DAY, PEOPLE, 14) == ()


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 30), st.integers(0, 6), st.integers(0, 48)), max_size=25),
       st.sets(st.integers(0, 6), min_size=1), st.integers(0, 6))
def test_every_entry_in_at_most_one_digest_and_none_skipped(specs, digest_days, lose_after):
    """Entries published on day d, seen h hours later; digests on some days; state lost at one point."""
    entries = {n: (entry(n, DAY + timedelta(days=d)), h) for n, d, h in specs}
    published: list = []
    for offset in sorted(digest_days):
        day = DAY + timedelta(days=offset)
        lost = offset > lose_after  # after the loss, every entry is seen again at the digest's time
        candidates = [(e, e.date + timedelta(hours=h)) if not lost else (e, max(e.date + timedelta(hours=h), _at(day)))
                      for e, h in entries.values()]
        published = publish(candidates, published, day)
    shown = [i.key for d in published for i in d.items]
    assert len(shown) == len(set(shown))
    last = _at(DAY + timedelta(days=max(digest_days) + 1))
    due = {e.key for e, h in entries.values() if e.date + timedelta(hours=h) < last}
    assert set(shown) == due


def _at(day: date) -> datetime:
    return datetime.combine(day, datetime.min.time(), timezone.utc)


def test_files_round_trip_and_bad_files_are_named(tmp_path):
    digest = publish([seen(entry(1, DAY))], [], DAY)[0]
    path = save_digest(tmp_path, digest)
    assert path.name == "2026-11-21.json" and load_digest(path) == digest and load_digests(tmp_path) == (digest,)
    assert dump_digest(load_digest(path)) == path.read_text()
    (tmp_path / "2026-11-22.json").write_text('{"day": "2026-11-22",\n "items": [}')
    with pytest.raises(ContentError, match=r"2026-11-22.json:2: not a digest"):
        load_digests(tmp_path)
