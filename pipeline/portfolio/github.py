"""Asking GitHub, through PyGitHub, for repository figures and the user's merged pull requests.

The only module of the portfolio stage that talks to GitHub. It reuses the leads stage's client
(`GITHUB_TOKEN` optional, `GITHUB_API_URL` honoured) and its request budget and rate-limit
handling (`Searcher`): a short rate limit is waited out, a long one stops the update with what
it has. A repository GitHub does not know (404) is a notice for that repository, not a failure.
It never prints, logs or stores the token.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from typing import Any, Callable

import requests
from github import Github, GithubException

from pipeline.errors import GitHubError
from pipeline.leads.search import Searcher, _aware, _message, _Stop, api_url, repo_of
from pipeline.leads.settings import LeadSettings
from pipeline.portfolio.settings import PortfolioSettings
from pipeline.portfolio.store import Contribution, RepoFigures, SeenLead

_CLOSES = re.compile(r"\b(?:close[sd]?|fix(?:e[sd])?|resolve[sd]?)\b:?\s+(\S+)", re.IGNORECASE)


class Stopped(Exception):
    """GitHub's rate limit or the request budget ended the update early; the message says why."""


@dataclass(frozen=True)
class MergedPull:
    """A merged pull request from the search answer, with its description for closing keywords."""

    contribution: Contribution
    body: str


class Fetcher:
    """Requests against one PyGitHub client, counted within `max_requests`."""

    def __init__(
        self,
        gh: Github,
        settings: PortfolioSettings,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.time,
    ) -> None:
        budget = LeadSettings(max_requests=settings.max_requests, max_wait_seconds=settings.max_wait_seconds)
        self.gh, self.settings = gh, settings
        self._searcher = Searcher(gh, budget, sleep=sleep, clock=clock)

    @property
    def requests(self) -> int:
        return self._searcher.log.requests

    def _request(self, fetch: Callable[[], Any]) -> Any:
        try:
            return self._searcher._request(fetch)
        except _Stop as stop:
            raise Stopped(str(stop)) from None
        except requests.RequestException as exc:
            raise GitHubError(f"{api_url()}: cannot reach GitHub ({type(exc).__name__})") from None

    def repository(self, name: str) -> RepoFigures | None:
        """The figures of `name`, or None when GitHub answers 404 (it does not exist or is private)."""
        try:
            repo = self._request(lambda: self.gh.get_repo(name))
        except GithubException as exc:
            if exc.status == 404:
                return None
            raise GitHubError(f"{name}: GitHub answered {exc.status}: {_message(exc)}") from None
        pushed = _aware(repo.pushed_at) if repo.pushed_at else None
        return RepoFigures(
            repo.full_name,
            repo.stargazers_count,
            repo.language or "",
            pushed,
            repo.html_url,
            repo.description or "",
        )

    def merged_pulls(self, user: str) -> list[MergedPull]:
        """The user's merged pull requests in other people's repositories, newest first."""
        results = self.gh.search_issues(
            f"is:pr is:merged author:{user} -user:{user}", sort="updated", order="desc"
        )
        found: list[MergedPull] = []
        try:
            # One page per _grow(): driving it ourselves counts each request and stops at the cap.
            while results._couldGrow() and len(found) < self.settings.max_contributions:
                page = self._request(results._grow)
                found += [
                    _merged(item)
                    for item in page
                    if repo_of(item.repository_url).split("/")[0].lower() != user.lower()
                ]
        except GithubException as exc:
            raise GitHubError(
                f"GitHub answered {exc.status} to the search for {user}'s pull requests: {_message(exc)}"
            ) from None
        found = found[: self.settings.max_contributions]
        return sorted(found, key=lambda p: p.contribution.merged_at, reverse=True)


def _merged(item: Any) -> MergedPull:
    pull = item.pull_request
    merged = (
        (pull.merged_at if pull is not None and pull.merged_at else None) or item.closed_at or item.updated_at
    )
    contribution = Contribution(
        repo_of(item.repository_url), item.number, item.title or "", item.html_url, _aware(merged)
    )
    return MergedPull(contribution, item.body or "")


def closed_leads(pull: MergedPull, leads: tuple[SeenLead, ...]) -> str:
    """The URL of a lead this pull request closes ("Fixes #12", "closes owner/name#12" or the
    issue's URL after a closing keyword), or ''."""
    repo = pull.contribution.repo.lower()
    for target in _CLOSES.findall(pull.body):
        for lead in leads:
            same_repo = lead.repo.lower() == repo
            if (same_repo and target.rstrip(".,;)") == f"#{lead.number}") or target.lower().rstrip(
                ".,;)"
            ) in (f"{lead.repo.lower()}#{lead.number}", lead.url.lower()):
                return lead.url
    return ""
