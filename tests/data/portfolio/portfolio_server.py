"""The leads tests' GitHub server (tests/data/leads/github_server.py), taught two more answers the
portfolio stage asks for: `GET /repos/{owner}/{name}` and the search for merged pull requests
(`is:pr is:merged author:USER -user:USER`). Same recorded shapes (PyGitHub's ReplayData), same
request log, faults and Link pagination; a repository it does not hold answers 404 as GitHub does.
"""

from __future__ import annotations

import copy
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

sys.path.insert(0, str(Path(__file__).parent.parent / "leads"))
from github_server import ISSUE_ITEM, REPO_ITEM, GitHubServer, Received  # noqa: E402


@dataclass
class FakeRepo:
    name: str  # owner/name
    stars: int = 10
    language: str | None = "Python"
    pushed: str = "2026-11-20T10:00:00Z"
    description: str = "A repository"


@dataclass
class FakePull:
    repo: str
    number: int
    title: str
    author: str
    merged: str = "2026-11-10T10:00:00Z"
    body: str = ""


class PortfolioServer(GitHubServer):
    """`with PortfolioServer(repos=[...], pulls=[...]) as gh:` serves on `gh.url`."""

    def __init__(self, repos=(), pulls=(), **kwargs):
        super().__init__(**kwargs)
        self.repos = {r.name.lower(): r for r in repos}
        self.pulls = list(pulls)
        self.sign_in_page = False  # answer every /repos/ request 200 with HTML, as a proxy's login page does

    def repo_requests(self) -> list[Received]:
        return [r for r in self.received if r.path.startswith("/repos/")]

    def _answer(self, handler) -> None:
        parts = urlsplit(handler.path)
        if not parts.path.startswith("/repos/"):
            return super()._answer(handler)
        with self._lock:
            self.received.append(
                Received(
                    "GET",
                    parts.path,
                    {k: v[0] for k, v in parse_qs(parts.query).items()},
                    dict(handler.headers),
                )
            )
            fault = self.faults.popleft() if self.faults else None
        if fault:
            return self._send(handler, fault.status, fault.body, fault.headers)
        if self.sign_in_page:
            page = b"<!doctype html><title>Sign in</title><form>...</form>"
            handler.send_response(200)
            handler.send_header("Content-Type", "text/html")
            handler.send_header("Content-Length", str(len(page)))
            handler.end_headers()
            handler.wfile.write(page)
            return None
        found = self.repos.get(parts.path.removeprefix("/repos/").lower())
        if found is None:
            return self._send(
                handler,
                404,
                {
                    "message": "Not Found",
                    "documentation_url": "https://docs.github.com/rest/repos/repos#get-a-repository",
                },
            )
        self._send(handler, 200, self._repo_json(found))

    def _search_issues(self, handler, path: str, params: dict) -> None:
        if "is:pr" not in params.get("q", ""):
            return super()._search_issues(handler, path, params)
        tokens = params["q"].split()
        author = next(t.split(":", 1)[1] for t in tokens if t.startswith("author:")).lower()
        excluded = {t.split(":", 1)[1].lower() for t in tokens if t.startswith("-user:")}
        matches = sorted(
            (
                p
                for p in self.pulls
                if p.author.lower() == author and p.repo.split("/")[0].lower() not in excluded
            ),
            key=lambda p: p.merged,
            reverse=True,
        )
        per_page, page = int(params.get("per_page", 30)), int(params.get("page", 1))
        chunk = matches[(page - 1) * per_page : page * per_page]
        body = {
            "total_count": len(matches),
            "incomplete_results": False,
            "items": [self._pull_json(p) for p in chunk],
        }
        self._send(handler, 200, body, self._links(path, params, page, per_page, len(matches)))

    def _repo_json(self, repo: FakeRepo) -> dict:
        owner = repo.name.split("/")[0]
        item = copy.deepcopy(REPO_ITEM)
        item.update(
            {
                "full_name": repo.name,
                "name": repo.name.split("/")[1],
                "url": f"{self.url}/repos/{repo.name}",
                "html_url": f"https://github.com/{repo.name}",
                "stargazers_count": repo.stars,
                "watchers_count": repo.stars,
                "language": repo.language,
                "pushed_at": repo.pushed,
                "description": repo.description,
                "owner": dict(item["owner"], login=owner),
            }
        )
        return item

    def _pull_json(self, pull: FakePull) -> dict:
        item = copy.deepcopy(ISSUE_ITEM)
        api = f"{self.url}/repos/{pull.repo}"
        html = f"https://github.com/{pull.repo}/pull/{pull.number}"
        item.update(
            {
                "url": f"{api}/issues/{pull.number}",
                "repository_url": api,
                "html_url": html,
                "number": pull.number,
                "title": pull.title,
                "body": pull.body,
                "labels": [],
                "state": "closed",
                "created_at": "2026-10-01T10:00:00Z",
                "updated_at": pull.merged,
                "closed_at": pull.merged,
                "user": dict(item["user"], login=pull.author),
                "assignee": None,
                "assignees": [],
                "pull_request": {
                    "url": f"{api}/pulls/{pull.number}",
                    "html_url": html,
                    "diff_url": f"{html}.diff",
                    "patch_url": f"{html}.patch",
                    "merged_at": pull.merged,
                },
            }
        )
        return item


HERE = Path(__file__).parent
USER = "ada"


def portfolio_repo(root: Path, user: str = USER) -> Path:
    """tests/data/blog plus two projects, a résumé, `github_user` and the theme override: a site
    repository for real builds."""
    import shutil

    shutil.copytree(HERE.parent / "blog", root)
    shutil.copytree(HERE / "content", root / "content", dirs_exist_ok=True)
    with (root / "pyproject.toml").open("a", encoding="utf-8") as handle:
        handle.write(f'github_user = "{user}"\n')
    mkdocs = (root / "mkdocs.yml").read_text(encoding="utf-8")
    mkdocs = mkdocs.replace("  font: false\n", "  font: false\n  custom_dir: build/docs/.overrides\n")
    mkdocs = mkdocs.replace("  - assets/lip.css\n", "  - assets/lip.css\n  - assets/portfolio.css\n")
    (root / "mkdocs.yml").write_text(mkdocs, encoding="utf-8")
    return root


def standard_server(**kwargs) -> PortfolioServer:
    """Two own projects, merged pull requests in two other repositories and one in an own one."""
    repos = [
        FakeRepo("ada/tiny-lm", 42, "Python", "2026-11-25T08:00:00Z", "Tiny LM"),
        FakeRepo("ada/old-scraper", 3, None, "2025-06-01T08:00:00Z"),
        FakeRepo("numpy/numpy", 29000, "Python"),
        FakeRepo("pandas-dev/pandas", 45000, "Python"),
    ]
    pulls = [
        FakePull(
            "numpy/numpy",
            101,
            "DOC: fix the broadcasting example",
            USER,
            "2026-11-12T09:00:00Z",
            "Fixes #99 (the example was wrong).",
        ),
        FakePull("numpy/numpy", 88, "TST: cover empty arrays", USER, "2026-09-01T09:00:00Z"),
        FakePull("pandas-dev/pandas", 7, "BUG: read_csv with a BOM", USER, "2026-10-20T09:00:00Z"),
        FakePull("ada/tiny-lm", 3, "my own repo", USER),
        FakePull("numpy/numpy", 5, "someone else's", "bob"),
    ]
    return PortfolioServer(repos=kwargs.pop("repos", repos), pulls=kwargs.pop("pulls", pulls), **kwargs)
