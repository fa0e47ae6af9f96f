"""`content/cards.lock`: the committed memory of which Anki GUID each card has.

One JSON object per line (diff-friendly in commits). It records, per GUID, what identifies the
card (source file, kind, explicit id, its text), a digest of what was last packaged and that
note's modification time, plus the last timestamp handed out so the next build's is strictly
greater. A lock that can't be read is a `ContentError` naming its line; it is never overwritten.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, fields
from pathlib import Path

from pipeline.errors import ContentError
from pipeline.fsio import atomic_write_text

VERSION = 1
HEADER = "# learn-in-public card identities: commit this file; `lip decks` and `lip build` update it."


@dataclass(frozen=True)
class LockEntry:
    guid: str
    source: str  # path below content/, POSIX
    kind: str
    deck: str
    front: str
    back: str = ""
    id: str = ""
    digest: str = ""  # what was last packaged; unchanged digest keeps the mtime
    mtime: int = 0
    removed: int = 0  # when the card disappeared from the notes (0: still there)


@dataclass(frozen=True)
class Lock:
    entries: tuple[LockEntry, ...] = ()
    last_mtime: int = 0

    def by_guid(self) -> dict[str, LockEntry]:
        return {entry.guid: entry for entry in self.entries}


_FIELDS = {f.name: f.type for f in fields(LockEntry)}
_NAMES = sorted(_FIELDS)
_TYPES = {name: {"str": str, "int": int}[kind] for name, kind in _FIELDS.items()}
_ENCODER = json.JSONEncoder(ensure_ascii=False)  # one encoder: json.dumps(..., kwargs) builds one per call


def dump_lock(lock: Lock) -> str:
    head = json.dumps({"version": VERSION, "last_mtime": lock.last_mtime})
    lines = [_ENCODER.encode({name: getattr(e, name) for name in _NAMES})
             for e in sorted(lock.entries, key=lambda e: (e.source, e.guid))]
    return "\n".join([HEADER, head, *lines]) + "\n"


def parse_lock(text: str, path: Path) -> Lock:
    """The lock in `text`; a `ContentError` on the first line that isn't what we wrote."""
    entries, header = [], None
    for number, line in enumerate(text.split("\n"), start=1):  # not splitlines: cards may hold U+2028
        if not line.strip() or line.startswith("#"):
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ContentError(path, f"corrupt lock file ({exc.msg}); fix or restore it from git", number) from None
        if header is None:
            header = _header(data, path, number)
        else:
            entries.append(_entry(data, path, number))
    if header is None:
        raise ContentError(path, "corrupt lock file (no header line); fix or restore it from git", 1)
    return Lock(tuple(entries), header)


def read_lock(path: Path) -> Lock:
    """The lock at `path`, or an empty one when there is none yet."""
    if not path.exists():
        return Lock()
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ContentError(path, "corrupt lock file (not UTF-8); fix or restore it from git", 1) from None
    return parse_lock(text, path) if text.strip() else Lock()


def write_lock(path: Path, lock: Lock) -> bool:
    """Write the lock atomically; only when it changed. True when it was written."""
    text = dump_lock(lock)
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return False
    atomic_write_text(path, text)
    return True


def _header(data: object, path: Path, number: int) -> int:
    if not isinstance(data, dict) or data.get("version") != VERSION or not isinstance(data.get("last_mtime"), int):
        raise ContentError(path, f"corrupt lock file (expected a version {VERSION} header); fix or restore it from git",
                           number)
    return data["last_mtime"]


def _entry(data: object, path: Path, number: int) -> LockEntry:
    if not isinstance(data, dict) or not {"guid", "source", "kind", "deck", "front"} <= data.keys():
        raise ContentError(path, "corrupt lock file (a card line lacks guid/source/kind/deck/front); "
                           "fix or restore it from git", number)
    for key, value in data.items():
        if type(value) is not _TYPES.get(key):  # `is`, not isinstance: a bool is no mtime
            raise ContentError(path, f"corrupt lock file (bad key {key!r}); fix or restore it from git", number)
    return LockEntry(**data)
