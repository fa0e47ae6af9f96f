"""Settings of the leads stage: the `[tool.lip.leads]` table of pyproject.toml."""

from __future__ import annotations

from dataclasses import dataclass, field

BEGINNER_LABELS = (
    "good first issue", "good-first-issue", "beginner", "beginner-friendly", "easy",
    "first-timers-only", "starter", "low-hanging-fruit", "up-for-grabs",
)


@dataclass(frozen=True)
class LeadSettings:
    """Where repositories come from, what counts as a lead, and how hard to ask GitHub.

    `packages` adds or overrides the bundled import -> repository table
    (`{ mylib = "me/mylib" }`); an empty value (`{ utils = "" }`) ignores that import.
    `projects` are folders (relative to the site repository) whose requirements*.txt and
    pyproject.toml name more packages.
    """

    repos: tuple[str, ...] = ()
    orgs: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    projects: tuple[str, ...] = ()
    packages: dict[str, str] = field(default_factory=dict)
    labels: tuple[str, ...] = BEGINNER_LABELS
    help_wanted: bool = False
    updated_within_days: int = 90
    language: str = ""
    pypi_lookup: bool = False
    pypi_url: str = "https://pypi.org"
    cache_minutes: int = 60
    max_requests: int = 25
    max_wait_seconds: int = 60
    results_per_query: int = 100
    repos_per_topic: int = 5
    max_leads: int = 60
