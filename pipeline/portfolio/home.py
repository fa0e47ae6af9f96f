"""The portfolio's part of the home page: featured projects and the activity calendar.

Reads projects and the stored GitHub answers; writes nothing and never asks GitHub. Flashcards
count on the day of the post that holds them (never from `cards.lock`, which the build itself
rewrites: the home page would change on the second build), counted once per distinct post body
(kept in the build's cache). A project with a problem is simply not featured here (the stage
reports it).
"""

from __future__ import annotations

from datetime import datetime

from pipeline.cache import Cache, digest
from pipeline.decks.cards import extract_cards
from pipeline.portfolio.activity import PHONE_WEEKS, Event, calendar_svg, legend
from pipeline.portfolio.cards import project_cards
from pipeline.portfolio.projects import read_projects
from pipeline.portfolio.store import PortfolioState, read_state
from pipeline.project import Project
from pipeline.records import Post


def activity_events(
    posts: tuple[Post, ...], state: PortfolioState | None, cache: Cache | None = None
) -> list[Event]:
    """Each post or notebook on its date, each of its flashcards too, each merged pull request."""
    events = [Event(p.date.date(), "notebook" if p.kind == "notebook" else "post") for p in posts]
    for post, count in zip(posts, card_counts(posts, cache)):
        events += [Event(post.date.date(), "card")] * count
    events += [Event(c.merged_at.date(), "pull request") for c in (state.contributions if state else ())]
    return events


COUNTS_KEY = digest("card-counts")  # one entry, body digest -> cards, for the posts of the last build


def card_counts(posts: tuple[Post, ...], cache: Cache | None = None) -> list[int]:
    """How many flashcards each post holds (the decks stage reports their errors); a body counted
    by the last build is read from `cache` (one entry for all, written only when a body changed)."""
    kept = cache.get_table(COUNTS_KEY) if cache is not None else {}
    keys = [digest(post.body) for post in posts]
    counts = {key: kept[key] if key in kept else _count(post) for key, post in zip(keys, posts)}
    if cache is not None:
        cache.put_table(COUNTS_KEY, counts, kept)
    return [counts[key] for key in keys]


def _count(post: Post) -> int:
    return len(extract_cards(post.body, post.source, post.body_line)[0])


def home_showcase(
    project: Project, posts: tuple[Post, ...], now: datetime, cache: Cache | None = None
) -> tuple[str, str]:
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
    events = activity_events(posts, state, cache)
    svg = calendar_svg(events, now.date()) + calendar_svg(events, now.date(), PHONE_WEEKS)
    return cards, "\n".join(["## Activity", "", f'<div class="lip-activity-wrap">{svg}{legend()}</div>', ""])
