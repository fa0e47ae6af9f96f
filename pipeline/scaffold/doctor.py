"""`lip doctor`: does this repository have what publishing to GitHub Pages needs?

Reads the settings, `mkdocs.yml`, `.gitignore` and the workflows, and returns one `Check` per
requirement with the fix in words. Facts are gathered at the edge (`gather_facts`); the decisions
(`diagnose`) are pure. Never writes anything.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml

from pipeline.errors import LipError
from pipeline.project import Project
from pipeline.scaffold.templates import (
    REQUIRED_WORKFLOWS,
    WORKFLOWS,
    check_branch,
    pages_url,
    render_workflow,
)
from pipeline.settings import Settings

EXPECTED_DIRS = {"docs_dir": "build/docs", "site_dir": "site"}
IGNORED = ("site", "build", ".lip")
_GITHUB_REPO = re.compile(r"https://github\.com/[A-Za-z0-9-]+/[A-Za-z0-9._-]+/?")


@dataclass(frozen=True)
class Check:
    """One requirement: `problem` is '' when it is met, else what is wrong and how to fix it."""

    name: str
    problem: str = ""

    @property
    def ok(self) -> bool:
        return not self.problem


@dataclass(frozen=True)
class RepoFacts:
    """What `diagnose` needs to know about a repository, read once."""

    settings: Settings | None
    settings_error: str
    mkdocs: dict | None
    mkdocs_error: str
    workflows: dict[str, str | None]
    gitignore: str | None
    origin_url: str = ""  # the git remote "origin", when there is one


def doctor(project: Project) -> tuple[Check, ...]:
    return diagnose(gather_facts(project))


def diagnose(facts: RepoFacts) -> tuple[Check, ...]:
    checks: list[Callable[[RepoFacts], Check | None]] = [
        _settings_valid, _site_url, _repo_url, _repo_is_origin, _mkdocs_dirs, _gitignore,
    ]
    found = tuple(check(facts) for check in checks)
    return tuple(check for check in found if check is not None) + _workflow_checks(facts)


def _settings_valid(facts: RepoFacts) -> Check:
    return Check("settings in pyproject.toml [tool.lip] are valid", facts.settings_error)


def _site_url(facts: RepoFacts) -> Check | None:
    name = "site_url is set"
    if facts.settings is None:
        return None  # unreadable settings are one problem, reported once
    url = facts.settings.site_url
    if not url:
        return Check(name, "pyproject.toml [tool.lip]: set site_url, e.g. "
                           '"https://you.github.io/repo/" (feed.xml and Anki links need full URLs)')
    if not re.match(r"https?://[^/\s]+", url):
        return Check(name, f"pyproject.toml [tool.lip]: site_url {url!r} is not an http(s) URL")
    served = pages_url(facts.settings.repo_url)
    if ".github.io" in url.split("/")[2] and served and url.rstrip("/") != served.rstrip("/"):
        return Check(name, f"pyproject.toml [tool.lip]: site_url {url!r}, but GitHub Pages serves "
                           f"{facts.settings.repo_url} at {served!r} (a custom domain is fine)")
    return Check(name)


def _repo_url(facts: RepoFacts) -> Check | None:
    name = "repo_url is set"
    if facts.settings is None:
        return None  # unreadable settings are one problem, reported once
    url = facts.settings.repo_url
    if not url:
        return Check(name, 'pyproject.toml [tool.lip]: set repo_url, e.g. "https://github.com/you/repo"')
    if not _GITHUB_REPO.fullmatch(url):
        return Check(name, f"pyproject.toml [tool.lip]: repo_url {url!r} is not https://github.com/OWNER/REPO")
    return Check(name)


def _repo_is_origin(facts: RepoFacts) -> Check | None:
    """A repository made from the template still names the template: say so."""
    origin = github_https(facts.origin_url)
    if facts.settings is None or not origin or not facts.settings.repo_url:
        return None
    name = "repo_url is this repository's origin"
    if github_https(facts.settings.repo_url) != origin:
        return Check(name, f"pyproject.toml [tool.lip]: repo_url {facts.settings.repo_url!r}, but git's "
                           f"origin is {origin!r}: set repo_url (and site_url) to this repository")
    return Check(name)


def github_https(url: str) -> str:
    """`https://github.com/owner/repo` for any HTTPS or SSH spelling of a GitHub remote, else ''."""
    match = re.fullmatch(r"(?:https://github\.com/|git@github\.com:|ssh://git@github\.com/)"
                         r"([A-Za-z0-9-]+)/([A-Za-z0-9._-]+?)(?:\.git)?/?", url.strip())
    return f"https://github.com/{match.group(1)}/{match.group(2)}".lower() if match else ""


def _mkdocs_dirs(facts: RepoFacts) -> Check:
    name = "mkdocs.yml builds from build/docs into site/"
    if facts.mkdocs is None:
        return Check(name, facts.mkdocs_error)
    wrong = [f"{key}: {facts.mkdocs.get(key)!r}" for key, want in EXPECTED_DIRS.items()
             if str(facts.mkdocs.get(key, "")).rstrip("/") != want]
    if wrong:
        want = ", ".join(f"{k}: {v}" for k, v in EXPECTED_DIRS.items())
        return Check(name, f"mkdocs.yml: {', '.join(wrong)}; lip writes and publishes {want}")
    return Check(name)


def _gitignore(facts: RepoFacts) -> Check:
    name = ".gitignore keeps build output and state out of git"
    lines = {line.strip().strip("/") for line in (facts.gitignore or "").splitlines()}
    missing = [f"/{folder}/" for folder in IGNORED if folder not in lines]
    if missing:
        return Check(name, f".gitignore: add {' '.join(missing)} (rebuilt by `lip build`, cached by the workflow)")
    return Check(name)


def _workflow_checks(facts: RepoFacts) -> tuple[Check, ...]:
    branch = facts.settings.branch if facts.settings else "main"
    try:
        check_branch(branch)
    except LipError as exc:
        return (Check("workflows match this lip", f"pyproject.toml [tool.lip]: {exc}"),)
    return tuple(_workflow(name, facts.workflows.get(name), branch) for name in WORKFLOWS
                 if name in REQUIRED_WORKFLOWS or facts.workflows.get(name) is not None)


def _workflow(name: str, text: str | None, branch: str) -> Check:
    path = f".github/workflows/{name}"
    label = f"{path} is the one this lip ships (branch {branch})"
    if text is None:
        return Check(label, f"{path} is missing: run `lip doctor --fix` to write it")
    if text != render_workflow(name, branch):
        return Check(label, f"{path} differs from the one this lip ships: "
                            "run `lip doctor --fix` to rewrite it (git diff shows what changed)")
    return Check(label)


def gather_facts(project: Project) -> RepoFacts:
    settings, settings_error = _read_settings(project)
    mkdocs, mkdocs_error = _read_mkdocs(project.mkdocs_yml)
    folder = project.root / ".github" / "workflows"
    return RepoFacts(
        settings=settings, settings_error=settings_error, mkdocs=mkdocs, mkdocs_error=mkdocs_error,
        workflows={name: _read(folder / name) for name in WORKFLOWS},
        gitignore=_read(project.root / ".gitignore"), origin_url=_origin_url(project.root),
    )


def _origin_url(root: Path) -> str:
    try:
        done = subprocess.run(["git", "-C", str(root), "remote", "get-url", "origin"],
                              capture_output=True, text=True, check=False, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return ""
    return done.stdout.strip() if done.returncode == 0 else ""


def _read_settings(project: Project) -> tuple[Settings | None, str]:
    if not project.pyproject.is_file():
        return None, "pyproject.toml is missing: run `lip init DIR` for a new site"
    try:
        return project.settings(), ""
    except LipError as exc:
        return None, str(exc)


class _MkDocsLoader(yaml.SafeLoader):
    """Reads mkdocs.yml like MkDocs does, ignoring its tags (!ENV, !!python/name:...)."""


_MkDocsLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def _read_mkdocs(path: Path) -> tuple[dict | None, str]:
    text = _read(path)
    if text is None:
        return None, "mkdocs.yml is missing: copy it from a new `lip init` site"
    try:
        data = yaml.load(text, Loader=_MkDocsLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        return None, f"mkdocs.yml:{mark.line + 1 if mark else '?'}: invalid YAML"
    if not isinstance(data, dict):
        return None, "mkdocs.yml: expected a mapping of settings"
    return data, ""


def _read(path: Path) -> str | None:
    return path.read_text(encoding="utf-8") if path.is_file() else None
