"""What the decks stage adds to the generated docs folder: `decks/index.md` and one .apkg per deck.

Never writes anything itself: the updated `content/cards.lock` is handed back as a project file
(only when it changed), which the final writer writes after the whole build succeeded; none under
`lip check`, and none under `lip serve`, whose drafts must not claim GUIDs. The index page is
always emitted, even with no cards.
"""

from __future__ import annotations

import html
from pathlib import PurePosixPath

from pipeline.decks.build import REMOVED_TAG, DeckBuild, DeckFile, build_decks
from pipeline.decks.lock import Lock, dump_lock
from pipeline.project import BuildContext
from pipeline.records import OutputFile, StageResult
from pipeline.wording import counted

FOLDER = PurePosixPath("decks")
IMPORT = """## How to import

1. Download a deck and open it with Anki (or **File → Import** in Anki on a computer; on a phone,
   open the file with AnkiDroid or AnkiMobile).
2. In Anki's import dialog keep **Update notes: If newer**, the default. Every card edited in
   these notes carries a newer time, so its new wording arrives; the cards you already study keep
   their review history and nothing is duplicated. **Always** keeps your history too; **Never**
   keeps your history but not the edits. Leave the other options as they are: these decks carry
   no learning progress of their own, and their note types never change.
3. Import again after every update. A card moves to another deck only for new learners: Anki
   keeps the cards you have in the deck they first arrived in.
4. Cards that were removed from the notes come back tagged `{tag}`: search `tag:{tag}` in
   Anki's browser and delete them.
"""
ADVICE = ('<br><small>Import with Anki\'s default <em>Update notes: If newer</em>: your review history '
          'is kept (<a href="#how-to-import">options</a>)</small>')
EMPTY = """No flashcards yet. Write one in any note or notebook Markdown cell:

```markdown
??? question "What does softmax return?"
    A probability distribution: non-negative values that sum to 1.
```

or `Q:` / `A:` lines, or a cloze like `{{{{c1::hidden}}}}`, then run `lip build` again.
"""


def site_files(ctx: BuildContext) -> StageResult:
    result = build_decks(ctx.project, ctx.settings, ctx.posts, ctx.now, store=not ctx.check, site=ctx.site)
    if result.errors:
        return StageResult(errors=result.errors, converted=result.converted, cached=result.cached)
    files = [OutputFile(FOLDER / deck.filename, deck.data, f"deck {deck.name}") for deck in result.decks]
    files.append(OutputFile(FOLDER / "index.md", index_page(result).encode("utf-8"), "decks"))
    keep = () if ctx.check or ctx.serve else lock_file(ctx, result.lock)  # serve previews drafts
    return StageResult(files=tuple(files), notices=result.notices + removed_notices(result),
                       converted=result.converted, cached=result.cached, project_files=keep)


def lock_file(ctx: BuildContext, lock: Lock | None) -> tuple[OutputFile, ...]:
    """`content/cards.lock` for the final writer, only when its text changes."""
    if lock is None:
        return ()
    path = ctx.project.content / ctx.settings.decks.lock_file
    data = dump_lock(lock).encode("utf-8")
    if path.is_file() and path.read_bytes() == data:
        return ()
    return (OutputFile(PurePosixPath(ctx.project.relative(path)), data, "card identities"),)


def index_page(result: DeckBuild) -> str:
    parts = ["# Flashcard decks\n", "Anki decks built from the flashcards in these notes.\n"]
    if not any(deck.notes for deck in result.decks):
        return "\n".join(parts + [EMPTY.format(), IMPORT.format(tag=REMOVED_TAG)])
    rows = [deck_row(deck) for deck in result.decks if deck.notes or deck.removed]
    table = "<table>\n<thead><tr><th>Deck</th><th>Download</th></tr></thead>\n"
    table += "<tbody>\n" + "\n".join(rows) + "\n</tbody>\n</table>\n"
    return "\n".join(parts + [table, IMPORT.format(tag=REMOVED_TAG)])


def deck_row(deck: DeckFile) -> str:
    """Two narrow columns, so a phone shows the download: `::` may break a long deck name."""
    name = html.escape(deck.name).replace("::", "::<wbr>")
    counts = f"{counted(deck.cards, 'card')} from {counted(deck.notes, 'note')}"
    link = f'<a href="{html.escape(deck.filename, quote=True)}" download>Download</a>'
    return (f'<tr data-cards="{deck.cards}" data-notes="{deck.notes}"><td><strong>{name}</strong><br>'
            f"<small>{counts}</small></td><td>{link}{ADVICE}</td></tr>")


def removed_notices(result: DeckBuild) -> tuple[str, ...]:
    if not result.removed:
        return ()
    return (f"decks: {counted(len(result.removed), 'card')} removed from the notes; after importing the "
            f"decks, search `tag:{REMOVED_TAG}` in Anki's browser to delete them",)
