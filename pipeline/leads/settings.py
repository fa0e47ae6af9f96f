"""Settings of the leads stage: the `[tool.lip.leads]` table of pyproject.toml."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class LeadSettings:
    repos: tuple[str, ...] = ()
    orgs: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    projects: tuple[str, ...] = ()
    help_wanted: bool = False
    updated_within_days: int = 90
    language: str = ""
