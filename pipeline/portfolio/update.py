"""`lip portfolio update`: read the projects, ask GitHub, keep the answers in the state folder.

Reads and validates every project first (a bad one stops the update before any request), then
asks GitHub, then writes one state file. A repository GitHub does not know is reported and its
last known figures are kept; a rate limit keeps what was fetched and the rest of the last update.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Callable

from github import Github

from pipeline.errors import ProblemsError, SettingsError
from pipeline.leads.search import client
from pipeline.leads.state import read_run
from pipeline.portfolio.github import Fetcher, MergedPull, Stopped, closed_leads
from pipeline.portfolio.projects import read_projects
from pipeline.portfolio.store import PortfolioState, RepoFigures, SeenLead, read_state, write_state
from pipeline.project import Project


def github_user(project: Project) -> str:
    user = project.settings().github_login
    if not user:
        raise SettingsError(
            f"{project.pyproject}: set [tool.lip] github_user (or a github.com repo_url) "
            "so lip knows whose pull requests to show"
        )
    return user


def update_portfolio(
    project: Project,
    now: datetime,
    make_client: Callable[[], Github] = client,
    fetcher: Fetcher | None = None,
) -> PortfolioState:
    """Fetch figures and merged pull requests, store them, and return what was stored."""
    settings = project.settings()
    user = github_user(project)
    projects, errors = read_projects(project.content)
    if errors:
        raise ProblemsError(errors)
    last = read_state(project.state)
    seen = remember_leads(last, project)
    fetcher = fetcher or Fetcher(make_client(), settings.portfolio)
    pulls, figures, notices, stopped = [], {}, [], ""
    try:
        pulls = fetcher.merged_pulls(user)
        wanted = dict.fromkeys([p.repo for p in projects if p.repo] + [p.contribution.repo for p in pulls])
        for name in wanted:
            found = fetcher.repository(name)
            if found is None:
                notices.append(f"{name}: GitHub has no such repository (404); kept its last figures")
            figures[name.lower()] = found
    except Stopped as stop:
        stopped = str(stop)
    state = PortfolioState(
        user=user,
        fetched_at=now,
        leads_seen=seen,
        notices=tuple(notices),
        stopped=stopped,
        requests=fetcher.requests,
    )
    state = merge_with_last(state, last, figures, [mark(p, seen) for p in pulls])
    write_state(project.state, state)
    return state


def remember_leads(last: PortfolioState | None, project: Project) -> tuple[SeenLead, ...]:
    """Leads shown before, plus those of the last `lip leads` run."""
    known = {(s.repo.lower(), s.number): s for s in (last.leads_seen if last else ())}
    run = read_run(project.state)
    for lead in run.leads if run else ():
        known.setdefault((lead.repo.lower(), lead.number), SeenLead(lead.repo, lead.number, lead.url))
    return tuple(sorted(known.values(), key=lambda s: (s.repo.lower(), s.number)))


def mark(pull: MergedPull, seen: tuple[SeenLead, ...]):
    return replace(pull.contribution, fixes_lead=closed_leads(pull, seen))


def merge_with_last(
    state: PortfolioState,
    last: PortfolioState | None,
    figures: dict[str, RepoFigures | None],
    contributions: list,
) -> PortfolioState:
    """New answers win; what this update could not fetch (404, rate limit) keeps its last value."""
    same_user = last is not None and last.user.lower() == state.user.lower()
    old = last.figures() if same_user else {}
    repos = {**old, **{k: v for k, v in figures.items() if v is not None}}
    if state.stopped and same_user and not contributions:
        contributions = list(last.contributions)
    return replace(
        state,
        repos=tuple(sorted(repos.values(), key=lambda r: r.repo.lower())),
        contributions=tuple(contributions),
    )
