"""Command-line commands of the feeds stage; `pipeline.cli` registers every one in COMMANDS.

Untrusted feed text reaches the terminal only through `plain` (no control characters, no Rich
markup). Commands parse options and call one function of `run.py` or `update.py`, imported only
when the command runs so that `lip` starts fast.
"""

from __future__ import annotations

import os
import re
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

import click

from pipeline.feeds import STATUSES

if TYPE_CHECKING:
    from rich.text import Text

    from pipeline.feeds.update import UpdateSummary

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\x1b]")


def plain(value: str) -> Text:
    from rich.text import Text

    return Text(_CONTROL.sub("", value))


def _project(obj):
    return obj.get() if hasattr(obj, "get") else obj


@click.command("follow")
@click.argument("url", required=False)
@click.option("--name", help="The person's name (default: the feed's title).")
@click.option("--category",
              help="Category to file the feed under (default: [tool.lip.feeds] default-category).")
@click.option("--import", "import_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Merge the feeds of another reader's OPML export instead.")
@click.pass_obj
def follow(obj, url: str | None, name: str | None, category: str | None, import_file: Path | None) -> None:
    """Follow a person: a feed URL or a website URL whose feed is discovered and checked."""
    from rich.console import Console

    from pipeline.feeds import run

    project = _project(obj)
    if import_file:
        merged = run.import_opml(project, project.settings(), import_file)
        print_merged(merged, import_file)
        return
    if not url:
        raise click.UsageError("give a URL to follow, or --import FILE.opml")
    feed = run.follow(project, project.settings(), url, name, category)
    Console().print(plain(f"following {feed.title} ({feed.category}): {feed.url}"))


def print_merged(merged, source: Path, shown: int = 20) -> None:
    from rich.console import Console

    console = Console()
    console.print(plain(f"imported {len(merged.added)} new feed(s) from {source}"))
    if merged.duplicates:
        console.print(plain(f"{len(merged.duplicates)} duplicate outline(s) not added:"), style="yellow")
    for feed, why in merged.duplicates[:shown]:
        console.print(plain(f"  {feed.url} ({feed.title}): {why}"), style="yellow")
    if len(merged.duplicates) > shown:
        console.print(f"  … and {len(merged.duplicates) - shown} more", style="yellow")


@click.command("unfollow")
@click.argument("feed")
@click.pass_obj
def unfollow(obj, feed: str) -> None:
    """Stop following FEED (its feed URL, website URL or name as shown by `lip following`)."""
    from rich.console import Console

    from pipeline.feeds import run

    project = _project(obj)
    for removed in run.unfollow(project, project.settings(), feed):
        Console().print(plain(f"unfollowed {removed.title}: {removed.url}"))


@click.command("following")
@click.option("--status", "statuses", multiple=True, type=click.Choice(STATUSES),
              help="Only feeds in this status (repeat for several): failing, gone, new (not fetched yet), "
                   "ok.")
@click.option("--match", default="", help="Only feeds whose name, category or URL contains this text.")
@click.pass_obj
def following(obj, statuses: tuple[str, ...], match: str) -> None:
    """List the people you follow: a summary, then failing feeds first, with each feed's last
    fetch, status and entry count."""
    from rich.console import Console
    from rich.text import Text

    from pipeline.feeds import run

    project = _project(obj)
    rows = run.following(project, project.settings())
    console = Console(soft_wrap=True)  # one line per feed at any width: easy to read, grep and count
    console.print(plain(run.following_summary(rows)))
    shown = run.following_view(rows, statuses, match)
    if shown:
        console.print(f"{'status':<13} {'last fetch':<16} {'entries':>7}  name <feed>: error", style="bold")
    for row in shown:
        state = row.state
        last = f"{state.last_fetch:%Y-%m-%d %H:%M}" if state and state.last_fetch else "never"
        line = Text.assemble(_status(state), f" {last:<16} {state.entries if state else 0:>7}  ")
        line.append_text(plain(f"{row.feed.title} <{row.feed.url}>"))
        if state and state.error:
            line.append_text(plain(f": {state.error}"))
        console.print(line)


