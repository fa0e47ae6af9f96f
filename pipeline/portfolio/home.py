"""The portfolio's part of the home page: featured projects and the activity calendar.

Reads projects, the stored GitHub answers and `content/cards.lock`; writes nothing and never asks
GitHub. A project with a problem is simply not featured here (the stage reports it).
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from pipeline.decks.lock import read_lock
from pipeline.errors import LipError
from pipeline.portfolio.activity import PHONE_WEEKS, Event, calendar_svg, legend
from pipeline.portfolio.cards import project_cards
from pipeline.portfolio.projects import read_projects
from pipeline.portfolio.store import PortfolioState, read_state
from pipeline.project import Project
from pipeline.records import Post


def activity_events(
    posts: tuple[Post, ...], card_times: list[int], state: PortfolioState | None
) -> list[Event]:
    events = [Event(p.date.date(), "notebook" if p.kind == "notebook" else "post") for p in posts]
    events += [Event(datetime.fromtimestamp(t, timezone.utc).date(), "card") for t in card_times if t > 0]
    events += [Event(c.merged_at.date(), "pull request") for c in (state.contributions if state else ())]
    return events


def card_times(content: Path) -> list[int]:
    """When each flashcard was added or last changed (its note's time in `cards.lock`)."""
    try:
        return [e.mtime for e in read_lock(content / "cards.lock").entries if not e.removed]
    except LipError:
        return []  # the decks stage reports a broken lock


def home_showcase(project: Project, posts: tuple[Post, ...], now: datetime) -> tuple[str, str]:
    """Markdown for the home page: featured projects ('' when none) and the activity calendar."""
    projects, _ = read_projects(project.content)
    state = read_state(project.state)
    featured = [p for p in projects if p.featured]
    cards = ""
    if featured:
        cards = "\n".join(
            [
                "## Featured projects",
                "",
                project_cards(featured, state.figures() if state else {}, now, "projects/", level=3).strip(),
                "",
                "[All projects](projects/index.md) · [Open-source contributions](contributions/index.md) · "
                "[Résumé](resume/index.md)",
                "",
            ]
        )
    events = activity_events(posts, card_times(project.content), state)
    svg = calendar_svg(events, now.date()) + calendar_svg(events, now.date(), PHONE_WEEKS)
    return cards, "\n".join(["## Activity", "", f'<div class="lip-activity-wrap">{svg}{legend()}</div>', ""])
