"""Settings of the portfolio stage: the `[tool.lip.portfolio]` table of pyproject.toml.

The GitHub user itself is `[tool.lip] github_user` (else the owner in `repo_url`).
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.cheatsheets.settings import PAPERS


@dataclass(frozen=True)
class PortfolioSettings:
    paper: str = "A4"  # the résumé PDF: A4 or Letter
    max_contributions: int = 200  # merged pull requests read from GitHub's search, newest first
    resume_contributions: int = 4  # repositories listed in the résumé's "Open source" section
    max_requests: int = 40  # one update never asks GitHub more often than this
    max_wait_seconds: int = 60  # wait for a rate limit this long at most, else stop with what we have
    previews: bool = True  # 1200x630 share images (Open Graph, Twitter) for posts and projects

    def __post_init__(self) -> None:
        from pipeline.errors import SettingsError

        if self.paper not in PAPERS:
            raise SettingsError(
                f"[tool.lip.portfolio] paper: {self.paper!r} is not one of {', '.join(PAPERS)}"
            )
        for key in ("max_contributions", "max_requests", "resume_contributions"):
            if getattr(self, key) < 1:
                raise SettingsError(f"[tool.lip.portfolio] {key}: must be at least 1")
