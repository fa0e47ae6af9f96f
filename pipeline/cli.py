"""The `lip` command: a thin layer that parses options and calls one function per command.

A `LipError` (the user's mistake) becomes one line per problem on stderr and exit code 1;
anything else is a bug and keeps its traceback. Every command imports its stage's work (MkDocs,
PyGithub, genanki, WeasyPrint, nbconvert...) only when it runs, so `lip --help` and each command
start fast; the stages' `commands.py` modules keep to click at import time.
"""

from __future__ import annotations

import importlib
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import click

from pipeline.errors import LipError, ProblemsError
from pipeline.wording import counted

if TYPE_CHECKING:
    from pipeline.project import Project

# Commands that never write (`doctor --fix` has already said what it wrote): their failure must not
# claim "nothing was written" as if it had been prevented.
READ_ONLY_COMMANDS = ("check", "doctor")
STAGE_COMMANDS = (
    "pipeline.notebooks.commands", "pipeline.decks.commands", "pipeline.feeds.commands",
    "pipeline.leads.commands", "pipeline.cheatsheets.commands", "pipeline.scaffold.commands",
    "pipeline.portfolio.commands",
)


class LipGroup(click.Group):
    """Turns user mistakes into clear lines instead of tracebacks."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except ProblemsError as exc:
            for problem in exc.problems:
                click.secho(f"error: {problem}", fg="red", err=True)
            suffix = "." if ctx.invoked_subcommand in READ_ONLY_COMMANDS else "; nothing was written."
            click.secho(counted(len(exc.problems), "problem") + suffix, err=True)
            ctx.exit(1)
        except LipError as exc:
            click.secho(f"error: {exc}", fg="red", err=True)
            ctx.exit(1)
        except OSError as exc:  # a folder that can't be written, a full disk: the machine's, not a bug
            where = f"{exc.filename}: " if exc.filename else ""
            click.secho(f"error: {where}{exc.strerror or exc}", fg="red", err=True)
            ctx.exit(1)


@click.group(cls=LipGroup)
@click.option("-C", "--root", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="The site repository (default: the nearest folder with mkdocs.yml).")
@click.version_option(package_name="learn-in-public")
@click.pass_context
def main(ctx: click.Context, root: Path | None) -> None:
    """learn-in-public: notes, notebooks, cheatsheets, Anki decks, a feed digest and good first
    issues, published as one MkDocs Material site."""
    ctx.obj = _LazyProject(root)


class _LazyProject:
    """Finds the project only when a command needs it, so `lip init` works anywhere."""

    def __init__(self, root: Path | None) -> None:
        self.root = root

    def get(self) -> Project:
        from pipeline.project import Project, find_project

        return Project(self.root.resolve()) if self.root else find_project(Path.cwd())


pass_project = click.make_pass_decorator(_LazyProject)


@main.command()
@click.option("--keep-going", is_flag=True,
              help="Publish what builds; report failed sources without failing the build.")
@click.option("--fetch", is_flag=True, help="Update the followed feeds first (needs network).")
@pass_project
def build(lazy: _LazyProject, keep_going: bool, fetch: bool) -> None:
    """Build the site from content/ into site/ (offline unless --fetch)."""
    from pipeline.publish.commands import run_build

    run_build(lazy.get(), keep_going=keep_going, fetch=fetch)


@main.command()
@pass_project
def check(lazy: _LazyProject) -> None:
    """Validate all content and settings without writing anything."""
    from pipeline.publish.commands import run_check

    run_check(lazy.get())


@main.command()
@click.option("-a", "--dev-addr", default="127.0.0.1:8000", show_default=True,
              help="Address to serve the preview on.")
@pass_project
def serve(lazy: _LazyProject, dev_addr: str) -> None:
    """Preview the site (drafts and future posts included); rebuilds when content/ changes."""
    from pipeline.publish.serve import serve_site

    serve_site(lazy.get(), dev_addr)


@main.group()
def new() -> None:
    """Start a new post or cheatsheet from a template."""


@new.command("post")
@click.argument("title")
@click.option("--date", "when", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="Date of the post (default: today).")
@pass_project
def new_post(lazy: _LazyProject, title: str, when) -> None:
    """Write content/posts/<slug>.md with front matter and today's date."""
    from pipeline.content.new import write_new_post

    path = write_new_post(lazy.get(), title, when.date() if when else date.today())
    click.echo(f"wrote {path}")


def _register_stage_commands() -> None:
    for name in STAGE_COMMANDS:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue
        for command in getattr(module, "COMMANDS", ()):
            main.add_command(command)
        for command in getattr(module, "NEW_COMMANDS", ()):
            new.add_command(command)


_register_stage_commands()
