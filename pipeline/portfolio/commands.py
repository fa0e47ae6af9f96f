"""Command-line commands of the portfolio stage; `pipeline.cli` registers every one in COMMANDS.

`lip portfolio update` fetches from GitHub and stores; it prints counts and notices, never the
token. PyGithub is imported only when a command runs, so that `lip` starts fast.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import TYPE_CHECKING

import click

from pipeline.errors import GitHubError
from pipeline.leads.commands import plain

if TYPE_CHECKING:
    from pipeline.portfolio.store import PortfolioState
    from pipeline.project import Project


def print_summary(state: PortfolioState) -> None:
    from rich.console import Console

    err = Console(stderr=True)
    repos = len({c.repo.lower() for c in state.contributions})
    fixed = sum(1 for c in state.contributions if c.fixes_lead)
    click.echo(
        f"{len(state.contributions)} merged pull request(s) by {state.user} in {repos} repositories"
        f"{f' ({fixed} fixed a lead)' if fixed else ''}; figures of {len(state.repos)} repositories; "
        f"{state.requests} GitHub request(s)"
    )
    for notice in state.notices:
        err.print(plain(f"note: {notice}"))
    if state.stopped:
        err.print(plain(f"partial update (the rest kept from the last one): {state.stopped}"), style="yellow")


def run_update(project: Project) -> PortfolioState:
    from pipeline.portfolio.update import update_portfolio

    state = update_portfolio(project, datetime.now(timezone.utc))
    print_summary(state)
    return state


def fetch_for_build(project: Project) -> None:
    """`lip build --fetch`: update the portfolio too; GitHub failing must not stop the build."""
    if not project.settings().github_login:
        click.echo("note: portfolio not updated: no [tool.lip] github_user (or github.com repo_url)")
        return
    try:
        run_update(project)
    except GitHubError as exc:
        click.secho(f"warning: portfolio not updated: {exc}", fg="yellow", err=True)


@click.group("portfolio")
def portfolio() -> None:
    """Projects, open-source contributions and the résumé."""


@portfolio.command("update")
@click.pass_obj
def update(obj) -> None:
    """Fetch your projects' repository figures and your merged pull requests from GitHub
    (GITHUB_TOKEN optional) and store them for `lip build`, which never asks GitHub itself."""
    run_update(obj.get() if hasattr(obj, "get") else obj)


COMMANDS: list[click.Command] = [portfolio]
