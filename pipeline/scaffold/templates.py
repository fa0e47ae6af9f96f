"""The files of a new site repository, rendered from the templates shipped as package data.

Pure functions: they take the few facts that vary between sites (name, author, URLs, branch,
how CI installs lip) and return text. Nothing here reads or writes the user's files.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from importlib import metadata, resources
from pathlib import Path, PurePosixPath
from typing import Callable
from urllib.parse import urlsplit
from urllib.request import url2pathname

from pipeline.errors import SettingsError

DISTRIBUTION = "learn-in-public"
WORKFLOWS = ("publish.yml", "check.yml")
REQUIRED_WORKFLOWS = ("publish.yml",)
BRANCH_PATTERN = re.compile(r"^[A-Za-z0-9._/-]+$")
_SITE_FILES = {
    "pyproject.toml": "site/pyproject.toml.in",
    ".gitignore": "site/gitignore",
    "content/about.md": "site/content/about.md",
    "content/following.opml": "site/content/following.opml",
    "content/posts/hello.md": "site/content/posts/hello.md",
    "mkdocs.yml": "mkdocs.yml",
}


@dataclass(frozen=True)
class SiteFacts:
    """What differs between two new sites."""

    name: str
    author: str = "Your Name"
    site_url: str = ""
    repo_url: str = ""
    branch: str = "main"
    requirement: str = f"{DISTRIBUTION}>=0.1"
    today: date = date(2026, 1, 1)


def template_text(name: str) -> str:
    return resources.files("pipeline.scaffold").joinpath("templates", name).read_text(encoding="utf-8")


def render_workflow(name: str, branch: str) -> str:
    """The workflow `name` as `lip init` writes it for a site published from `branch`."""
    check_branch(branch)
    return template_text(f"workflows/{name}").replace("branches: [main]", f"branches: [{branch}]")


def site_files(facts: SiteFacts) -> dict[PurePosixPath, str]:
    """Every file of a new site repository, by path relative to its root."""
    check_branch(facts.branch)
    values = {
        "__NAME__": facts.name, "__AUTHOR__": facts.author, "__SITE_URL__": facts.site_url,
        "__REPO_URL__": facts.repo_url, "__BRANCH__": facts.branch,
        "__REQUIREMENT__": facts.requirement, "__DATE__": facts.today.isoformat(),
    }
    files = {PurePosixPath(path): _fill(template_text(source), values) for path, source in _SITE_FILES.items()}
    for workflow in WORKFLOWS:
        files[PurePosixPath(".github/workflows", workflow)] = render_workflow(workflow, facts.branch)
    return files


def _fill(text: str, values: dict[str, str]) -> str:
    for marker, value in values.items():
        text = text.replace(f'"{marker}"', toml_string(value)).replace(marker, value)
    return text


def toml_string(value: str) -> str:
    """`value` as a TOML basic string: quotes, backslashes and control characters escaped."""
    def escape(char: str) -> str:
        if char in '"\\':
            return "\\" + char
        if ord(char) < 0x20 or ord(char) == 0x7F:
            return f"\\u{ord(char):04x}"
        return char

    return '"' + "".join(escape(c) for c in value) + '"'


def check_branch(branch: str) -> None:
    if not BRANCH_PATTERN.match(branch) or branch.startswith("-"):
        raise SettingsError(f"branch {branch!r}: use letters, digits and . _ / - only")


def project_name(folder_name: str) -> str:
    """A valid Python distribution name from the site's folder name."""
    name = re.sub(r"[^A-Za-z0-9._-]+", "-", folder_name).strip("-._")
    return name.lower() or "my-site"


def pages_url(repo_url: str) -> str:
    """Where GitHub Pages serves `https://github.com/owner/repo`; '' if it is not such a URL."""
    match = re.fullmatch(r"https://github\.com/([A-Za-z0-9-]+)/([A-Za-z0-9._-]+?)(?:\.git)?/?", repo_url)
    if not match:
        return ""
    owner, repo = match.group(1).lower(), match.group(2)
    if repo.lower() == f"{owner}.github.io":
        return f"https://{owner}.github.io/"
    return f"https://{owner}.github.io/{repo}/"


def github_https(url: str) -> str:
    """`https://github.com/owner/repo` for any HTTPS or SSH spelling of a GitHub remote, else ''."""
    match = re.fullmatch(r"(?:https://github\.com/|git@github\.com:|ssh://git@github\.com/)"
                         r"([A-Za-z0-9-]+)/([A-Za-z0-9._-]+?)(?:\.git)?/?", url.strip())
    return f"https://github.com/{match.group(1)}/{match.group(2)}".lower() if match else ""


def default_requirement(origin_of: Callable[[Path], str] = lambda folder: "") -> str:
    """How a new site's CI installs lip: from where this lip was installed (see `requirement_for`)."""
    try:
        dist = metadata.distribution(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        return f"{DISTRIBUTION}>=0.1"
    return requirement_for(json.loads(dist.read_text("direct_url.json") or "{}"), dist.version, origin_of)


def requirement_for(direct_url: dict, version: str, origin_of: Callable[[Path], str]) -> str:
    """The Git URL lip was installed from (pinned), or the GitHub origin of the local clone it was
    installed from (`origin_of(folder)`), else `learn-in-public>=version` from a package index."""
    url, vcs = direct_url.get("url", ""), direct_url.get("vcs_info", {})
    if vcs.get("vcs") == "git" and url.startswith("https://"):
        return f"{DISTRIBUTION} @ git+{url}@{vcs['commit_id']}"
    clone = github_https(origin_of(Path(url2pathname(urlsplit(url).path)))) if url.startswith("file:") else ""
    if clone:  # unpinned: the local HEAD may not be pushed yet
        return f"{DISTRIBUTION} @ git+{clone}"
    return f"{DISTRIBUTION}>={version}"
