"""Asking GitHub, through PyGitHub's requester, for the issues of each batched query.

The only module of the leads stage that talks to GitHub. It counts every request and never makes
one per issue: it reads the raw search answer itself (PyGitHub's lazy objects would fetch an issue
whose answer lacks a field), so it can check every answer on our side: an HTML page or JSON cut
short stops with one line naming the API URL; pull requests, closed, assigned and locked issues
are left out whatever the query said; titles lose invisible and bidirectional-control characters.
It retries 5xx answers and network faults after growing pauses, splits a batch GitHub refuses
with 422 to find and drop the missing repository, waits for a rate limit only when the wait is
short (and says so first), and otherwise stops with what it has. It never prints, logs or stores
the token.
"""

from __future__ import annotations

import json
import os
import time
from collections import Counter, deque
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Callable, Mapping
from urllib.parse import urlsplit

import requests
from github import Auth, Github

from pipeline.errors import GitHubError
from pipeline.leads.query import Query, split_query
from pipeline.leads.repos import Target
from pipeline.leads.settings import LeadSettings
from pipeline.leads.text import one_line

DEFAULT_API_URL = "https://api.github.com"
PER_PAGE = 100
MAX_WAITS = 3
RETRIES = 3  # after a 5xx answer or a network fault: pauses of 2, 4 and 8 s
FIRST_PAUSE = 2.0


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
    answers: int = 0  # readable answers
    waits: int = 0
    notices: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    left_out: Counter = field(default_factory=Counter)  # search results that are not leads, by reason
    incomplete: bool = False  # GitHub said `incomplete_results` for some query
    stopped: str = ""

    def left_out_notice(self) -> str | None:
        """'left out 5 search result(s) ... (2 pull requests, 1 closed, ...)', or None."""
        if not self.left_out:
            return None
        details = ", ".join(f"{n} {reason}" + ("s" if n > 1 and reason == "pull request" else "")
                            for reason, n in self.left_out.most_common())
        return (f"left out {sum(self.left_out.values())} search result(s) that are not open, unassigned, "
                f"unlocked issues ({details})")


class _Stop(Exception):
    """Stop searching now and keep the partial results; the message says why. A `fault` (a bad
    answer, a lasting 5xx, no network) before any answer at all is an error instead."""

    def __init__(self, message: str, fault: bool = False) -> None:
        super().__init__(message)
        self.fault = fault


class _Refused(Exception):
    """GitHub answered 4xx (not a rate limit); `where` is the API URL without its query."""

    def __init__(self, where: str, status: int, message: str) -> None:
        super().__init__(f"{where} answered {status}: {message}")
        self.status, self.message = status, message


def api_url() -> str:
    return (os.environ.get("GITHUB_API_URL") or DEFAULT_API_URL).rstrip("/")


def client(pause: float | None = 0.25, timeout: int = 15) -> Github:
    """A PyGitHub client for GITHUB_API_URL, authenticated when GITHUB_TOKEN is set.

    PyGitHub's own retrying is off: it would sleep for an hour on a primary rate limit, and
    silently; `Searcher` retries and waits itself, and says so.
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


def where(url: str) -> str:
    """The API URL a request went to, without its query (never holds the token)."""
    parts = urlsplit(url if "://" in url else api_url() + url)
    return f"{parts.scheme}://{parts.netloc}{parts.path}"


def search_answer(body: str, content_type: str, url: str) -> dict:
    """The JSON object of a 200 answer that has `items`; else `_Stop` naming what came instead."""
    try:
        data = json.loads(body)
    except ValueError:
        if "html" in content_type.lower() or body.lstrip()[:1] == "<":
            raise _Stop(f"{where(url)} answered with an HTML page, not JSON (a proxy or sign-in page?)",
                        fault=True) from None
        raise _Stop(f"{where(url)} answered with JSON cut short or damaged ({len(body)} characters)",
                    fault=True) from None
    if not isinstance(data, dict) or not isinstance(data.get("items"), list):
        raise _Stop(f"{where(url)} answered with JSON that is not a search answer (no list of items)",
                    fault=True)
    return data


def repo_of(repository_url: str) -> str:
    """`owner/name` from an issue's `repository_url` (`.../repos/owner/name`)."""
    parts = repository_url.rstrip("/").split("/")
    return f"{parts[-2]}/{parts[-1]}"


