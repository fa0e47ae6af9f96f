"""Flashcards on the site: every card form a visitor can use, question first, answer on demand.

A `??? question` card already is a collapsible block. A `Q:`/`A:` card and a cloze paragraph are
rewritten into the same `??? question` block (pymdownx.details, a `<details>` element: no script),
so every engine that reads the site's `mkdocs.yml` extensions (MkDocs, Zensical) renders them alike.
A cloze shows its text with blanks (or their hints) and reveals it with the answers marked.

Where cards are and what they say comes from `pipeline.decks.cards`, the one reader of card
syntax. Pure: text in, text out; nothing here reads or writes a file.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.content.syntax import read_markdown
from pipeline.decks.cards import CLOZE, CLOZE_DELETION, QA_FORM, CardBlock, card_blocks


def render_flashcards(body: str, source: Path) -> str:
    """`body` with each `Q:`/`A:` card and cloze paragraph turned into a collapsible card."""
    lines = body.split("\n")
    for block in reversed(card_blocks(body, source)):
        if block.form in (QA_FORM, CLOZE):
            indent = lines[block.start][: len(lines[block.start]) - len(lines[block.start].lstrip())]
            lines[block.start:block.end] = [indent + line if line else line for line in _card_lines(block)]
    return "\n".join(lines)


def _card_lines(block: CardBlock) -> list[str]:
    card = block.card
    if block.form == CLOZE:
        title, answer = _one_line(_with_clozes(card.front, _blank)), _with_clozes(card.front, _mark)
    else:
        title, answer = _one_line(card.front), card.back
    classes = " lip-cloze" if block.form == CLOZE else ""
    body = ["    " + line if line.strip() else "" for line in answer.split("\n")]
    return [f'??? question lip-card{classes} "{title}"', *body, ""]


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _with_clozes(text: str, show) -> str:
    """`text` with every cloze deletion outside code spans replaced by `show(answer, hint)`."""
    masked = read_markdown(text).prose  # code blanked, same offsets
    parts, done = [], 0
    for match in CLOZE_DELETION.finditer(masked):
        answer = text[match.start(2):match.end(2)]
        hint = text[match.start(3):match.end(3)] if match.group(3) is not None else None
        parts += [text[done:match.start()], show(answer, hint)]
        done = match.end()
    return "".join(parts) + text[done:]


def _blank(answer: str, hint: str | None) -> str:
    return f'<span class="lip-blank">{hint.strip() if hint else "…"}</span>'


def _mark(answer: str, hint: str | None) -> str:
    return f'<mark class="lip-answer">{answer}</mark>'
