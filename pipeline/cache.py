"""The one cache: the same inputs, with the same code, are never converted twice.

Entries are pickles under `.lip/cache/<namespace>/`, named by the SHA-256 of their key (built by
the caller from content and settings with `digest`) and of `CODE_VERSION` (the package version
and a hash of lip's own sources), so an upgraded or edited `lip` never reuses what an older one
made, even when CI restores the folder by prefix. Stages only call `get_or_make`, `get` and
`put` (and `get_table`/`put_table` for many small answers kept in one entry): none knows the
folder layout. Deleting the folder is always safe: it only costs time.
`readonly` caches (`lip check`) read but never write.
"""

from __future__ import annotations

import hashlib
from concurrent.futures import ThreadPoolExecutor
import pickle
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any, Callable, Mapping, TypeVar

from pipeline.fsio import atomic_write_bytes

T = TypeVar("T")
PACKAGE = Path(__file__).resolve().parent
MISSING = object()


def digest(*parts: bytes | str) -> str:
    """One SHA-256 over several parts, unambiguous about where each part ends."""
    hasher = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        hasher.update(len(data).to_bytes(8, "big"))
        hasher.update(data)
    return hasher.hexdigest()


@lru_cache(maxsize=1)
def code_version() -> str:
    """The package version and a hash of every file of the `pipeline` package (code, templates,
    stylesheets, scripts): what made an entry is part of its key."""
    try:
        version = metadata.version("learn-in-public")
    except metadata.PackageNotFoundError:
        version = "unknown"
    files = sorted(p for p in PACKAGE.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    return digest(version, *(f"{p.relative_to(PACKAGE).as_posix()}\0" for p in files),
                  *(p.read_bytes() for p in files))


@dataclass
class Cache:
    folder: Path
    readonly: bool = False  # `lip check` reads caches but never writes them
    versioned: bool = True  # False only for what lip's code cannot change (a notebook's own run)
    hits: int = 0
    misses: int = 0

    def get_or_make(self, key: str, make: Callable[[], T], store: bool = True) -> T:
        """The cached value for `key`, or `make()`'s (kept unless `store` is False)."""
        value = self.get(key)
        if value is not MISSING:
            self.hits += 1
            return value
        value = make()
        self.misses += 1
        if store:
            self.put(key, value)
        return value

    def get(self, key: str) -> Any:
        """The value kept for `key`, or `MISSING` (a stale or truncated entry is missing too)."""
        path = self._path(key)
        try:
            return pickle.loads(path.read_bytes())
        except (FileNotFoundError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError,
                ValueError):
            return MISSING

    def put(self, key: str, value: Any) -> None:
        if not self.readonly:
            atomic_write_bytes(self._path(key), pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))

    def get_table(self, key: str) -> dict:
        """The table (a dict) kept under `key` as one entry, or an empty one."""
        value = self.get(key)
        return value if isinstance(value, dict) else {}

    def put_table(self, key: str, table: dict, kept: dict) -> None:
        """Keep `table` under `key` unless it has the same keys as `kept` (the table read): each
        value is a function of its key, so the same keys are the same table, and nothing is written."""
        if table.keys() != kept.keys():
            self.put(key, table)

    def put_many(self, entries: Mapping[str, Any]) -> None:
        """Keep many entries at once: each write waits on the disk (fsync), so several run together."""
        with ThreadPoolExecutor(max_workers=8) as pool:
            list(pool.map(lambda item: self.put(*item), entries.items()))

    def __contains__(self, key: str) -> bool:
        return self._path(key).is_file()

    def _path(self, key: str) -> Path:
        name = digest(code_version(), key) if self.versioned else key
        return self.folder / name[:2] / name
