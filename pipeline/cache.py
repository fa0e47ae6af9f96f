"""A content-hash cache: the same inputs never get converted twice.

Entries are pickles under `.lip/cache/<namespace>/`, named by the SHA-256 of their inputs and
written atomically. Deleting the folder is always safe: it only costs time.
"""

from __future__ import annotations

import hashlib
import pickle
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, TypeVar

from pipeline.fsio import atomic_write_bytes

T = TypeVar("T")
VERSION = "1"  # bump when a cached record's shape changes


def digest(*parts: bytes | str) -> str:
    """One SHA-256 over several parts, unambiguous about where each part ends."""
    hasher = hashlib.sha256(VERSION.encode())
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        hasher.update(len(data).to_bytes(8, "big"))
        hasher.update(data)
    return hasher.hexdigest()


@dataclass
class Cache:
    folder: Path
    readonly: bool = False  # `lip check` reads caches but never writes them
    hits: int = 0
    misses: int = 0

    def get_or_make(self, key: str, make: Callable[[], T], store: bool = True) -> T:
        """The cached value for `key`, or `make()`'s (kept unless `store` is False)."""
        path = self.folder / key[:2] / key
        if path.is_file():
            try:
                value = pickle.loads(path.read_bytes())
                self.hits += 1
                return value
            except (pickle.UnpicklingError, EOFError, AttributeError, ImportError):
                pass  # a stale or truncated entry is just a miss
        value = make()
        self.misses += 1
        if store and not self.readonly:
            atomic_write_bytes(path, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
        return value

    def __contains__(self, key: str) -> bool:
        return (self.folder / key[:2] / key).is_file()


def cached_value(cache: Cache, key: str) -> Any:
    return pickle.loads((cache.folder / key[:2] / key).read_bytes())
