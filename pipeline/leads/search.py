"""Asking GitHub, through PyGitHub, for the issues of each batched query.

The only module of the leads stage that talks to GitHub. It counts every request, never makes one
per issue (it reads `repository_url` from the search answer instead of `issue.repository`),
splits a batch GitHub refuses with 422 to find and drop the missing repository, waits for a
rate limit only when the wait is short, and otherwise stops with what it has. It never prints,
logs or stores the token.
"""

from __future__ import annotations

import os
import time
from collections import deque
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Callable, Mapping

import requests
from github import Auth, Github, GithubException

from pipeline.errors import GitHubError
from pipeline.leads.query import Query, split_query
from pipeline.leads.repos import Target
from pipeline.leads.settings import LeadSettings

DEFAULT_API_URL = "https://api.github.com"
PER_PAGE = 100
MAX_WAITS = 3


@dataclass(frozen=True)
class FoundIssue:
    """What the search answer says about one issue; nothing here costs another request."""

    repo: str
    number: int
    title: str
    url: str
    labels: tuple[str, ...]
    comments: int
    created_at: datetime
    updated_at: datetime
    via: tuple[str, ...] = ()  # the scopes of the query that found it


@dataclass
class SearchLog:
    """What happened while searching: requests made, notices for the user, whether it finished."""

    requests: int = 0
    waits: int = 0
    notices: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    stopped: str = ""


class _Stop(Exception):
    """Stop searching now and keep the partial results; the message says why."""


def api_url() -> str:
    return (os.environ.get("GITHUB_API_URL") or DEFAULT_API_URL).rstrip("/")


def client(pause: float | None = 0.25, timeout: int = 15) -> Github:
    """A PyGitHub client for GITHUB_API_URL, authenticated when GITHUB_TOKEN is set.

    PyGitHub's own retrying is off: it would sleep for an hour on a primary rate limit.
    """
    token = os.environ.get("GITHUB_TOKEN")
    auth = Auth.Token(token) if token else None
    return Github(auth=auth, base_url=api_url(), per_page=PER_PAGE, retry=None, timeout=timeout,
                  seconds_between_requests=pause)


def rate_limit_wait(status: int, headers: Mapping[str, Any], message: str, now: float) -> float | None:
    """Seconds GitHub asks us to wait, or None when the answer is not a rate limit.

    Retry-After wins; else X-RateLimit-Reset when X-RateLimit-Remaining is 0; else a secondary
    limit without either header gets GitHub's documented one minute.
    """
    headers = {str(k).lower(): str(v) for k, v in headers.items()}
    limited = status == 429 or (status == 403 and (
        "rate limit" in message.lower() or "retry-after" in headers
        or headers.get("x-ratelimit-remaining") == "0"))
    if not limited:
        return None
    if headers.get("retry-after", "").strip().isdigit():
        return float(headers["retry-after"])
    if headers.get("x-ratelimit-remaining") == "0" and headers.get("x-ratelimit-reset", "").isdigit():
        return max(0.0, float(headers["x-ratelimit-reset"]) - now)
    return 60.0


def repo_of(repository_url: str) -> str:
    """`owner/name` from an issue's `repository_url` (`.../repos/owner/name`)."""
    parts = repository_url.rstrip("/").split("/")
    return f"{parts[-2]}/{parts[-1]}"


