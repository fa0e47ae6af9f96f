"""Command-line commands of the scaffold stage: `lip init` and `lip doctor`. Their work is imported
only when a command runs, so that `lip` starts fast."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from pipeline.errors import LipError, ProblemsError
from pipeline.wording import counted

if TYPE_CHECKING:
    from pipeline.project import Project


@click.command("init")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--author", default="Your Name", show_default=True, help="Your name, shown on the site.")
@click.option("--repo-url", default="", help="https://github.com/OWNER/REPO; also gives the Pages site URL.")
@click.option("--site-url", default="", help="Where the site is served (default: from --repo-url).")
@click.option("--branch", default="main", show_default=True, help="The branch that publishes.")
@click.option("--requirement", default=None, envvar="LIP_REQUIREMENT",
              help="How the site's CI installs lip, as a pip requirement, e.g. "
                   "'learn-in-public @ git+https://github.com/OWNER/learn-in-public' (env LIP_REQUIREMENT; "
                   "default: the Git repository this lip was installed or cloned from).")
def init_command(directory: Path, author: str, repo_url: str, site_url: str, branch: str,
                 requirement: str | None) -> None:
    """Write a new site repository into DIRECTORY (new or empty): content, mkdocs.yml, workflows."""
    from pipeline.scaffold.init import init_site

    written = init_site(directory, author=author, repo_url=repo_url, site_url=site_url,
                        branch=branch, requirement=requirement)
    click.echo(f"wrote {counted(len(written), 'file')} into {directory}")
    click.echo(f"next: cd {directory} && lip build && lip doctor")


@click.command("doctor")
@click.option("--fix", is_flag=True, help="Rewrite the workflows lip ships (the only thing it changes).")
@click.pass_obj
def doctor_command(obj: object, fix: bool) -> None:
    """Check what publishing needs (settings, mkdocs.yml, workflows) and say what to fix."""
    from pipeline.scaffold.doctor import doctor as run_doctor
    from pipeline.scaffold.init import rewrite_workflows
    from pipeline.scaffold.pages import page_notes

    project = _project(obj)
    if fix:
        for path in rewrite_workflows(project.root, _branch(project)):
            click.echo(f"wrote {project.relative(path)}")
    checks = run_doctor(project)
    for check in checks:
        click.echo(f"{'ok' if check.ok else 'PROBLEM'}: {check.name}")
    for note in page_notes(project):  # worth knowing, never a reason to hold publishing back
        click.echo(f"note: {note}")
    problems = [LipError(check.problem) for check in checks if not check.ok]
    if problems:
        raise ProblemsError(problems)
    click.echo("ready to publish")


def _project(obj: object) -> Project:
    """The CLI passes a lazily found project; tests may pass a `Project` or nothing."""
    from pipeline.project import Project, find_project

    if isinstance(obj, Project):
        return obj
    if hasattr(obj, "get"):
        return obj.get()
    return find_project(Path.cwd())


def _branch(project: Project) -> str:
    try:
        return project.settings().branch
    except LipError:
        return "main"


COMMANDS: list[click.Command] = [init_command, doctor_command]