def issue_repo(item: Mapping[str, Any]) -> str | None:
    """`owner/name` of a search result: `repository_url`, else (older answers) the issue's API
    `url` (`.../repos/owner/name/issues/N`), else its `html_url` (`github.com/owner/name/...`)."""
    if isinstance(item.get("repository_url"), str):
        return repo_of(item["repository_url"])
    candidates = []
    if isinstance(item.get("url"), str):
        parts = urlsplit(item["url"]).path.strip("/").split("/")
        candidates.append(parts[parts.index("repos") + 1:] if "repos" in parts else [])
    if isinstance(item.get("html_url"), str):
        candidates.append(urlsplit(item["html_url"]).path.strip("/").split("/"))
    return next((f"{c[0]}/{c[1]}" for c in candidates if len(c) >= 2 and all(c[:2])), None)


def left_out_reason(item: Mapping[str, Any]) -> str | None:
    """Why a search result is no lead (whatever the query asked GitHub), or None."""
    pull = item.get("pull_request")
    if isinstance(pull, dict) and any(pull.get(k) for k in ("url", "html_url")):
        return "pull request"
    if item.get("state") != "open":
        return "closed" if item.get("state") == "closed" else "unreadable"
    if item.get("assignee") or item.get("assignees"):
        return "assigned"
    if item.get("locked") is True:
        return "locked"
    return None


def read_issue(item: Any, via: tuple[str, ...]) -> FoundIssue | str:
    """The issue a search result describes, or why it is left out."""
    if not isinstance(item, dict):
        return "unreadable"
    reason = left_out_reason(item)
    if reason:
        return reason
    try:
        labels = tuple(one_line(label["name"] if isinstance(label, dict) else label)
                       for label in item.get("labels") or ())
        repo = issue_repo(item)
        if repo is None or not isinstance(item["number"], int):
            return "unreadable"
        return FoundIssue(
            repo=one_line(repo), number=item["number"], title=one_line(item["title"]),
            url=one_line(item["html_url"]), labels=tuple(label for label in labels if label),
            comments=int(item.get("comments") or 0), created_at=_when(item["created_at"]),
            updated_at=_when(item["updated_at"]), via=via)
    except (KeyError, TypeError, ValueError, AttributeError):
        return "unreadable"


def _when(value: str) -> datetime:
    when = datetime.fromisoformat(value)
    return when if when.tzinfo else when.replace(tzinfo=timezone.utc)


def _json_object(body: str) -> dict:
    try:
        data = json.loads(body)
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def _message(data: dict, status: int) -> str:
    details = [e.get("message", "") for e in data.get("errors", []) if isinstance(e, dict)]
    text = " ".join(filter(None, [str(data.get("message", "")), *map(str, details)]))
    return one_line(text) or f"HTTP {status}"


def next_link(headers: Mapping[str, str]) -> str | None:
    """The `rel="next"` URL of a Link header, if any."""
    for link in requests.utils.parse_header_links(headers.get("link", "")):
        if link.get("rel") == "next" and link.get("url"):
            return link["url"]
    return None


def _quiet(message: str) -> None:
    pass


def _wait_reason(headers: Mapping[str, Any]) -> str:
    lowered = {str(k).lower(): str(v) for k, v in headers.items()}
    if lowered.get("retry-after", "").strip().isdigit():
        return "GitHub's Retry-After"
    if lowered.get("x-ratelimit-remaining") == "0":
        return "until GitHub's limit resets"
    return "no Retry-After given; GitHub's documentation asks for a minute"


