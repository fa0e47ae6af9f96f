"""Python's cycle collector, run less often while a batch command (`lip build`, `lip decks`) works.

Reading hundreds of notes and notebooks makes millions of objects that live until the command
ends (Markdown token streams, posts, cards, MkDocs pages); by default the collector re-examines
them every 700 new objects. Garbage without reference cycles is still freed at once, and the
threshold is put back when the work ends (`lip serve` keeps its process). Never frees, tracks or
writes anything itself.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from typing import Iterator


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Run the collector about 70 times less often inside the block (measured: it spent 1.1 s of a
    9.5 s cold `lip decks`; 0.28 s of an 8.3 s cold `lip build` of 40 notebooks and 120 notes,
    0.11 s with this). Also a decorator: `@fewer_collections()`."""
    before = gc.get_threshold()
    gc.set_threshold(50_000, *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)
