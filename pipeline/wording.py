"""How lip counts things in what it prints: "1 post", "3 posts", "0 problems". Pure, no I/O."""

from __future__ import annotations


def counted(count: int, noun: str, plural: str = "") -> str:
    """`count` and `noun`, in the plural unless `count` is exactly 1 (`plural` for irregular nouns)."""
    return f"{count} {noun if count == 1 else plural or noun + 's'}"
