"""A real HTTP server on 127.0.0.1 that answers GitHub's search endpoints the way GitHub does.

Answers are built from the recorded GitHub answers in PyGitHub's ReplayData
(`search-issue-item.json` is an item of Search.testSearchIssues.txt, brought up to today's shape
with `repository_url`, `assignees`, `state_reason`; `search-repository-item.json` one of
Search.testSearchRepos.txt). It filters issues by the qualifiers lip sends, paginates with Link
headers, answers 422 when a `repo:`/`org:` names something missing, and can be told to answer
rate limits (403/429 with Retry-After / X-RateLimit-Reset) or `incomplete_results`, or serve a
scripted answer verbatim (a recorded page, an HTML sign-in page, JSON cut short). With
`filters=False` it answers as real GitHub sometimes did in recordings: pull requests, closed,
assigned and locked issues included despite the query. Every request it receives is recorded so
tests can check what was asked, not only what came out.
Used by tests/test_leads_*.py and benchmarks/leads_bench.py.
"""

from __future__ import annotations

import copy
import json
import re
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from datetime import date, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

HERE = Path(__file__).parent
ISSUE_ITEM = json.loads((HERE / "search-issue-item.json").read_text())
REPO_ITEM = json.loads((HERE / "search-repository-item.json").read_text())
MISSING_BODY = {"message": "Validation Failed", "errors": [{
    "message": "The listed users and repositories cannot be searched either because the resources "
               "do not exist or you do not have permission to view them.",
    "resource": "Search", "field": "q", "code": "invalid"}],
    "documentation_url": "https://docs.github.com/v3/search/", "status": "422"}
PRIMARY_LIMIT = {"message": "API rate limit exceeded for 127.0.0.1. (But here's the good news: "
                 "Authenticated requests get a higher rate limit.)",
                 "documentation_url": "https://docs.github.com/rest/overview/resources-in-the-rest-api#rate-limiting"}
SECONDARY_LIMIT = {"message": "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
                   "documentation_url": "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api"}


@dataclass
class FakeIssue:
    repo: str
    number: int
    title: str
    labels: tuple[str, ...] = ("good first issue",)
    comments: int = 0
    created: str = "2026-10-01T10:00:00Z"
    updated: str = "2026-11-15T10:00:00Z"
    state: str = "open"
    assignee: str | None = None
    assignees: tuple[str, ...] = ()
    locked: bool = False
    pull_request: bool = False


@dataclass
class Fault:
    """One scripted answer served instead of the real one (rate limits, server errors, recorded
    pages); a `str` body is sent as it is, with `content_type`."""

    status: int
    body: dict | str
    headers: dict = field(default_factory=dict)
    content_type: str = "application/json; charset=utf-8"


@dataclass
class Received:
    method: str
    path: str
    params: dict
    headers: dict

    @property
    def q(self) -> str:
        return self.params.get("q", "")


def _tokens(q: str) -> list[str]:
    return re.findall(r'(?:[^\s"]+|"[^"]*")+', q)


def parse_q(q: str) -> dict:
    """The qualifiers of a search query, the way GitHub reads them."""
    found: dict = {"scopes": [], "labels": [], "flags": []}
    for token in _tokens(q):
        key, _, value = token.partition(":")
        if key in ("repo", "org", "user"):
            found["scopes"].append((key, value))
        elif key == "label":
            found["labels"] = [v.strip('"') for v in re.findall(r'"[^"]*"|[^,]+', value)]
        elif key == "updated" and value.startswith(">="):
            found["since"] = value[2:]
        elif key == "topic":
            found["topic"] = value
        else:
            found["flags"].append(token)
    return found


