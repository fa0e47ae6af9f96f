"""What `lip portfolio update` learned from GitHub, kept in `.lip/state/portfolio.json`.

Builds read it and never ask GitHub. Written atomically; a damaged or older-format file reads as
nothing stored yet, never as an error. The token is never part of it. GitHub's text is stored as
GitHub sent it: the pages escape it.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path

from pipeline.fsio import atomic_write_text, read_text
from pipeline.leads.state import _iso  # datetimes as ISO text, as the leads state writes them

VERSION = 1


@dataclass(frozen=True)
class RepoFigures:
    """The live figures of one repository, as of the last update."""

    repo: str  # owner/name as GitHub spells it
    stars: int
    language: str
    pushed_at: datetime | None
    url: str
    description: str = ""


@dataclass(frozen=True)
class Contribution:
    """One merged pull request of the user's in someone else's repository."""

    repo: str
    number: int
    title: str
    url: str
    merged_at: datetime
    fixes_lead: str = ""  # the URL of a `lip leads` lead this pull request closed


@dataclass(frozen=True)
class SeenLead:
    """A lead `lip leads` once showed: remembered so a later fix can be marked as such."""

    repo: str
    number: int
    url: str


@dataclass(frozen=True)
class PortfolioState:
    """One update: whose it is, when, the figures and contributions, and what the user should know."""

    user: str
    fetched_at: datetime
    repos: tuple[RepoFigures, ...] = ()
    contributions: tuple[Contribution, ...] = ()
    leads_seen: tuple[SeenLead, ...] = ()
    notices: tuple[str, ...] = ()
    stopped: str = ""
    requests: int = 0

    def figures(self) -> dict[str, RepoFigures]:
        """Figures by lower-cased owner/name (GitHub names are case-insensitive)."""
        return {r.repo.lower(): r for r in self.repos}


def state_path(state: Path) -> Path:
    return state / "portfolio.json"


def dump_state(data: PortfolioState) -> str:
    return json.dumps({**asdict(data), "version": VERSION}, indent=1, sort_keys=True, default=_iso) + "\n"


def load_state(text: str) -> PortfolioState | None:
    """The state stored in `text`, or None when it is not one this version wrote."""
    try:
        data = json.loads(text)
        if data.pop("version", None) != VERSION:
            return None
        return PortfolioState(
            user=data["user"],
            fetched_at=datetime.fromisoformat(data["fetched_at"]),
            repos=tuple(RepoFigures(**dict(r, pushed_at=_when(r["pushed_at"]))) for r in data["repos"]),
            contributions=tuple(
                Contribution(**dict(c, merged_at=_when(c["merged_at"]))) for c in data["contributions"]
            ),
            leads_seen=tuple(SeenLead(**s) for s in data["leads_seen"]),
            notices=tuple(data["notices"]),
            stopped=data["stopped"],
            requests=data["requests"],
        )
    except (ValueError, TypeError, KeyError, AttributeError):
        return None


def _when(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def read_state(state: Path) -> PortfolioState | None:
    text = read_text(state_path(state))
    return None if text is None else load_state(text)


def write_state(state: Path, data: PortfolioState) -> None:
    atomic_write_text(state_path(state), dump_state(data))
