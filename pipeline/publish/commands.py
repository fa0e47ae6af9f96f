"""What `lip build` and `lip check` print around the build itself: a live progress display of the
stages on a terminal, notices, and one summary line with the counts spelled right."""

from __future__ import annotations

from contextlib import contextmanager
from typing import Callable, Iterator

import click
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from pipeline.collector import fewer_collections
from pipeline.project import Project
from pipeline.publish.build import BuildReport, build, render_docs
from pipeline.wording import counted


def run_build(project: Project, *, keep_going: bool, fetch: bool) -> BuildReport:
    if fetch:
        from pipeline.feeds.commands import run_update
        from pipeline.portfolio.commands import fetch_for_build

        run_update(project).require_one_worked()  # a failing feed is one line; all failing stops
        fetch_for_build(project)  # GitHub failing is a warning: the last update is published
    with stage_progress("building") as on_stage:
        report = build(project, keep_going=keep_going, on_stage=on_stage)
    _print_notices(report, skipped=False)
    click.echo(build_summary(project, report))
    _print_skipped(report)  # last, so a long build's output ends with what it left out
    return report


def build_summary(project: Project, report: BuildReport) -> str:
    timing = ("mkdocs skipped: nothing changed" if report.mkdocs_skipped
              else f"{report.mkdocs_seconds:.2f}s mkdocs")
    return (f"built {project.relative(project.site)}/: {counted(report.posts, 'post')}, "
            f"{report.converted} converted, {report.cached} from cache, "
            f"{counted(report.written, 'file')} written, {report.removed} removed "
            f"({report.render_seconds:.2f}s render, {timing})")


def run_check(project: Project) -> BuildReport:
    with stage_progress("checking") as on_stage, fewer_collections():
        _, report = render_docs(project, check=True, on_stage=on_stage)
    _print_notices(report)
    click.echo(f"content is valid: {counted(report.posts, 'post')}")
    return report


@contextmanager
def stage_progress(verb: str) -> Iterator[Callable[[str], None]]:
    """A spinner on stderr naming the stage at work and its time, only on a terminal (nothing in
    logs, pipes or CI); yields the `on_stage(name)` callback the build calls."""
    console = Console(stderr=True)
    if not console.is_terminal:
        yield lambda name: None
        return
    columns = (SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task(verb, total=None)
        yield lambda name: progress.update(task, description=f"{verb}: {name}")


def _print_notices(report: BuildReport, skipped: bool = True) -> None:
    for notice in report.notices:
        click.echo(f"note: {notice}")
    if skipped:
        _print_skipped(report)


def _print_skipped(report: BuildReport) -> None:
    for problem in report.skipped:
        click.secho(f"skipped: {problem}", fg="yellow", err=True)
    if report.skipped:
        click.secho(f"{len(report.skipped)} problem(s) skipped (--keep-going): "
                    "what they name is not in the site", fg="yellow", err=True)
