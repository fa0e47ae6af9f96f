"""Settings of the cheatsheets stage: the `[tool.lip.cheatsheets]` table of pyproject.toml."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CheatsheetSettings:
    paper: str = "A4"
    landscape: bool = True