def _status(state) -> Text:
    from rich.text import Text

    if state is None or not state.last_fetch:
        return Text(f"{'new':<13}", style="dim")
    if state.gone:
        return Text(f"{'gone (410)':<13}", style="red")
    if state.error:
        return Text(f"{f'failing x{state.failures}':<13}", style="yellow")
    return Text(f"{'ok' if state.status != 304 else 'ok (304)':<13}", style="green")


@click.group("feeds")
def feeds() -> None:
    """Fetch the feeds of the people you follow."""


@feeds.command("update")
@click.option("--force", is_flag=True,
              help="Ask every feed now, even those still fresh or backing off (never a 410 Gone one).")
@click.pass_obj
def update(obj, force: bool) -> None:
    """Fetch the followed feeds that are due into .lip/state: a feed is asked again only after
    min-interval-minutes, or later when its server said it stays fresh (Cache-Control, Expires,
    RSS <ttl>); conditional GET, at most per-host requests at once to a host, polite back-off.
    Exits 1 only when every feed asked failed."""
    run_update(_project(obj), force).require_one_worked()  # one failing feed is reported, not fatal


def run_update(project, force: bool = False) -> UpdateSummary:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from pipeline.feeds import run
    from pipeline.feeds.update import update_feeds

    settings = project.settings()
    total = len(run.following(project, settings))
    with Progress(TextColumn("fetching feeds"), BarColumn(), MofNCompleteColumn(), transient=True) as bar:
        task = bar.add_task("feeds", total=total)
        summary = update_feeds(project, settings, progress=lambda outcome: bar.advance(task), force=force)
    print_summary(summary)
    return summary


def print_summary(summary: UpdateSummary) -> None:
    from rich.console import Console

    console = Console(soft_wrap=True)  # one line per feed, however long its URL and error
    for outcome in summary.outcomes:
        if outcome.moved_to:
            console.print(plain(f"moved permanently: {outcome.url} -> {outcome.moved_to} "
                                "(following.opml updated)"))
        if outcome.skipped and not outcome.skipped.startswith("fresh"):  # fresh ones: counted in the line
            console.print(plain(f"skipped {outcome.title}: {outcome.skipped}"), style="dim")
    for outcome in summary.failed:
        console.print(plain(f"failed {outcome.title} <{outcome.url}>: {outcome.error}"), style="red")
    console.print(plain(summary.line()))


@click.command("digest")
@click.option("--date", "day", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="The day of the digest (default: today, UTC).")
@click.option("--print", "to_terminal", is_flag=True, help="Also show the digest in the terminal.")
@click.option("--email", is_flag=True, help="Also send it by SMTP (LIP_SMTP_* environment variables).")
@click.pass_obj
def digest(obj, day: datetime | None, to_terminal: bool, email: bool) -> None:
    """Publish the digest of new posts since the previous one into content/digests/."""
    from pipeline.feeds import run
    from pipeline.feeds.mail import digest_message, send, smtp_settings
    from pipeline.feeds.render import digest_html, digest_text

    project = _project(obj)
    settings = project.settings()
    smtp = smtp_settings(os.environ) if email else None  # check before writing anything
    now = datetime.now(timezone.utc)
    published, path = run.publish_digest(project, settings, (day or now).date(), now)
    if path is None:
        click.echo(f"nothing new since the previous digest: no digest for {published.day.isoformat()}")
        return
    if to_terminal:  # feed text may carry terminal escape sequences
        click.echo(_CONTROL.sub("", digest_text(published, settings.feeds.summary_chars)))
    if smtp:
        subject = f"Digest {published.day.isoformat()}: {len(published.items)} new post(s)"
        send(digest_message(subject, digest_text(published, settings.feeds.summary_chars),
                            digest_html(published, settings.feeds.summary_chars), smtp), smtp)
        click.echo(f"sent to {', '.join(smtp.recipients)}")
    click.echo(f"wrote {project.relative(path)}: {len(published.items)} post(s)")


COMMANDS: list[click.Command] = [follow, unfollow, following, feeds, digest]
