"""`lip doctor`: does this repository have what publishing to GitHub Pages needs?

Reads the settings, `mkdocs.yml`, `.gitignore`, the workflows and the `lip` dependency a site's
CI installs (asking the package index pip uses whether it serves it), and returns one `Check` per
requirement with the fix in words. Facts are gathered at the edge (`gather_facts`); the decisions
(`diagnose`) are pure. Never writes anything.
"""

from __future__ import annotations

import re
import subprocess
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

import yaml
from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name

from pipeline.errors import LipError
from pipeline.project import Project
from pipeline.scaffold.index import index_url, served_versions
from pipeline.scaffold.templates import (
    DISTRIBUTION,
    REQUIRED_WORKFLOWS,
    WORKFLOWS,
    check_branch,
    github_https,
    pages_url,
    render_workflow,
)
from pipeline.settings import Settings

EXPECTED_DIRS = {"docs_dir": "build/docs", "site_dir": "site"}
IGNORED = ("site", "build", ".lip")
_GITHUB_REPO = re.compile(r"https://github\.com/[A-Za-z0-9-]+/[A-Za-z0-9._-]+/?")
# Hosts and GitHub owners that only ever appear in templates and examples.
_PLACEHOLDERS = {"example", "you", "your-name", "yourname", "user", "username", "owner"}


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
    lip_requirement: str = ""  # the site's dependency on lip (pyproject [project]), '' when none
    index: str = ""  # the package index asked about `lip_requirement`, when it names no URL
    served: tuple[str, ...] = ()  # the versions that index serves
    index_error: str = ""


def doctor(project: Project) -> tuple[Check, ...]:
    return diagnose(gather_facts(project))


def diagnose(facts: RepoFacts) -> tuple[Check, ...]:
    checks: list[Callable[[RepoFacts], Check | None]] = [
        _settings_valid, _site_url, _repo_url, _repo_is_origin, _mkdocs_dirs, _gitignore, _lip_dependency,
    ]
    found = tuple(check(facts) for check in checks)
    return tuple(check for check in found if check is not None) + _workflow_checks(facts)


def _settings_valid(facts: RepoFacts) -> Check:
    return Check("settings in pyproject.toml [tool.lip]", facts.settings_error)


def _site_url(facts: RepoFacts) -> Check | None:
    name = "site_url (where the site is served)"
    if facts.settings is None:
        return None  # unreadable settings are one problem, reported once
    url = facts.settings.site_url
    if not url:
        return Check(name, "pyproject.toml [tool.lip]: set site_url, e.g. "
                           '"https://you.github.io/repo/" (feed.xml and Anki links need full URLs)')
    if not re.match(r"https?://[^/\s]+", url):
        return Check(name, f"pyproject.toml [tool.lip]: site_url {url!r} is not an http(s) URL")
    if is_placeholder(url):
        return Check(name, f"pyproject.toml [tool.lip]: site_url {url!r} is the template's placeholder: "
                           "set it to your site's address (feed, Anki and Colab/Binder links use it)")
    served = pages_url(facts.settings.repo_url)
    if ".github.io" in url.split("/")[2] and served and url.rstrip("/") != served.rstrip("/"):
        return Check(name, f"pyproject.toml [tool.lip]: site_url {url!r}, but GitHub Pages serves "
                           f"{facts.settings.repo_url} at {served!r} (a custom domain is fine)")
    return Check(name)


def _repo_url(facts: RepoFacts) -> Check | None:
    name = "repo_url (the GitHub repository)"
    if facts.settings is None:
        return None  # unreadable settings are one problem, reported once
    url = facts.settings.repo_url
    if not url:
        return Check(name, 'pyproject.toml [tool.lip]: set repo_url, e.g. "https://github.com/you/repo"')
    if not _GITHUB_REPO.fullmatch(url):
        return Check(name, f"pyproject.toml [tool.lip]: repo_url {url!r} is not https://github.com/OWNER/REPO")
    if is_placeholder(url):
        return Check(name, f"pyproject.toml [tool.lip]: repo_url {url!r} is the template's placeholder: "
                           "set it to your repository (Colab, Binder and GitHub links point there)")
    return Check(name)


