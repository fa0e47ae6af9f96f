"""The one cache: keyed by content and settings (the caller's key) and by lip's own code."""

import pytest

from pipeline import cache as cache_module
from pipeline.cache import MISSING, Cache, code_version


def test_a_value_is_made_once_and_read_back(tmp_path):
    cache = Cache(tmp_path)
    assert cache.get_or_make("k", lambda: {"a": 1}) == {"a": 1}
    assert Cache(tmp_path).get_or_make("k", lambda: pytest.fail("made twice")) == {"a": 1}


def test_entries_of_another_code_version_are_never_read(tmp_path, monkeypatch):
    """Before: the notes cache key carried no code version, so an upgraded lip reused old pages."""
    monkeypatch.setattr(cache_module, "code_version", lambda: "lip 1.0 + sources A")
    Cache(tmp_path).put("note", "parsed by the old code")
    monkeypatch.setattr(cache_module, "code_version", lambda: "lip 1.1 + sources B")
    assert Cache(tmp_path).get("note") is MISSING
    assert Cache(tmp_path, versioned=False).get("note") is MISSING  # unversioned keys are their own


def test_code_version_changes_with_any_source_file(tmp_path, monkeypatch):
    package = tmp_path / "pipeline"
    (package / "content").mkdir(parents=True)
    (package / "content" / "links.py").write_text("A = 1\n")
    monkeypatch.setattr(cache_module, "PACKAGE", package)
    code_version.cache_clear()
    before = code_version()
    (package / "content" / "links.py").write_text("A = 2\n")
    code_version.cache_clear()
    assert code_version() != before
    code_version.cache_clear()


def test_readonly_writes_nothing_and_a_broken_entry_is_a_miss(tmp_path):
    readonly = Cache(tmp_path / "c", readonly=True)
    assert readonly.get_or_make("k", lambda: 1) == 1 and not (tmp_path / "c").exists()
    cache = Cache(tmp_path / "c")
    cache.put("k", 2)
    next((tmp_path / "c").rglob("*/*")).write_bytes(b"\x80truncated")
    assert cache.get("k") is MISSING


def test_a_table_is_written_only_when_its_keys_change(tmp_path):
    cache = Cache(tmp_path)
    assert cache.get_table("t") == {}
    cache.put("t", "not a table")
    assert cache.get_table("t") == {}  # what is not a dict reads as an empty table
    cache.put_table("t", {"a": 1}, {})
    kept = cache.get_table("t")
    assert kept == {"a": 1}
    entry = next(p for p in tmp_path.rglob("*") if p.is_file())
    written = entry.stat().st_ino  # an atomic write replaces the file
    cache.put_table("t", {"a": 1}, kept)  # same keys: nothing written
    assert entry.stat().st_ino == written
    cache.put_table("t", {"b": 2}, kept)
    assert cache.get_table("t") == {"b": 2}
