"""`content/cards.lock`: the committed memory of which Anki GUID each card has.

One JSON object per card line, sorted by source file then GUID, under one comment line that never
changes: two branches that both built merge line by line. It records, per GUID, what identifies
the card (source file, kind, explicit id, its text), a digest of what was last packaged and that
note's modification time; the next build's timestamp is above every mtime in it. Two lines for one
GUID (a union merge) keep the newer. Git conflict markers are a merge to resolve
(`lip decks --resolve` keeps both sides), not corruption. A lock that can't be read is a
`ContentError` naming its line; it is never overwritten.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, fields
from functools import cached_property
from pathlib import Path

from pipeline.errors import ContentError
from pipeline.fsio import atomic_write_text

VERSION = 1  # of the legacy header line `{"version": 1, "last_mtime": N}`, still read
HEADER = ("# learn-in-public card identities, one card per line: commit this file. "
          "After a merge conflict here, run `lip decks --resolve`.")
RESOLVE = "lip decks --resolve"
_MARKERS = ("<<<<<<<", "|||||||", "=======", ">>>>>>>")


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

    @cached_property
    def line(self) -> str:
        """This card's line in the lock (made once: each deck's package ships its cards' lines too)."""
        return _ENCODER.encode({name: getattr(self, name) for name in _NAMES})


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
    lines = [e.line for e in sorted(lock.entries, key=lambda e: (e.source, e.guid))]
    return "\n".join([HEADER, *lines]) + "\n"


def parse_lock(text: str, path: Path, resolve: bool = False) -> Lock:
    """The lock in `text`; a `ContentError` on the first line that isn't what we wrote. Conflict
    markers are an error naming `lip decks --resolve`, or skipped when `resolve` is True."""
    entries: dict[str, LockEntry] = {}
    floor = 0  # the legacy header's last_mtime
    for number, line in enumerate(text.split("\n"), start=1):  # not splitlines: cards may hold U+2028
        if line.startswith(_MARKERS):
            if resolve:
                continue
            raise ContentError(path, f"unresolved merge conflict (git left '{line[:7]}' here): run "
                               f"`{RESOLVE}` to keep both sides' cards, then commit the file", number)
        if not line.strip() or line.startswith("#"):
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ContentError(path, f"corrupt lock file ({exc.msg}); fix or restore it from git", number) from None
        if isinstance(data, dict) and "version" in data:
            floor = max(floor, _header(data, path, number))
            continue
        entry = _entry(data, path, number)
        if entry.guid not in entries or entries[entry.guid].mtime < entry.mtime:
            entries[entry.guid] = entry
    last = max([floor, *(max(e.mtime, e.removed) for e in entries.values())])
    return Lock(tuple(entries.values()), last)


def read_lock(path: Path, resolve: bool = False) -> Lock:
    """The lock at `path`, or an empty one when there is none yet."""
    if not path.exists():
        return Lock()
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ContentError(path, "corrupt lock file (not UTF-8); fix or restore it from git", 1) from None
    return parse_lock(text, path, resolve) if text.strip() else Lock()


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
