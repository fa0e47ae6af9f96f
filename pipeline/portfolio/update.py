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
from pipeline.portfolio.store import (
    Contribution,
    PortfolioState,
    RepoFigures,
    SeenLead,
    read_state,
    write_state,
)
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
) -> PortfolioState:
    """Fetch figures and merged pull requests, store them, and return what was stored."""
    settings = project.settings()
    user = github_user(project)
    projects, errors = read_projects(project.content)
    if errors:
        raise ProblemsError(errors)
    last = read_state(project.state)
    seen = remember_leads(last, project)
    fetcher = Fetcher(make_client(), settings.portfolio)
    pulls, figures, stopped = fetch(fetcher, user, [p.repo for p in projects if p.repo])
    known = last.figures() if last else {}
    notices = tuple(
        f"{name}: GitHub has no such repository (404); "
        + ("kept its last figures" if name in known else "no figures to show")
        for name, found in figures.items()
        if found is None
    )
    state = PortfolioState(
        user, now, leads_seen=seen, notices=notices, stopped=stopped, requests=fetcher.requests
    )
    state = merge_with_last(state, last, figures, [mark(p, seen) for p in pulls])
    write_state(project.state, state)
    return state


def fetch(
    fetcher: Fetcher, user: str, project_repos: list[str]
) -> tuple[list[MergedPull], dict[str, RepoFigures | None], str]:
    """The merged pull requests, then the figures of every repository they and the projects name
    (None for a 404), and why the update stopped early ('' when it did not)."""
    pulls: list[MergedPull] = []
    figures: dict[str, RepoFigures | None] = {}
    try:
        pulls = fetcher.merged_pulls(user)
        for name in dict.fromkeys(project_repos + [p.contribution.repo for p in pulls]):
            figures[name.lower()] = fetcher.repository(name)
    except Stopped as stop:
        return pulls, figures, str(stop)
    return pulls, figures, ""


def remember_leads(last: PortfolioState | None, project: Project) -> tuple[SeenLead, ...]:
    """Leads shown before, plus those of the last `lip leads` run."""
    known = {(s.repo.lower(), s.number): s for s in (last.leads_seen if last else ())}
    run = read_run(project.state)
    for lead in run.leads if run else ():
        known.setdefault((lead.repo.lower(), lead.number), SeenLead(lead.repo, lead.number, lead.url))
    return tuple(sorted(known.values(), key=lambda s: (s.repo.lower(), s.number)))


def mark(pull: MergedPull, seen: tuple[SeenLead, ...]) -> Contribution:
    return replace(pull.contribution, fixes_lead=closed_leads(pull, seen))


def merge_with_last(
    state: PortfolioState,
    last: PortfolioState | None,
    figures: dict[str, RepoFigures | None],
    contributions: list[Contribution],
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
