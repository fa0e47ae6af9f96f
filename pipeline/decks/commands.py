"""Command-line commands of the decks stage; `pipeline.cli` registers every one in COMMANDS.

`lip decks` writes one .apkg per deck, updates `content/cards.lock` (`--resolve` after a merge
conflict, `--recover` from published decks), and lists cards that were
removed from the notes so the user can find them in Anki. Bad cards stop it before any write.
The deck builder (genanki) is imported only when a command runs, so that `lip` starts fast.
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

import click

from pipeline.collector import fewer_collections
from pipeline.errors import ProblemsError
from pipeline.fsio import atomic_write_bytes
from pipeline.wording import counted

if TYPE_CHECKING:
    from pipeline.content.index import SiteIndex
    from pipeline.decks.build import DeckBuild
    from pipeline.project import Project
    from pipeline.records import Post


def published_posts(project: Project, now: datetime) -> tuple[tuple[Post, ...], SiteIndex]:
    """Every published post (notes and notebooks) and the site index, read exactly as `lip build`
    reads them. Only the read phase: no post pages, so no link check outside cards (`lip check`
    does that; a card's missing image is still an error of the decks stage)."""
    from pipeline.publish.read import read_site

    posts, index, result = read_site(project, project.settings(), now)
    if result.errors:
        raise ProblemsError(result.errors)
    return posts, index


def write_decks(project: Project, out: Path, now: datetime, resolve: bool = False,
                recover: tuple[Path, ...] = ()) -> DeckBuild:
    """Build every deck into `out` and update the lock; raise every card problem together."""
    from pipeline.decks.build import build_decks
    from pipeline.decks.lock import write_lock

    settings = project.settings()
    posts, index = published_posts(project, now)
    result = build_decks(project, settings, posts, now, resolve=resolve, recover=recover, site=index)
    if result.errors:
        raise ProblemsError(result.errors)
    for deck in result.decks:
        atomic_write_bytes(out / deck.filename, deck.data)
    if result.lock is not None:
        write_lock(project.content / settings.decks.lock_file, result.lock)
    return result


def report(result: DeckBuild, out: str) -> None:
    from pipeline.decks.build import REMOVED_TAG

    for notice in result.notices:
        click.echo(notice)
    for deck in result.decks:
        click.echo(f"{out}/{deck.filename}: {deck.name}, {counted(deck.cards, 'card')} from "
                   f"{counted(deck.notes, 'note')}")
    if not result.decks:
        click.echo("no flashcards found: write `??? question \"...\"`, `Q:`/`A:` or {{c1::cloze}} in a note")
    if result.removed:
        click.echo(f"{counted(len(result.removed), 'card')} removed from your notes. Import the decks, "
                   f"then search `tag:{REMOVED_TAG}` in Anki's browser and delete them:")
        for entry in result.removed:
            click.echo(f"  - {entry.deck}: {entry.front.splitlines()[0][:70]} (was in {entry.source})")


@click.command("decks")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder for the .apkg files (default: the `output` setting, build/anki).")
@click.option("--resolve", is_flag=True,
              help="After a git merge conflict in cards.lock: keep both sides' cards and write it clean.")
@click.option("--recover", multiple=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              metavar="FILE.apkg", help="Take card identities from decks lip published before (say, "
              "downloaded from your site) when cards.lock was lost, so Anki updates instead of duplicating. "
              "Repeat for each deck.")
@click.pass_obj
def decks(obj, out: Path | None, resolve: bool, recover: tuple[Path, ...]) -> None:
    """Build Anki decks (.apkg) from the flashcards in your notes and notebooks."""
    project = obj.get() if hasattr(obj, "get") else obj
    out = out or project.root / project.settings().decks.output
    with fewer_collections():
        result = write_decks(project, out, datetime.now(timezone.utc), resolve, recover)
    report(result, project.relative(out))


COMMANDS: list[click.Command] = [decks]
