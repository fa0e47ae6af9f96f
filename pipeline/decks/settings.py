"""Settings of the decks stage: the `[tool.lip.decks]` table of pyproject.toml."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DeckSettings:
    default_deck: str = "Learn in public"
    lock_file: str = "cards.lock"
