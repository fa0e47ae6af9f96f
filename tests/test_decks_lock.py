"""The lock file: round-trips, names the line of corruption, is written only when it changes."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.decks.lock import Lock, LockEntry, dump_lock, parse_lock, read_lock, write_lock
from pipeline.errors import ContentError

PATH = Path("content/cards.lock")
text = st.text(max_size=40)
entry = st.builds(LockEntry, guid=st.text(min_size=1, max_size=10), source=text, kind=st.sampled_from(["basic", "cloze"]),
                  deck=text, front=text, back=text, id=text, digest=text, mtime=st.integers(0, 2**40),
                  removed=st.integers(0, 2**40))


@given(st.lists(entry, max_size=6, unique_by=lambda e: e.guid), st.integers(0, 2**40))
def test_round_trip(entries, last):
    lock = Lock(tuple(entries), last)
    again = parse_lock(dump_lock(lock), PATH)
    assert again.last_mtime == last and sorted(again.entries, key=repr) == sorted(entries, key=repr)


def test_one_card_per_line_sorted_by_source():
    lock = Lock((LockEntry("g2", "posts/b.md", "basic", "D", "Q2", "A2"), LockEntry("g1", "posts/a.md", "basic", "D", "Q1")), 5)
    lines = dump_lock(lock).splitlines()
    assert lines[0].startswith("#") and len(lines) == 4 and '"g1"' in lines[2] and '"g2"' in lines[3]


@pytest.mark.parametrize("broken, line, words", [
    ('{"version": 1, "last_mtime": 3}\n{"guid": "g", "source": "s", "kind": "basic"\n', 2, "corrupt lock file"),
    ('{"version": 1, "last_mtime": 3}\n{"guid": "g", "source": "s", "kind": "basic", "deck": "d"}\n', 2, "lacks"),
    ('{"version": 1, "last_mtime": 3}\n\n{"guid": "g", "source": "s", "kind": "basic", "deck": "d", "front": 3}\n', 3, "bad key 'front'"),
    ('{"version": 9, "last_mtime": 3}\n', 1, "header"),
    ("<<<<<<< HEAD\n", 1, "corrupt"),
])
def test_corruption_names_the_line(broken, line, words):
    with pytest.raises(ContentError) as info:
        parse_lock(broken, PATH)
    assert str(info.value).startswith(f"{PATH}:{line}: ") and words in str(info.value)


def test_missing_or_empty_lock_is_empty(tmp_path):
    assert read_lock(tmp_path / "none.lock") == Lock()
    (tmp_path / "empty.lock").write_text("")
    assert read_lock(tmp_path / "empty.lock") == Lock()


def test_write_only_when_changed(tmp_path):
    path = tmp_path / "cards.lock"
    lock = Lock((LockEntry("g", "posts/a.md", "basic", "D", "Q", "A"),), 7)
    assert write_lock(path, lock) is True
    assert write_lock(path, lock) is False
    assert read_lock(path) == lock and not [p for p in tmp_path.iterdir() if p.name != "cards.lock"]
