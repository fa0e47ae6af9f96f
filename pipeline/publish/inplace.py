"""One MkDocs build into a folder that already holds the last build: write only what changed.

MkDocs empties the site folder and writes every page and copies every static file on every
build. `lip serve` builds into the folder it serves again and again, so during `in_place`
MkDocs' own `write_file`, `copy_file` and `clean_directory` are replaced: a file that already
holds the bytes it would get is left as it is (compared byte for byte, never by date or size
alone), and the folder is not emptied. After a build that succeeded, every file that was there
before and that the build neither wrote, kept nor touched is removed, and so are the folders that
leaves empty: the folder then holds what a build into an empty folder would write. Hidden entries
at the top of the folder are left alone, as MkDocs leaves them. Only the site folder is touched.
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from typing import Iterator

from mkdocs import utils


@contextmanager
def in_place(site_dir: str) -> Iterator[None]:
    """MkDocs builds inside this block write into `site_dir` only where the bytes change."""
    site_dir = os.path.abspath(site_dir)
    before = _files(site_dir)
    made: set[str] = set()
    originals = utils.write_file, utils.copy_file, utils.clean_directory

    def write_file(content: bytes, output_path: str) -> None:
        made.add(os.path.abspath(output_path))
        if not _holds(output_path, content):
            originals[0](content, output_path)

    def copy_file(source_path: str, output_path: str) -> None:
        if os.path.isdir(output_path):
            output_path = os.path.join(output_path, os.path.basename(source_path))
        made.add(os.path.abspath(output_path))
        if not same_bytes(source_path, output_path):
            originals[1](source_path, output_path)

    def clean_directory(directory: str) -> None:
        if os.path.abspath(directory) != site_dir:
            originals[2](directory)

    utils.write_file, utils.copy_file, utils.clean_directory = write_file, copy_file, clean_directory
    try:
        yield
    finally:
        utils.write_file, utils.copy_file, utils.clean_directory = originals
    _remove_stale(site_dir, before, made)


def _files(site_dir: str) -> dict[str, int]:
    """Every file under `site_dir` (hidden top-level entries aside) and its modification time."""
    found: dict[str, int] = {}
    for folder, dirs, names in os.walk(site_dir):
        if folder == site_dir:
            dirs[:] = [d for d in dirs if not d.startswith(".")]
            names = [n for n in names if not n.startswith(".")]
        for name in names:
            path = os.path.join(folder, name)
            found[path] = os.lstat(path).st_mtime_ns
    return found


def _remove_stale(site_dir: str, before: dict[str, int], made: set[str]) -> None:
    """Remove what the last build left and this one did not make (nor write some other way)."""
    for path, mtime in before.items():
        if path in made:
            continue
        try:
            if os.lstat(path).st_mtime_ns != mtime:
                continue  # written during this build by a writer of its own (a gzip, a plugin)
            os.unlink(path)
        except FileNotFoundError:
            continue
        folder = os.path.dirname(path)
        while folder != site_dir and not os.listdir(folder):
            os.rmdir(folder)
            folder = os.path.dirname(folder)


def _holds(path: str, content: bytes) -> bool:
    try:
        if os.path.getsize(path) != len(content):
            return False
        with open(path, "rb") as file:
            return file.read() == content
    except OSError:
        return False


def same_bytes(path: str, other: str) -> bool:
    """True when both files exist and hold the same bytes."""
    try:
        if os.path.getsize(path) != os.path.getsize(other):
            return False
        with open(path, "rb") as one, open(other, "rb") as two:
            while True:
                block = one.read(1 << 20)
                if block != two.read(1 << 20):
                    return False
                if not block:
                    return True
    except OSError:
        return False
