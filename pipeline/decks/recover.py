"""Card identities read back from published decks, for a `cards.lock` that was deleted or lost.

Every .apkg lip writes carries its deck's lock lines as an extra member (`lip-cards.lock`, which
Anki ignores on import). Reading them back gives each card its GUID, text, id and mtime again, so
the next build updates the notes a learner already studies instead of duplicating them. Reads
packages only; never writes.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from pipeline.decks.lock import Lock, parse_lock
from pipeline.decks.package import IDENTITIES
from pipeline.errors import ContentError



def recover_lock(packages: tuple[Path, ...], lock: Lock = Lock(), required: bool = True) -> tuple[Lock, int]:
    """`lock` with the identities of `packages` added (the newer line wins); how many were read.
    A package without identities is an error when `required`, else skipped."""
    entries = {e.guid: e for e in lock.entries}
    found = set()
    for package in packages:
        for entry in package_lock(package, required).entries:
            found.add(entry.guid)
            if entry.guid not in entries or entries[entry.guid].mtime < entry.mtime:
                entries[entry.guid] = entry
    merged = Lock(tuple(entries.values()), max([lock.last_mtime, *(e.mtime for e in entries.values())]))
    return merged, len(found)


def package_lock(path: Path, required: bool = True) -> Lock:
    """The lock lines inside one package; none is a `ContentError` naming it when `required`."""
    try:
        with zipfile.ZipFile(path) as package:
            text = package.read(IDENTITIES).decode("utf-8")
    except KeyError:
        if not required:
            return Lock()
        raise ContentError(path, "no card identities in this package (made by another tool or an older lip)",
                           1) from None
    except (OSError, zipfile.BadZipFile, UnicodeDecodeError) as exc:
        raise ContentError(path, f"not a readable .apkg ({exc})", 1) from None
    return parse_lock(text, path)


def published_packages(folders: tuple[Path, ...]) -> tuple[Path, ...]:
    """The .apkg files of `folders` (the site's decks, `lip decks` output): the newest line wins."""
    return tuple(package for folder in folders for package in sorted(folder.glob("*.apkg")))
