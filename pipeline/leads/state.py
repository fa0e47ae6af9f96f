"""The last run of `lip leads`, kept in `.lip/state/leads.json` for the site and for the cache.

Written atomically; a damaged or older-format file is treated as no run at all, never as an
error. The token is never part of it.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from pipeline.fsio import atomic_write_text, read_text
from pipeline.leads.rank import Lead

VERSION = 1


@dataclass(frozen=True)
class LeadsRun:
    """One run: the ranked leads, how they were found, and what the user should know."""

    leads: tuple[Lead, ...]
    fetched_at: datetime
    key: str = ""
    requests: int = 0
    notices: tuple[str, ...] = ()
    stopped: str = ""
    incomplete: bool = False  # GitHub said `incomplete_results` for some query
    libraries: int = 0
    unmapped: tuple[str, ...] = ()
    pypi: dict[str, str | None] = field(default_factory=dict)
    from_cache: bool = False

    @property
    def complete(self) -> bool:
        """Every query was answered, in full."""
        return not self.stopped and not self.incomplete

    def is_fresh(self, key: str, now: datetime, minutes: int) -> bool:
        """Reusable instead of searching: same question, asked recently, and answered in full
        (a run stopped by a rate limit is retried, which costs one refused request at most)."""
        return (self.complete and self.key == key
                and timedelta(0) <= now - self.fetched_at < timedelta(minutes=minutes))


def state_path(state: Path) -> Path:
    return state / "leads.json"


def dump_run(run: LeadsRun) -> str:
    data = asdict(run)
    data.pop("from_cache")
    data["version"] = VERSION
    return json.dumps(data, indent=1, sort_keys=True, default=_iso) + "\n"


def _iso(value: object) -> str:
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(type(value).__name__)


def load_run(text: str) -> LeadsRun | None:
    """The run stored in `text`, or None when it is not one this version wrote."""
    try:
        data = json.loads(text)
        if data.pop("version", None) != VERSION:
            return None
        leads = tuple(_lead(item) for item in data.pop("leads"))
        return LeadsRun(leads=leads, fetched_at=datetime.fromisoformat(data.pop("fetched_at")),
                        notices=tuple(data.pop("notices")), unmapped=tuple(data.pop("unmapped")), **data)
    except (ValueError, TypeError, KeyError, AttributeError):
        return None


def _lead(item: dict) -> Lead:
    item = dict(item, labels=tuple(item["labels"]))
    for key in ("created_at", "updated_at"):
        item[key] = datetime.fromisoformat(item[key])
    return Lead(**item)


def read_run(state: Path) -> LeadsRun | None:
    text = read_text(state_path(state))
    return None if text is None else load_run(text)


def write_run(state: Path, run: LeadsRun) -> None:
    atomic_write_text(state_path(state), dump_run(run))
