"""Ranking found issues into leads, and saying why each one was picked. Pure: data in, data out.

Users asked finders for fresh, active issues first, few comments (nobody is half-way through
it), and issues in the libraries they use most; every lead carries that reason in words.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from pipeline.leads.repos import Target

if TYPE_CHECKING:  # the search module loads PyGithub, which a build reading saved leads never needs
    from pipeline.leads.search import FoundIssue


@dataclass(frozen=True)
class Lead:
    """One issue worth a look, with the numbers it was ranked on and the reason in words."""

    repo: str
    number: int
    title: str
    url: str
    labels: tuple[str, ...]
    comments: int
    created_at: datetime
    updated_at: datetime
    score: float
    why: str


def age_days(then: datetime, now: datetime) -> int:
    return max(0, (now - then).days)


def describe_age(days: int) -> str:
    if days == 0:
        return "today"
    return "1 day ago" if days == 1 else f"{days} days ago"


def score(issue: FoundIssue, target: Target, now: datetime) -> float:
    """Freshness and quietness in (0, 1] each, times how much the user relies on the library."""
    freshness = 1.0 / (1.0 + age_days(issue.updated_at, now) / 14.0)
    quietness = 1.0 / (1.0 + issue.comments / 4.0)
    usage = 1.0 + math.log1p(max(0, target.weight))
    return round(freshness * quietness * usage, 6)


def why(issue: FoundIssue, target: Target, now: datetime) -> str:
    """'you import pandas in 7 notebooks; updated 3 days ago; 1 comment'."""
    comments = "no comments yet" if issue.comments == 0 else (
        "1 comment" if issue.comments == 1 else f"{issue.comments} comments")
    return f"{target.why}; updated {describe_age(age_days(issue.updated_at, now))}; {comments}"


def target_for(issue: FoundIssue, targets: dict[tuple[str, str], Target]) -> Target | None:
    """The target that brought this issue in: its repository, else its organisation, else (for a
    repository GitHub renamed or moved, whose search results carry the new name) the one target
    of the query that found it."""
    owner = issue.repo.split("/")[0].lower()
    target = targets.get(("repo", issue.repo.lower())) or targets.get(("org", owner))
    if target is None and len(issue.via) == 1:
        old = next((t for t in targets.values() if t.scope == issue.via[0]), None)
        if old is not None:
            return Target(issue.repo, "repo", f"{old.why} ({old.scope} is now {issue.repo})", old.weight)
    return target


def rank_leads(issues: list[FoundIssue], targets: list[Target], now: datetime, limit: int) -> list[Lead]:
    """Best leads first, at most `limit`, one per issue; ties broken by freshness then name."""
    by_scope = {(t.kind, t.scope.lower()): t for t in targets}
    leads: dict[tuple[str, int], Lead] = {}
    for issue in issues:
        target = target_for(issue, by_scope)
        if target is None:  # not attributable to anything the user asked for: do not show it
            continue
        leads[(issue.repo.lower(), issue.number)] = Lead(
            issue.repo, issue.number, issue.title, issue.url, issue.labels, issue.comments,
            issue.created_at, issue.updated_at, score(issue, target, now), why(issue, target, now))
    ordered = sorted(leads.values(), key=lambda lead: (
        -lead.score, -lead.updated_at.timestamp(), lead.repo.lower(), lead.number))
    return ordered[:limit]
