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


@given(st.lists(entry, max_size=6, unique_by=lambda e: e.guid))
def test_round_trip(entries):
    again = parse_lock(dump_lock(Lock(tuple(entries))), PATH)
    assert sorted(again.entries, key=repr) == sorted(entries, key=repr)
    assert again.last_mtime == max([0, *(max(e.mtime, e.removed) for e in entries)])


def test_one_card_per_line_sorted_by_source():
    lock = Lock((LockEntry("g2", "posts/b.md", "basic", "D", "Q2", "A2"), LockEntry("g1", "posts/a.md", "basic", "D", "Q1")), 5)
    lines = dump_lock(lock).splitlines()
    assert lines[0].startswith("#") and len(lines) == 3 and '"g1"' in lines[1] and '"g2"' in lines[2]
    later = dump_lock(Lock((LockEntry("g1", "posts/a.md", "basic", "D", "Q1", mtime=99),), 99))
    assert later.splitlines()[0] == lines[0]  # the only line that isn't a card never changes


def test_a_legacy_header_still_reads():
    lock = parse_lock('{"version": 1, "last_mtime": 7}\n{"guid": "g", "source": "s", "kind": "basic", '
                      '"deck": "d", "front": "Q", "mtime": 5}\n', PATH)
    assert lock.last_mtime == 7 and [e.guid for e in lock.entries] == ["g"]


def test_union_merged_lines_keep_the_newer_card():
    old, new = (LockEntry("g", "posts/a.md", "basic", "D", f"Q{i}", mtime=i) for i in (3, 4))
    assert parse_lock(dump_lock(Lock((new,))) + dump_lock(Lock((old,))), PATH).entries == (new,)


def test_conflict_markers_name_the_command_or_are_resolved():
    left, right = (dump_lock(Lock((LockEntry("g", "posts/a.md", "basic", "D", f"Q{i}", mtime=i),)))
                   for i in (3, 4))
    merged = f"<<<<<<< HEAD\n{left}=======\n{right}>>>>>>> other\n"
    with pytest.raises(ContentError) as info:
        parse_lock(merged, PATH)
    assert str(info.value).startswith(f"{PATH}:1: unresolved merge conflict")
    assert "`lip decks --resolve`" in str(info.value)
    assert parse_lock(merged, PATH, resolve=True).entries[0].front == "Q4"


@pytest.mark.parametrize("broken, line, words", [
    ('{"version": 1, "last_mtime": 3}\n{"guid": "g", "source": "s", "kind": "basic"\n', 2, "corrupt lock file"),
    ('{"version": 1, "last_mtime": 3}\n{"guid": "g", "source": "s", "kind": "basic", "deck": "d"}\n', 2, "lacks"),
    ('{"version": 1, "last_mtime": 3}\n\n{"guid": "g", "source": "s", "kind": "basic", "deck": "d", "front": 3}\n', 3, "bad key 'front'"),
    ('{"version": 9, "last_mtime": 3}\n', 1, "header"),
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
    lock = Lock((LockEntry("g", "posts/a.md", "basic", "D", "Q", "A", mtime=7),), 7)
    assert write_lock(path, lock) is True
    assert write_lock(path, lock) is False
    assert read_lock(path) == lock and not [p for p in tmp_path.iterdir() if p.name != "cards.lock"]
