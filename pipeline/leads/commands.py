"""Command-line commands of the leads stage; `pipeline.cli` registers every one in COMMANDS.

`lip leads` prints a table (or JSON); it never prints the token. The search (PyGithub) is
imported only when the command runs, so that `lip` starts fast.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import datetime, timezone
from typing import TYPE_CHECKING

import click

from pipeline.leads.text import visible

if TYPE_CHECKING:
    from rich.table import Table
    from rich.text import Text

    from pipeline.leads.state import LeadsRun


def plain(value: str) -> Text:
    """Untrusted text for the terminal: no control, bidirectional or zero-width characters, no Rich markup."""
    from rich.text import Text

    return Text(visible(value))


def leads_json(run: LeadsRun) -> str:
    leads = [dict(asdict(lead), created_at=lead.created_at.isoformat(), updated_at=lead.updated_at.isoformat())
             for lead in run.leads]
    return json.dumps({"leads": leads, "fetched_at": run.fetched_at.isoformat(), "requests": run.requests,
                       "from_cache": run.from_cache, "complete": run.complete, "stopped": run.stopped,
                       "incomplete_results": run.incomplete,
                       "notices": list(run.notices), "unmapped": list(run.unmapped)}, indent=2)


def leads_table(run: LeadsRun, now: datetime) -> Table:
    """Repository, issue (title, link, labels, why), age, comments: one row per lead."""
    from rich.table import Table

    from pipeline.leads.rank import age_days, describe_age

    table = Table(title="Good first issues in the libraries you use")
    table.add_column("Repository", overflow="fold")
    table.add_column("Issue", overflow="fold", ratio=1)
    table.add_column("Updated", no_wrap=True)
    table.add_column("Comments", justify="right")
    for lead in run.leads:
        issue = plain(f"#{lead.number} {lead.title}\n")
        issue.append(visible(f"{lead.url}\n"), style="blue")
        issue.append(visible(f"[{', '.join(lead.labels)}] {lead.why}"), style="dim")
        table.add_row(plain(lead.repo), issue, describe_age(age_days(lead.updated_at, now)), str(lead.comments))
    return table


def show_leads(run: LeadsRun, as_json: bool, now: datetime) -> None:
    from rich.console import Console

    if as_json:
        click.echo(leads_json(run))
    else:
        Console(soft_wrap=False).print(leads_table(run, now))
    err = Console(stderr=True)
    source = "cached run" if run.from_cache else f"{run.requests} GitHub request(s)"
    err.print(plain(f"{len(run.leads)} lead(s) from {source} at {run.fetched_at:%Y-%m-%d %H:%M} UTC"))
    for notice in run.notices:
        err.print(plain(f"note: {notice}"))
    if run.stopped:
        err.print(plain(f"partial results: {run.stopped}"), style="yellow")


@click.command("leads")
@click.option("--json", "as_json", is_flag=True, help="Print the leads as JSON for scripts.")
@click.option("--refresh", is_flag=True, help="Search GitHub again even when the last run is still fresh.")
@click.option("--help-wanted", is_flag=True,
              help="Also search the 'help wanted' label (many more, less suitable issues).")
@click.option("--language", default=None, metavar="NAME", help="Only repositories in this language (e.g. python).")
@click.option("--pypi/--no-pypi", default=None, help="Look up unknown imports on PyPI (needs network).")
@click.pass_obj
def leads(obj, as_json: bool, refresh: bool, help_wanted: bool, language: str | None, pypi: bool | None) -> None:
    """Find open, unassigned beginner issues in the libraries your notebooks and notes import."""
    from rich.console import Console

    from pipeline.leads.run import RunOptions, find_leads

    project = obj.get() if hasattr(obj, "get") else obj
    now = datetime.now(timezone.utc)
    options = RunOptions(refresh=refresh, help_wanted=help_wanted, language=language, pypi=pypi)
    err = Console(stderr=True)
    run = find_leads(project, project.settings().leads, now, options,
                     say=lambda message: err.print(plain(message)))
    show_leads(run, as_json, now)


COMMANDS: list[click.Command] = [leads]
