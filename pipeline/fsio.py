"""Atomic file writes: a reader never sees a half-written file, an interrupted write leaves the
old one in place. New files and folders get the modes the user's umask gives (0644 and 0755
under the usual 022), never the 0600/0700 of a temporary file; a replaced file keeps its mode.
And the one lenient read: a file's text, or None when it is missing or unreadable."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def umask() -> int:
    """The process's umask (read by setting it and putting it back)."""
    current = os.umask(0o022)
    os.umask(current)
    return current


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file in the same folder and `os.replace`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        mode = path.stat().st_mode & 0o7777
    except FileNotFoundError:
        mode = 0o666 & ~umask()
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fchmod(handle.fileno(), mode)
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def atomic_write_text(path: Path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


def read_text(path: Path) -> str | None:
    """`path`'s UTF-8 text, or None when it is missing, unreadable or not UTF-8 text."""
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def folder_mode(folder: Path) -> None:
    """Give `folder` the umask's folder mode (one made by `mkdtemp` and renamed into place is 0700)."""
    folder.chmod(0o777 & ~umask())