def _repo_is_origin(facts: RepoFacts) -> Check | None:
    """A repository made from the template still names the template: say so."""
    origin = github_https(facts.origin_url)
    if facts.settings is None or not origin or not facts.settings.repo_url:
        return None
    name = "repo_url and git's origin"
    if github_https(facts.settings.repo_url) != origin:
        return Check(name, f"pyproject.toml [tool.lip]: repo_url {facts.settings.repo_url!r}, but git's "
                           f"origin is {origin!r}: set repo_url (and site_url) to this repository")
    return Check(name)


def is_placeholder(url: str) -> bool:
    """`https://example.github.io/...`, `https://github.com/you/...`, `https://example.com/`."""
    parts = url.split("/")
    host = parts[2].lower() if len(parts) > 2 else ""
    labels = host.split(".")
    owner = parts[3].lower() if host == "github.com" and len(parts) > 3 else ""
    return (owner in _PLACEHOLDERS or labels[0] in _PLACEHOLDERS
            or ".".join(labels[-2:]) in ("example.com", "example.org", "example.net"))


def _lip_dependency(facts: RepoFacts) -> Check | None:
    """A site's CI runs `pip install .`: the lip it names must be one pip can install."""
    if not facts.lip_requirement:
        return None
    name = f"{DISTRIBUTION} dependency (what the workflow installs)"
    fix = (f"pyproject.toml [project] dependencies: {facts.lip_requirement!r} will fail the first "
           f"Actions run; name lip's Git repository instead, e.g. "
           f"\"{DISTRIBUTION} @ git+https://github.com/OWNER/{DISTRIBUTION}\"")
    if facts.index_error:
        return Check(name, f"{facts.index_error}; cannot check {facts.lip_requirement!r}. {fix}")
    requirement = Requirement(facts.lip_requirement)
    if requirement.url or list(requirement.specifier.filter(facts.served, prereleases=True)):
        return Check(name)
    served = ", ".join(facts.served) or "no version"
    return Check(name, f"{facts.index} serves {served} of {DISTRIBUTION}: {fix}")


def _mkdocs_dirs(facts: RepoFacts) -> Check:
    name = "mkdocs.yml docs_dir and site_dir"
    if facts.mkdocs is None:
        return Check(name, facts.mkdocs_error)
    wrong = [f"{key}: {facts.mkdocs.get(key)!r}" for key, want in EXPECTED_DIRS.items()
             if str(facts.mkdocs.get(key, "")).rstrip("/") != want]
    if wrong:
        want = ", ".join(f"{k}: {v}" for k, v in EXPECTED_DIRS.items())
        return Check(name, f"mkdocs.yml: {', '.join(wrong)}; lip writes and publishes {want}")
    return Check(name)


def _gitignore(facts: RepoFacts) -> Check:
    name = ".gitignore (build output and state)"
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
    label = f"{path} (as this lip ships it, for branch {branch})"
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
    facts = RepoFacts(
        settings=settings, settings_error=settings_error, mkdocs=mkdocs, mkdocs_error=mkdocs_error,
        workflows={name: _read(folder / name) for name in WORKFLOWS},
        gitignore=_read(project.root / ".gitignore"), origin_url=origin_url(project.root),
        lip_requirement=_lip_requirement(project.pyproject),
    )
    return _with_index_answer(facts)


def _lip_requirement(pyproject: Path) -> str:
    """The `[project] dependencies` entry naming lip ('' when there is none or it can't be read)."""
    try:
        dependencies = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["dependencies"]
    except (OSError, tomllib.TOMLDecodeError, KeyError, TypeError):
        return ""
    for text in dependencies if isinstance(dependencies, list) else ():
        try:
            if canonicalize_name(Requirement(str(text)).name) == DISTRIBUTION:
                return str(text)
        except InvalidRequirement:
            continue
    return ""


def _with_index_answer(facts: RepoFacts) -> RepoFacts:
    """Ask the package index about a lip dependency that names no URL (the only network use)."""
    if not facts.lip_requirement or Requirement(facts.lip_requirement).url:
        return facts
    index = index_url()
    try:
        return replace(facts, index=index, served=served_versions(DISTRIBUTION, index))
    except LipError as exc:
        return replace(facts, index=index, index_error=str(exc))


def origin_url(root: Path) -> str:
    """The URL of git's remote "origin" for the repository at `root` ('' when there is none)."""
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