class Searcher:
    """Runs queries against one PyGitHub client, within a request budget; `say` tells the user
    at once when lip pauses (a retry, a rate limit), before it sleeps."""

    def __init__(self, gh: Github, settings: LeadSettings, sleep: Callable[[float], None] = time.sleep,
                 clock: Callable[[], float] = time.time, say: Callable[[str], None] = _quiet) -> None:
        self.gh, self.settings, self.sleep, self.clock, self.say = gh, settings, sleep, clock, say
        self.log = SearchLog()

    def _get(self, url: str, params: dict | None = None) -> tuple[dict, dict]:
        """One answer (headers, JSON object): counted, retried after a 5xx or a network fault,
        after a short rate limit; else `_Stop` or `_Refused`."""
        failures = 0
        while True:
            if self.log.requests >= self.settings.max_requests:
                raise _Stop(f"stopped after {self.log.requests} requests (max_requests in [tool.lip.leads])")
            self.log.requests += 1
            try:
                status, headers, body = self.gh.requester.requestJson("GET", url, parameters=params)
            except requests.RequestException as exc:
                problem = f"cannot reach GitHub ({type(exc).__name__})"
            else:
                if status < 400:
                    data = search_answer(body, headers.get("content-type", ""), url)
                    self.log.answers += 1
                    return headers, data
                if status < 500 or status == 429:
                    data = _json_object(body)
                    if self._waited(status, headers, _message(data, status)):
                        continue
                    raise _Refused(where(url), status, _message(data, status))
                problem = f"answered {status}"
            failures += 1
            if failures > RETRIES:
                raise _Stop(f"{where(url)}: {problem} {failures} times", fault=True)
            pause = FIRST_PAUSE * 2 ** (failures - 1)
            self.say(f"{where(url)}: {problem}; trying again in {pause:g} s")
            self.sleep(pause)

    def _waited(self, status: int, headers: Mapping[str, Any], message: str) -> bool:
        """Waited out a short rate limit (said first); False when the answer is no rate limit."""
        wait = rate_limit_wait(status, headers, message, self.clock())
        if wait is None:
            return False
        if wait > self.settings.max_wait_seconds or self.log.waits >= MAX_WAITS:
            resume = datetime.fromtimestamp(self.clock() + wait, timezone.utc).strftime("%H:%M UTC")
            hint = "" if os.environ.get("GITHUB_TOKEN") else "; set GITHUB_TOKEN for higher limits"
            raise _Stop(f"GitHub rate limit reached after {self.log.requests} requests; "
                        f"try again after {resume}{hint}")
        self.log.waits += 1
        kind = "secondary rate limit" if "secondary" in message.lower() else "rate limit"
        self.say(f"GitHub's {kind} was reached: lip is waiting {wait:.0f} s ({_wait_reason(headers)}) "
                 "before asking again")
        self.sleep(wait)
        return True

    def _stop(self, stop: _Stop) -> None:
        """Keep what was found and say why the search ended; a fault before any answer is an error."""
        if stop.fault and not self.log.answers:
            raise GitHubError(str(stop))
        self.log.stopped = str(stop) + (f"; kept what the {self.log.answers} earlier answer(s) held"
                                        if stop.fault else "")

    def topic_targets(self, topics: tuple[str, ...]) -> list[Target]:
        """The most-starred unarchived repositories of each topic (one request per topic)."""
        targets: list[Target] = []
        for topic in topics:
            params = {"q": f"topic:{topic} archived:false", "sort": "stars", "order": "desc",
                      "per_page": PER_PAGE}
            try:
                _, data = self._get("/search/repositories", params)
            except _Stop as stop:
                self._stop(stop)
                break
            except _Refused as refused:
                raise GitHubError(f"{refused} (the search for topic {topic!r})") from None
            names = [item.get("full_name") for item in data["items"] if isinstance(item, dict)]
            for name in [n for n in names if isinstance(n, str)][: self.settings.repos_per_topic]:
                targets.append(Target(one_line(name), "repo", f"has the topic {topic} you follow", 1))
        return targets

    def issues(self, query: Query, found: list[FoundIssue]) -> None:
        """Append the issues of one query to `found` (so pages already read survive a stop), up to
        `results_per_query`, following Link rel="next"."""
        limit = len(found) + self.settings.results_per_query
        via = tuple(t.scope for t in query.targets)
        url: str | None = "/search/issues"
        params: dict | None = {"q": query.text, "sort": "updated", "order": "desc", "per_page": PER_PAGE}
        incomplete = False
        while url and len(found) < limit:
            headers, data = self._get(url, params)
            incomplete |= data.get("incomplete_results") is True
            for item in data["items"]:
                if len(found) >= limit:
                    break
                issue = read_issue(item, via)
                if isinstance(issue, FoundIssue):
                    found.append(issue)
                else:
                    self.log.left_out[issue] += 1
            url, params = next_link(headers), None
        if incomplete:
            self.log.incomplete = True
            scopes = ", ".join(via)
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
                self._stop(stop)
            except _Refused as refused:
                if refused.status != 422:
                    self._stop(_Stop(str(refused), fault=True))
                else:
                    pending.extendleft(reversed(self._after_422(query, base, refused)))
        return found

    def _after_422(self, query: Query, base: str, refused: _Refused) -> list[Query]:
        if len(query.targets) > 1:
            return split_query(query, base)
        target = query.targets[0]
        self.log.dropped.append(target.scope)
        self.log.notices.append(f"skipped {target.kind} {target.scope}: GitHub cannot search it "
                                f"(it does not exist or is not visible): {refused.message}")
        return []
