from pathlib import Path, PurePosixPath

from pipeline.errors import OutputConflictError
from pipeline.records import OutputFile
from pipeline.writer import claim_outputs, sync_folder


def f(path: str, data: bytes, source: str) -> OutputFile:
    return OutputFile(PurePosixPath(path), data, source)


def test_two_sources_claiming_one_path_is_an_error_naming_both():
    files, errors = claim_outputs([f("blog/posts/a.md", b"1", "one.md"), f("blog/posts/A.md", b"2", "two.md")])
    assert len(errors) == 1 and isinstance(errors[0], OutputConflictError)
    assert str(errors[0]) == "one.md and two.md would both write blog/posts/A.md"


def test_the_same_file_twice_from_one_source_is_fine():
    files, errors = claim_outputs([f("a.png", b"x", "nb"), f("a.png", b"x", "nb")])
    assert errors == [] and list(files) == [PurePosixPath("a.png")]


def test_sync_writes_only_changes_and_removes_stale_files(tmp_path: Path):
    files, _ = claim_outputs([f("a/b.md", b"B", "s"), f("c.md", b"C", "s")])
    assert sync_folder(tmp_path, files) == (2, 0)
    stamp = (tmp_path / "a/b.md").stat().st_mtime_ns
    assert sync_folder(tmp_path, files) == (0, 0)
    assert (tmp_path / "a/b.md").stat().st_mtime_ns == stamp
    files, _ = claim_outputs([f("c.md", b"C2", "s")])
    assert sync_folder(tmp_path, files) == (1, 1)
    assert not (tmp_path / "a").exists() and (tmp_path / "c.md").read_bytes() == b"C2"
