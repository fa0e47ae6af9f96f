"""What the owner should know about site pages that show visitors an empty state (for `lip doctor`).

Visitors never see the owner's instructions: a stage whose page can be empty (the Digest, the
Leads) says here what to run, through its own `<name>_status(project)` function. Until a stage
exports one, a fallback reads the same state it would. Reads files only; never writes.
"""

from __future__ import annotations

import importlib
from typing import Callable

from pipeline.errors import LipError
from pipeline.project import Project

def page_notes(project: Project) -> tuple[str, ...]:
    """One line per page that visitors see empty, saying what the owner can do about it."""
    notes = []
    for module, name, fallback in _STATUS:
        status: Callable[[Project], str | None] = getattr(importlib.import_module(module), name, fallback)
        try:
            note = status(project)
        except LipError as exc:  # unreadable settings or state: doctor reports settings already
            note = f"{name.removesuffix('_status')}: {exc}"
        if note:
            notes.append(note)
    return tuple(notes)


def _digest_fallback(project: Project) -> str | None:
    folder = project.content / project.settings().feeds.digests
    if any(folder.glob("*.json")):
        return None
    return "the Digest page is empty: run `lip follow URL`, `lip feeds update` and `lip digest`"


def _leads_fallback(project: Project) -> str | None:
    from pipeline.leads.state import state_path

    if state_path(project.state).is_file():
        return None
    return ("the Leads page is empty: run `lip leads` (set GITHUB_TOKEN for higher rate limits), "
            "then `lip build`")


# (module, status function, fallback): the fallback is used while the stage has no such function.
_STATUS = (
    ("pipeline.feeds.site", "digest_status", _digest_fallback),
    ("pipeline.leads.site", "leads_status", _leads_fallback),
)
