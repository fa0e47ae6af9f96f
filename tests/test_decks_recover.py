"""Identities read back from packages: lip's own, another tool's (named, or skipped when looking
for them on our own), and a file that is no package at all."""

from __future__ import annotations

from pathlib import Path

import genanki
import pytest

from pipeline.decks.lock import Lock, LockEntry, dump_lock
from pipeline.decks.package import deck_package
from pipeline.decks.recover import package_lock, published_packages, recover_lock
from pipeline.errors import ContentError

OLD = LockEntry("g1", "posts/a.md", "basic", "D", "Q?", "A.", mtime=5)
NEW = LockEntry("g1", "posts/a.md", "basic", "D", "Q, edited?", "A.", mtime=9)


def lip_package(path: Path, *entries: LockEntry) -> Path:
    path.write_bytes(deck_package("D", (), 1, dump_lock(Lock(entries))))
    return path


def other_tool_package(path: Path) -> Path:
    genanki.Package(genanki.Deck(1, "D")).write_to_file(str(path))
    return path


def test_the_newest_line_per_card_wins_across_packages(tmp_path):
    first, second = lip_package(tmp_path / "a.apkg", NEW), lip_package(tmp_path / "b.apkg", OLD)
    lock, found = recover_lock((first, second))
    assert found == 1 and lock.entries == (NEW,) and lock.last_mtime == 9


def test_another_tools_package_is_named_when_asked_for_and_skipped_otherwise(tmp_path):
    other = other_tool_package(tmp_path / "other.apkg")
    with pytest.raises(ContentError) as info:
        recover_lock((other,))
    assert str(info.value).startswith(f"{other}:1: no card identities in this package")
    assert recover_lock((other,), required=False) == (Lock(), 0)


def test_a_file_that_is_no_package_is_one_clear_error(tmp_path):
    (tmp_path / "notes.apkg").write_text("not a zip")
    with pytest.raises(ContentError, match="not a readable .apkg"):
        package_lock(tmp_path / "notes.apkg")


def test_published_packages_come_from_every_folder(tmp_path):
    (tmp_path / "site").mkdir()
    site, out = lip_package(tmp_path / "site" / "d.apkg", OLD), lip_package(tmp_path / "d.apkg", NEW)
    assert published_packages((tmp_path / "site", tmp_path, tmp_path / "missing")) == (site, out)
