"""Asking GitHub, through PyGitHub's requester, for repository figures and merged pull requests.

The only module of the portfolio stage that talks to GitHub. It uses the leads stage's client
(`GITHUB_TOKEN` optional, `GITHUB_API_URL` honoured, PyGitHub's own retrying off) and its reading
of rate-limit answers: a short wait is waited out, a long one (or `max_requests`) stops the
update with what it has. It reads the raw JSON answers itself, so every request is counted and an
answer that is not GitHub's (an HTML sign-in page from a proxy) is one clear line. GitHub's text
loses invisible and bidirectional-control characters (the leads stage's `one_line`). A repository
GitHub does not know (404) is an answer (None), not a failure. It never prints, logs or stores
the token.
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Callable, Mapping
from urllib.parse import urlsplit

import requests
from github import Github

from pipeline.errors import GitHubError
from pipeline.leads.search import PER_PAGE, api_url, rate_limit_wait, repo_of
from pipeline.leads.text import one_line
from pipeline.portfolio.settings import PortfolioSettings
from pipeline.portfolio.store import Contribution, RepoFigures, SeenLead

MAX_WAITS = 3
_CLOSES = re.compile(r"\b(?:close[sd]?|fix(?:e[sd])?|resolve[sd]?)\b:?\s+(\S+)", re.IGNORECASE)


class Stopped(Exception):
    """GitHub's rate limit or the request budget ended the update early; the message says why."""


@dataclass(frozen=True)
class MergedPull:
    """A merged pull request from the search answer, with its description for closing keywords."""

    contribution: Contribution
    body: str


def where(url: str) -> str:
    """The API URL of a request without its query (never holds the token)."""
    parts = urlsplit(url if "://" in url else api_url() + url)
    return f"{parts.scheme}://{parts.netloc}{parts.path}"


class Fetcher:
    """GET requests through one PyGitHub client, counted within `max_requests`."""

    def __init__(
        self,
        gh: Github,
        settings: PortfolioSettings,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.gh, self.settings, self.sleep, self.clock = gh, settings, sleep, clock
        self.requests = self.waits = 0

    def get(self, url: str, params: dict | None = None) -> tuple[int, Mapping[str, Any], Any]:
        """(status, headers, JSON) of one answer; a short rate limit is waited out first."""
        while True:
            if self.requests >= self.settings.max_requests:
                raise Stopped(
                    f"stopped after {self.requests} requests (max_requests in [tool.lip.portfolio])"
                )
            self.requests += 1
            try:
                status, headers, body = self.gh.requester.requestJson("GET", url, parameters=params)
            except requests.RequestException as exc:
                raise GitHubError(f"{api_url()}: cannot reach GitHub ({type(exc).__name__})") from None
            data = _json(body)
            if status < 400 and data is None:
                raise GitHubError(
                    f"{where(url)} answered with something that is not JSON (a proxy or sign-in page?)"
                )
            if not self._waited(status, headers, data):
                return status, headers, data

    def _waited(self, status: int, headers: Mapping[str, Any], data: Any) -> bool:
        message = str(data.get("message", "")) if isinstance(data, dict) else ""
        wait = rate_limit_wait(status, headers, message, self.clock())
        if wait is None:
            return False
        if wait > self.settings.max_wait_seconds or self.waits >= MAX_WAITS:
            resume = datetime.fromtimestamp(self.clock() + wait, timezone.utc).strftime("%H:%M UTC")
            raise Stopped(
                f"GitHub rate limit reached after {self.requests} requests; try again after {resume}"
            )
        self.waits += 1
        self.sleep(wait)
        return True

    def repository(self, name: str) -> RepoFigures | None:
        """The figures of `name`, or None when GitHub answers 404 (it does not exist or is private)."""
        status, _, data = self.get(f"/repos/{name}")
        if status == 404:
            return None
        if status >= 400 or not isinstance(data, dict):
            raise GitHubError(f"{name}: GitHub answered {status}: {_message(data, status)}")
        return figures(data, name)

    def merged_pulls(self, user: str) -> list[MergedPull]:
        """The user's merged pull requests in other people's repositories, newest first."""
        url: str | None = "/search/issues"
        params: dict | None = {
            "q": f"is:pr is:merged author:{user} -user:{user}",
            "sort": "updated",
            "order": "desc",
            "per_page": PER_PAGE,
        }
        found: list[MergedPull] = []
        while url and len(found) < self.settings.max_contributions:
            status, headers, data = self.get(url, params)
            if status >= 400 or not isinstance(data, dict) or not isinstance(data.get("items"), list):
                raise GitHubError(
                    f"GitHub answered {status} to the search for {user}'s pull requests: "
                    f"{_message(data, status)}"
                )
            found += [p for p in map(merged_pull, data["items"]) if p and _owner(p) != user.lower()]
            url, params = next_link(headers), None
        found = sorted(found[: self.settings.max_contributions], key=lambda p: p.contribution.merged_at)
        return found[::-1]


def _owner(pull: MergedPull) -> str:
    return pull.contribution.repo.split("/")[0].lower()


def _json(body: str) -> Any:
    try:
        return json.loads(body)
    except ValueError:
        return None


def _message(data: Any, status: int) -> str:
    return (
        str(data.get("message", "")) if isinstance(data, dict) and data.get("message") else f"HTTP {status}"
    )


def next_link(headers: Mapping[str, Any]) -> str | None:
    """The `rel="next"` URL of a Link header, if any."""
    lowered = {str(k).lower(): str(v) for k, v in headers.items()}
    for link in requests.utils.parse_header_links(lowered.get("link", "")):
        if link.get("rel") == "next" and link.get("url"):
            return link["url"]
    return None


def when(value: Any) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    moment = datetime.fromisoformat(value)
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def figures(data: Mapping[str, Any], name: str) -> RepoFigures:
    """A repository answer's figures (GitHub's spelling of the name when it gives one)."""
    return RepoFigures(
        repo=one_line(str(data.get("full_name") or name)),
        stars=int(data.get("stargazers_count") or 0),
        language=one_line(str(data.get("language") or "")),
        pushed_at=when(data.get("pushed_at")),
        url=str(data.get("html_url") or f"https://github.com/{name}"),
        description=one_line(str(data.get("description") or "")),
    )


def merged_pull(item: Any) -> MergedPull | None:
    """A search result as a merged pull request, or None when it is not readable as one."""
    try:
        pull = item.get("pull_request") or {}
        merged = when(pull.get("merged_at")) or when(item.get("closed_at")) or when(item["updated_at"])
        contribution = Contribution(
            one_line(repo_of(item["repository_url"])),
            int(item["number"]),
            one_line(str(item["title"])),
            one_line(str(item["html_url"])),
            merged,
        )
        return MergedPull(contribution, str(item.get("body") or ""))
    except (KeyError, TypeError, ValueError, AttributeError):
        return None


def closed_leads(pull: MergedPull, leads: tuple[SeenLead, ...]) -> str:
    """The URL of a lead this pull request closes ("Fixes #12", "closes owner/name#12" or the
    issue's URL after a closing keyword), or ''."""
    repo = pull.contribution.repo.lower()
    for written in _CLOSES.findall(pull.body):
        target = written.lower().rstrip(".,;)")
        for lead in leads:
            if (lead.repo.lower() == repo and target == f"#{lead.number}") or target in (
                f"{lead.repo.lower()}#{lead.number}",
                lead.url.lower(),
            ):
                return lead.url
    return ""