class Searcher:
    """Runs queries against one PyGitHub client, within a request budget."""

    def __init__(self, gh: Github, settings: LeadSettings, sleep: Callable[[float], None] = time.sleep,
                 clock: Callable[[], float] = time.time) -> None:
        self.gh, self.settings, self.sleep, self.clock = gh, settings, sleep, clock
        self.log = SearchLog()

    def _request(self, fetch: Callable[[], Any]) -> Any:
        """One HTTP request, counted; waits for a short rate limit, stops for a long one."""
        while True:
            if self.log.requests >= self.settings.max_requests:
                raise _Stop(f"stopped after {self.log.requests} requests (max_requests in [tool.lip.leads])")
            self.log.requests += 1
            try:
                return fetch()
            except GithubException as exc:
                self._after_refusal(exc)
            except requests.RequestException as exc:
                raise GitHubError(f"{api_url()}: cannot reach GitHub ({type(exc).__name__})") from None

    def _after_refusal(self, exc: GithubException) -> None:
        message = str((exc.data or {}).get("message", "")) if isinstance(exc.data, dict) else ""
        wait = rate_limit_wait(exc.status, exc.headers or {}, message, self.clock())
        if wait is None:
            raise exc
        if wait > self.settings.max_wait_seconds or self.log.waits >= MAX_WAITS:
            resume = datetime.fromtimestamp(self.clock() + wait, timezone.utc).strftime("%H:%M UTC")
            hint = "" if os.environ.get("GITHUB_TOKEN") else "; set GITHUB_TOKEN for higher limits"
            raise _Stop(f"GitHub rate limit reached after {self.log.requests} requests; "
                        f"try again after {resume}{hint}")
        self.log.waits += 1
        self.sleep(wait)

    def topic_targets(self, topics: tuple[str, ...]) -> list[Target]:
        """The most-starred unarchived repositories of each topic (one request per topic)."""
        targets: list[Target] = []
        for topic in topics:
            results = self.gh.search_repositories(f"topic:{topic} archived:false", sort="stars", order="desc")
            try:
                page = self._request(lambda: results.get_page(0))
            except _Stop as stop:
                self.log.stopped = str(stop)
                break
            except GithubException as exc:
                raise GitHubError(f"GitHub answered {exc.status} to the search for topic {topic!r}: "
                                  f"{_message(exc)}") from None
            for repo in page[: self.settings.repos_per_topic]:
                targets.append(Target(repo.full_name, "repo", f"has the topic {topic} you follow", 1))
        return targets

    def issues(self, query: Query, found: list[FoundIssue]) -> None:
        """Append the issues of one query to `found` (so pages already read survive a stop), up to
        `results_per_query`, following Link rel="next"."""
        results = self.gh.search_issues(query.text, sort="updated", order="desc")
        limit = len(found) + self.settings.results_per_query
        # PaginatedList fetches exactly one page per _grow(), following the Link header; driving
        # it ourselves lets us count each request and stop at the page cap.
        while results._couldGrow() and len(found) < limit:
            page = self._request(results._grow)
            via = tuple(t.scope for t in query.targets)
            found.extend(_found(issue, via) for issue in page[: limit - len(found)])
        if results.incomplete_results:
            scopes = ", ".join(t.scope for t in query.targets)
            self.log.notices.append(f"GitHub's search timed out and returned incomplete results for {scopes}; "
                                    "run `lip leads --refresh` later for the rest")

    def run(self, queries: list[Query], base: str) -> list[FoundIssue]:
        """All queries; a 422 splits its batch until the missing repository is found and dropped."""
        pending, found = deque(queries), []
        while pending and not self.log.stopped:
            query = pending.popleft()
            try:
                self.issues(query, found)
            except _Stop as stop:
                self.log.stopped = str(stop)
                break
            except GithubException as exc:
                if exc.status != 422:
                    raise GitHubError(f"GitHub answered {exc.status} to a search: {_message(exc)}") from None
                pending.extendleft(reversed(self._after_422(query, base, exc)))
        return found

    def _after_422(self, query: Query, base: str, exc: GithubException) -> list[Query]:
        if len(query.targets) > 1:
            return split_query(query, base)
        target = query.targets[0]
        self.log.dropped.append(target.scope)
        self.log.notices.append(f"skipped {target.kind} {target.scope}: GitHub cannot search it "
                                f"(it does not exist or is not visible): {_message(exc)}")
        return []


def _message(exc: GithubException) -> str:
    data = exc.data if isinstance(exc.data, dict) else {}
    details = [e.get("message", "") for e in data.get("errors", []) if isinstance(e, dict)]
    return " ".join(filter(None, [str(data.get("message", "")), *details])) or f"HTTP {exc.status}"


def _found(issue: Any, via: tuple[str, ...]) -> FoundIssue:
    return FoundIssue(
        repo=repo_of(issue.repository_url), number=issue.number, title=issue.title, url=issue.html_url,
        labels=tuple(label.name for label in issue.labels), comments=issue.comments,
        created_at=_aware(issue.created_at), updated_at=_aware(issue.updated_at), via=via,
    )


def _aware(when: datetime) -> datetime:
    return when if when.tzinfo else when.replace(tzinfo=timezone.utc)
