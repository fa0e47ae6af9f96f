"""Settings of the decks stage: the `[tool.lip.decks]` table of pyproject.toml."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DeckSettings:
    default_deck: str = "Learn in public"  # for posts with no `deck:` and no topic folder
    lock_file: str = "cards.lock"  # below content/; commit it
    output: str = "build/anki"  # where `lip decks` writes .apkg files (relative to the project)
    removed_days: int = 30  # removed cards ship tagged `lip::removed` this long, so re-imports mark them
