"""The one writer of the generated docs folder.

It refuses two sources claiming one output path (two posts with one slug), writes only files
whose bytes changed (so MkDocs and the browser see no churn), removes files no source claims any
more, and writes each file atomically.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath
from typing import Iterable

from pipeline.errors import LipError, OutputConflictError
from pipeline.fsio import atomic_write_bytes
from pipeline.records import OutputFile


def claim_outputs(files: Iterable[OutputFile]) -> tuple[dict[PurePosixPath, OutputFile], list[LipError]]:
    """Index files by output path; a path claimed by two different sources is an error."""
    claimed: dict[PurePosixPath, OutputFile] = {}
    errors: list[LipError] = []
    for file in files:
        key = PurePosixPath(str(file.path).lower())  # case-insensitive file systems collide too
        first = claimed.get(key)
        if first is None:
            claimed[key] = file
        elif first.source != file.source or first.data != file.data:
            errors.append(OutputConflictError(str(file.path), first.source, file.source))
    return {f.path: f for f in claimed.values()}, errors


def sync_folder(folder: Path, files: dict[PurePosixPath, OutputFile]) -> tuple[int, int]:
    """Make `folder` hold exactly `files`; returns (written, removed) counts."""
    written = 0
    for rel, file in files.items():
        target = folder / rel
        if not (target.is_file() and target.read_bytes() == file.data):
            atomic_write_bytes(target, file.data)
            written += 1
    wanted = {folder / rel for rel in files}
    removed = 0
    for path in sorted(folder.rglob("*"), reverse=True) if folder.exists() else ():
        if path.is_file() and path not in wanted:
            path.unlink()
            removed += 1
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    return written, removed
