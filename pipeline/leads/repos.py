"""From library names to GitHub repositories: the bundled table, the user's overrides, and
(only when asked) PyPI project metadata.

The mapping itself is pure; `pypi_repositories` is the one place that goes online, and only to
the PyPI JSON API named in the settings.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from importlib import resources
from typing import TYPE_CHECKING, Iterable, Mapping

from pipeline.leads.settings import LeadSettings

if TYPE_CHECKING:  # both slow to import, and a build only checks repository names
    import requests

    from pipeline.leads.discover import LibraryUse

_REPO = re.compile(r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$")
_GITHUB_URL = re.compile(r"https?://(?:www\.)?github\.com/([A-Za-z0-9_.-]+)/([A-Za-z0-9_.-]+)")
_NOT_OWNERS = {"sponsors", "orgs", "features", "topics", "marketplace"}


@dataclass(frozen=True)
class Target:
    """A repository (`owner/name`) or organisation to search, and why it is on the list."""

    scope: str
    kind: str  # "repo" or "org"
    why: str
    weight: int = 0

    @property
    def qualifier(self) -> str:
        return f"{self.kind}:{self.scope}"


def normalize(name: str) -> str:
    """PEP 503 normalisation, so `Scikit_Learn` and `scikit-learn` meet."""
    return re.sub(r"[-_.]+", "-", name).lower()


def bundled_table() -> dict[str, str]:
    """The import/PyPI name -> repository table shipped with lip, keyed by normalized name."""
    text = resources.files("pipeline.leads").joinpath("packages.json").read_text(encoding="utf-8")
    return {normalize(k): v for k, v in json.loads(text)["packages"].items()}


def repository_table(settings: LeadSettings, found_online: Mapping[str, str | None] = {}) -> dict[str, str]:
    """Bundled table, then PyPI answers, then the user's own entries (which win)."""
    table = bundled_table()
    table.update({normalize(k): v for k, v in found_online.items() if v})
    table.update({normalize(k): v for k, v in settings.packages.items()})
    return table


def describe_use(use: LibraryUse) -> str:
    """The human reason a library is on the list: 'you import pandas in 7 notebooks and 2 notes'."""
    parts = [_count(use.notebooks, "notebook"), _count(use.notes, "note")]
    parts = [p for p in parts if p]
    said = f"you import {use.name} in {' and '.join(parts)}" if parts else ""
    if use.projects:
        needed = f"{', '.join(use.projects)} require{'s' if len(use.projects) == 1 else ''} {use.name}"
        said = f"{said}; {needed}" if said else needed
    return said


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}" if n else ""


def library_targets(uses: Iterable[LibraryUse], table: Mapping[str, str]) -> tuple[list[Target], list[str]]:
    """Repositories for the libraries in `uses`, most used first, and the names left unmapped."""
    by_repo: dict[str, list[LibraryUse]] = {}
    unmapped = []
    for use in uses:
        repo = table.get(normalize(use.name))
        if repo is None:
            unmapped.append(use.name)
        elif repo:  # an empty override means "ignore this import"
            by_repo.setdefault(repo, []).append(use)
    targets = [
        Target(repo, "repo", "; ".join(describe_use(u) for u in _by_weight(us)), sum(u.weight for u in us))
        for repo, us in by_repo.items()
    ]
    return sorted(targets, key=lambda t: (-t.weight, t.scope.lower())), sorted(unmapped)


def _by_weight(uses: list[LibraryUse]) -> list[LibraryUse]:
    return sorted(uses, key=lambda u: (-u.weight, u.name))


def explicit_targets(settings: LeadSettings) -> list[Target]:
    """Repositories and organisations listed in the settings; weighted above any library."""
    targets = [Target(r, "repo", "listed in your settings", 1000) for r in settings.repos]
    targets += [Target(o, "org", f"{o} is an organisation in your settings", 1000) for o in settings.orgs]
    return targets


def merge_targets(*groups: Iterable[Target]) -> list[Target]:
    """One target per scope (case-insensitive, as GitHub treats names), the first reason first."""
    merged: dict[tuple[str, str], Target] = {}
    for group in groups:
        for t in group:
            key = (t.kind, t.scope.lower())
            old = merged.get(key)
            merged[key] = t if old is None else Target(old.scope, t.kind, f"{old.why}; {t.why}", old.weight + t.weight)
    return sorted(merged.values(), key=lambda t: (-t.weight, t.scope.lower()))


def is_repository(name: str) -> bool:
    return bool(_REPO.match(name))


def repository_from_metadata(info: Mapping) -> str | None:
    """The first GitHub repository named by a PyPI project's `info` (project URLs, then home page)."""
    urls = list((info.get("project_urls") or {}).values()) + [info.get("home_page") or ""]
    for url in urls:
        match = _GITHUB_URL.match(str(url))
        if match and match.group(1).lower() not in _NOT_OWNERS:
            return f"{match.group(1)}/{match.group(2).removesuffix('.git')}"
    return None


def _metadata_repository(response: requests.Response) -> str | None:
    try:
        data = response.json()
    except ValueError:
        return None
    return repository_from_metadata(data.get("info") or {}) if isinstance(data, dict) else None


def pypi_repositories(names: Iterable[str], base_url: str,
                      timeout: float = 10.0) -> tuple[dict[str, str | None], list[str]]:
    """Ask PyPI's JSON API for each name's repository. Unknown names map to None; failures are notes."""
    import requests  # only when PyPI is really asked (a build only checks repository names)

    found: dict[str, str | None] = {}
    problems = []
    with requests.Session() as session:
        for name in names:
            url = f"{base_url.rstrip('/')}/pypi/{normalize(name)}/json"
            try:
                response = session.get(url, timeout=timeout)
            except requests.RequestException as exc:
                problems.append(f"PyPI lookup stopped at {url}: {type(exc).__name__}")
                break
            if response.status_code == 404:
                found[name] = None
            elif response.ok:
                found[name] = _metadata_repository(response)
            else:
                problems.append(f"PyPI answered {response.status_code} for {url}")
    return found, problems
