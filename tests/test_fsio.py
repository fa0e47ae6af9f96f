"""Atomic writes keep the user's umask: 0644 files, not mkstemp's 0600; replaced files keep their mode."""

import os
import stat
from pathlib import Path

import pytest

from pipeline.fsio import atomic_write_bytes, atomic_write_text, read_text


@pytest.fixture
def umask_022():
    old = os.umask(0o022)
    yield
    os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_new_files_are_0644_and_folders_0755_under_umask_022(tmp_path, umask_022):
    target = tmp_path / "new/deeper/file.txt"
    atomic_write_text(target, "hi")
    assert target.read_text() == "hi"
    assert mode(target) == 0o644 and mode(target.parent) == 0o755
    assert [p.name for p in target.parent.iterdir()] == ["file.txt"]  # no temporary left


def test_a_stricter_umask_is_respected(tmp_path):
    old = os.umask(0o077)
    try:
        atomic_write_bytes(tmp_path / "secret", b"x")
    finally:
        os.umask(old)
    assert mode(tmp_path / "secret") == 0o600


def test_a_replaced_file_keeps_its_mode(tmp_path, umask_022):
    script = tmp_path / "run.sh"
    script.write_text("old")
    script.chmod(0o755)
    atomic_write_text(script, "new")
    assert script.read_text() == "new" and mode(script) == 0o755


def test_folder_mode_undoes_mkdtemp_0700(tmp_path, umask_022):
    import tempfile

    from pipeline.fsio import folder_mode

    folder = Path(tempfile.mkdtemp(dir=tmp_path))
    assert mode(folder) == 0o700
    folder_mode(folder)
    assert mode(folder) == 0o755


def test_a_new_site_scaffold_is_0644_and_0755(tmp_path, umask_022):
    """Before: every file `lip init` wrote was 0600."""
    from pipeline.scaffold.init import init_site

    written = init_site(tmp_path / "site")
    assert written and all(mode(path) == 0o644 for path in written)
    assert all(mode(folder) == 0o755 for folder in (tmp_path / "site").rglob("*") if folder.is_dir())


def test_read_text_is_the_text_or_none_when_missing_or_not_utf8(tmp_path: Path):
    (tmp_path / "ok.json").write_text('{"a": "é"}', encoding="utf-8")
    (tmp_path / "latin.txt").write_bytes("é".encode("latin-1"))
    assert read_text(tmp_path / "ok.json") == '{"a": "é"}'
    assert read_text(tmp_path / "latin.txt") is None
    assert read_text(tmp_path / "missing") is None
    assert read_text(tmp_path) is None  # a folder: unreadable as a file
