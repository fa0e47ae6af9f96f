"""What `lip build` and `lip check` print around the build itself."""

from __future__ import annotations

import click

from pipeline.project import Project
from pipeline.publish.build import BuildReport, build, render_docs


def run_build(project: Project, *, keep_going: bool, fetch: bool) -> BuildReport:
    if fetch:
        from pipeline.feeds.commands import run_update

        run_update(project).require_one_worked()  # a failing feed is one line; all failing stops
    report = build(project, keep_going=keep_going)
    _print_notices(report)
    click.echo(
        f"built {project.relative(project.site)}/: {report.posts} posts, "
        f"{report.converted} converted, {report.cached} from cache, "
        f"{report.written} files written, {report.removed} removed "
        f"({report.render_seconds:.2f}s render, "
        + ("mkdocs skipped: nothing changed)" if report.mkdocs_skipped else f"{report.mkdocs_seconds:.2f}s mkdocs)")
    )
    return report


def run_check(project: Project) -> BuildReport:
    _, report = render_docs(project, check=True)
    _print_notices(report)
    click.echo(f"content is valid: {report.posts} posts")
    return report


def _print_notices(report: BuildReport) -> None:
    for notice in report.notices:
        click.echo(f"note: {notice}")
    for problem in report.skipped:
        click.secho(f"skipped: {problem}", fg="yellow", err=True)
