"""One run of the leads stage: discover libraries, map them to repositories, search (or reuse
the last run when it is fresh), rank, and keep the result in the state folder.

Reads content and settings first, then talks to PyPI/GitHub, then writes one state file.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Callable

from github import Github

from pipeline.errors import SettingsError
from pipeline.leads.discover import LibraryUse, merge_uses, scan_content, scan_projects
from pipeline.leads.query import base_qualifiers, batch_queries, search_labels
from pipeline.leads.rank import rank_leads
from pipeline.leads.repos import (Target, explicit_targets, is_repository, library_targets,
                                  merge_targets, normalize, pypi_repositories, repository_table)
from pipeline.leads.search import Searcher, client
from pipeline.leads.settings import LeadSettings
from pipeline.leads.state import LeadsRun, read_run, write_run
from pipeline.project import Project


@dataclass(frozen=True)
class RunOptions:
    """What the command line can change for one run."""

    refresh: bool = False
    help_wanted: bool = False
    language: str | None = None
    pypi: bool | None = None


def check_settings(settings: LeadSettings) -> None:
    """Reject repository names GitHub could never answer for, naming the bad entry."""
    for repo in settings.repos:
        if not is_repository(repo):
            raise SettingsError(f"[tool.lip.leads] repos: {repo!r} is not owner/name")
    for name, repo in settings.packages.items():
        if repo and not is_repository(repo):
            raise SettingsError(f"[tool.lip.leads] packages.{name}: {repo!r} is not owner/name")
    for key in ("updated_within_days", "max_requests", "results_per_query", "max_leads"):
        if getattr(settings, key) < 1:
            raise SettingsError(f"[tool.lip.leads] {key}: must be at least 1")
    if not settings.labels:
        raise SettingsError("[tool.lip.leads] labels: give at least one label")


def discover(project: Project, settings: LeadSettings) -> tuple[dict[str, LibraryUse], list[str]]:
    uses, problems = scan_content(project.content)
    required, more = scan_projects(project.root, settings.projects)
    return merge_uses(uses, required), [str(p) for p in [*problems, *more]]


def run_key(targets: list[Target], settings: LeadSettings, options: RunOptions) -> str:
    """What decides the answer; a cached run is reused only when this is unchanged."""
    facts = [sorted(t.qualifier for t in targets), search_labels(settings, options.help_wanted),
             _language(settings, options), settings.updated_within_days, settings.topics,
             settings.results_per_query, settings.max_leads]
    return hashlib.sha256(json.dumps(facts, default=list).encode()).hexdigest()[:16]


def _language(settings: LeadSettings, options: RunOptions) -> str:
    return settings.language if options.language is None else options.language


def _pypi_answers(uses: dict[str, LibraryUse], settings: LeadSettings, options: RunOptions,
                  last: LeadsRun | None, notices: list[str]) -> dict[str, str | None]:
    """PyPI's answers for imports the tables do not know, asked once and remembered in the state."""
    known = dict(last.pypi) if last else {}
    if not (settings.pypi_lookup if options.pypi is None else options.pypi):
        return known
    table = repository_table(settings)
    wanted = [n for n in sorted(uses) if normalize(n) not in table and n not in known]
    found, problems = pypi_repositories(wanted, settings.pypi_url)
    notices.extend(problems)
    return {**known, **found}


def find_leads(project: Project, settings: LeadSettings, now: datetime, options: RunOptions = RunOptions(),
               make_client: Callable[[], Github] = client, say: Callable[[str], None] = lambda message: None,
               ) -> LeadsRun:
    """The leads for this project: the cached run when fresh, else a new search saved as state.
    `say` hears, as they happen, the pauses of the search (retries, rate limits)."""
    check_settings(settings)
    uses, notices = discover(project, settings)
    last = read_run(project.state)
    pypi = _pypi_answers(uses, settings, options, last, notices)
    mapped, unmapped = library_targets(uses.values(), repository_table(settings, pypi))
    targets = merge_targets(explicit_targets(settings), mapped)
    key = run_key(targets, settings, options)
    if last and not options.refresh and last.is_fresh(key, now, settings.cache_minutes):
        return replace(last, from_cache=True)
    run = _search(make_client(), targets, settings, options, now, say)
    run = replace(run, key=key, notices=tuple(notices) + run.notices, libraries=len(uses),
                  unmapped=tuple(unmapped), pypi=pypi)
    write_run(project.state, run)
    return run


def _search(gh: Github, targets: list[Target], settings: LeadSettings, options: RunOptions,
            now: datetime, say: Callable[[str], None]) -> LeadsRun:
    searcher = Searcher(gh, settings, say=say)
    targets = merge_targets(targets, searcher.topic_targets(settings.topics))
    base = base_qualifiers(search_labels(settings, options.help_wanted), now,
                           settings.updated_within_days, _language(settings, options))
    found = searcher.run(batch_queries(targets, base), base) if targets else []
    log = searcher.log
    notices = list(log.notices) + [n for n in [log.left_out_notice()] if n]
    if not targets:
        notices.append("no libraries or repositories to search: import packages in content/ "
                       "or list repos in [tool.lip.leads]")
    leads = rank_leads(found, targets, now, settings.max_leads)
    return LeadsRun(tuple(leads), now, requests=log.requests, notices=tuple(notices), stopped=log.stopped,
                    incomplete=log.incomplete)