class GitHubServer:
    """`with GitHubServer(issues) as gh:` serves on `gh.url` until the block ends."""

    def __init__(self, issues=(), missing=(), topics=None, latency: float = 0.0, pypi=None, filters=True):
        self.issues = list(issues)
        self.filters = filters  # False: ignore is:open and no:assignee, as recorded answers show
        self.missing = {m.lower() for m in missing}
        self.topics = topics or {}
        self.pypi = pypi or {}  # PyPI JSON API too (/pypi/<name>/json): name -> repository URL
        self.latency = latency
        self.faults: deque[Fault] = deque()
        self.incomplete = False
        self.received: list[Received] = []
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"

    def __enter__(self) -> GitHubServer:
        threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()

    def searches(self) -> list[Received]:
        return [r for r in self.received if r.path == "/search/issues"]

    def _handler(self):
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 (http.server's naming)
                server._answer(self)

            def log_message(self, *args):
                pass

        return Handler

    def _answer(self, handler: BaseHTTPRequestHandler) -> None:
        parts = urlsplit(handler.path)
        params = {k: v[0] for k, v in parse_qs(parts.query).items()}
        with self._lock:
            self.received.append(Received("GET", parts.path, params, dict(handler.headers)))
            fault = self.faults.popleft() if self.faults else None
        if self.latency:
            time.sleep(self.latency)
        if fault:
            return self._send(handler, fault.status, fault.body, fault.headers, fault.content_type)
        if parts.path == "/search/issues":
            return self._search_issues(handler, parts.path, params)
        if parts.path == "/search/repositories":
            return self._search_repositories(handler, params)
        if parts.path.startswith("/pypi/") and parts.path.split("/")[2] in self.pypi:
            info = {"name": parts.path.split("/")[2], "project_urls": {"Source": self.pypi[parts.path.split("/")[2]]}}
            return self._send(handler, 200, {"info": info, "urls": []})
        self._send(handler, 404, {"message": "Not Found", "documentation_url": "https://docs.github.com/rest"})

    def _search_issues(self, handler, path: str, params: dict) -> None:
        query = parse_q(params.get("q", ""))
        if any(value.lower() in self.missing for _, value in query["scopes"]):
            return self._send(handler, 422, MISSING_BODY)
        matches = sorted((i for i in self.issues if self._matches(i, query)), key=lambda i: i.updated, reverse=True)
        per_page, page = int(params.get("per_page", 30)), int(params.get("page", 1))
        chunk = matches[(page - 1) * per_page: page * per_page]
        body = {"total_count": len(matches), "incomplete_results": self.incomplete,
                "items": [self._issue_json(i) for i in chunk]}
        self._send(handler, 200, body, self._links(path, params, page, per_page, len(matches)))

    def _matches(self, issue: FakeIssue, query: dict) -> bool:
        owner = issue.repo.split("/")[0].lower()
        in_scope = any((kind == "repo" and value.lower() == issue.repo.lower()) or
                       (kind in ("org", "user") and value.lower() == owner) for kind, value in query["scopes"])
        labelled = not query["labels"] or bool(set(query["labels"]) & set(issue.labels))
        fresh = issue.updated[:10] >= query.get("since", "0000")
        open_ = "is:open" not in query["flags"] or issue.state == "open" or not self.filters
        free = "no:assignee" not in query["flags"] or issue.assignee is None or not self.filters
        return in_scope and labelled and fresh and open_ and free

    def _links(self, path: str, params: dict, page: int, per_page: int, total: int) -> dict:
        last = max(1, -(-total // per_page))
        def url(n):
            return f"{self.url}{path}?{urlencode({**params, 'page': n})}"
        links = []
        if page < last:
            links += [f'<{url(page + 1)}>; rel="next"', f'<{url(last)}>; rel="last"']
        if page > 1:
            links += [f'<{url(1)}>; rel="first"', f'<{url(page - 1)}>; rel="prev"']
        return {"Link": ", ".join(links)} if links else {}

    def _issue_json(self, issue: FakeIssue) -> dict:
        item = copy.deepcopy(ISSUE_ITEM)
        api = f"{self.url}/repos/{issue.repo}"
        label = item["labels"][0]
        item.update({
            "url": f"{api}/issues/{issue.number}", "repository_url": api,
            "labels_url": f"{api}/issues/{issue.number}/labels{{/name}}",
            "comments_url": f"{api}/issues/{issue.number}/comments",
            "events_url": f"{api}/issues/{issue.number}/events",
            "timeline_url": f"{api}/issues/{issue.number}/timeline",
            "html_url": f"https://github.com/{issue.repo}/issues/{issue.number}",
            "id": abs(hash((issue.repo, issue.number))) % 10**9, "number": issue.number, "title": issue.title,
            "labels": [dict(label, name=name, url=f"{api}/labels/{name}") for name in issue.labels],
            "state": issue.state, "comments": issue.comments, "created_at": issue.created,
            "updated_at": issue.updated, "closed_at": None, "locked": issue.locked,
            "assignee": _user(issue.assignee), "assignees": [_user(a) for a in issue.assignees],
        })
        if issue.pull_request:
            web = f"https://github.com/{issue.repo}/pull/{issue.number}"
            item["pull_request"] = {"url": f"{api}/pulls/{issue.number}", "html_url": web,
                                    "diff_url": f"{web}.diff", "patch_url": f"{web}.patch", "merged_at": None}
        return item

    def _search_repositories(self, handler, params: dict) -> None:
        names = self.topics.get(parse_q(params.get("q", "")).get("topic", ""), [])
        items = [dict(copy.deepcopy(REPO_ITEM), full_name=n, name=n.split("/")[1],
                      url=f"{self.url}/repos/{n}", html_url=f"https://github.com/{n}") for n in names]
        self._send(handler, 200, {"total_count": len(items), "incomplete_results": False, "items": items})

    def _send(self, handler, status: int, body: dict | str, headers: dict | None = None,
              content_type: str = "application/json; charset=utf-8") -> None:
        data = body.encode() if isinstance(body, str) else json.dumps(body).encode()
        handler.send_response(status)
        handler.send_header("Content-Type", content_type)
        handler.send_header("Content-Length", str(len(data)))
        handler.send_header("X-RateLimit-Limit", "30")
        for key, value in {"X-RateLimit-Remaining": "29", "X-RateLimit-Reset": str(int(time.time()) + 60),
                           **(headers or {})}.items():
            handler.send_header(key, value)
        handler.end_headers()
        handler.wfile.write(data)


def _user(login: str | None) -> dict | None:
    return None if login is None else {"login": login, "id": abs(hash(login)) % 10**8, "type": "User",
                                       "url": f"https://api.github.com/users/{login}"}


def recorded(name: str) -> str:
    """A recorded answer kept next to this file (trimmed from PyGitHub's ReplayData)."""
    return (HERE / name).read_text(encoding="utf-8")


def rate_limited(kind: str, retry_after: int | None = None, reset_in: int | None = None) -> Fault:
    """A 403 (primary or secondary) or 429 answer with the headers GitHub sends."""
    headers = {}
    if retry_after is not None:
        headers["Retry-After"] = str(retry_after)
    if reset_in is not None:
        headers.update({"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": str(int(time.time()) + reset_in)})
    status = 429 if kind == "429" else 403
    return Fault(status, PRIMARY_LIMIT if kind == "primary" else SECONDARY_LIMIT, headers)


def iso(day: date | datetime) -> str:
    return f"{day:%Y-%m-%d}T12:00:00Z"
