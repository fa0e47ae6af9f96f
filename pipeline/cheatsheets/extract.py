"""A cheatsheet drawn from a post: its headings, code blocks, display math, tables, definitions and
flashcards, in source order. A pure function from Markdown to Markdown; nothing here touches a file.

Prose paragraphs, images, admonitions other than flashcards, and raw HTML are left out on purpose:
a cheatsheet is the part of a note you look things up in. Headings with nothing under them are
dropped, so a prose-only section leaves no empty title behind.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from pipeline.content.syntax import read_markdown
from pipeline.decks.cards import CLOZE, CLOZE_DELETION, Card, extract_cards

_ID_LINE = re.compile(r"^\s*(?:<!--\s*)?id:\s*[\w.:-]+\s*(?:-->)?\s*$", re.MULTILINE)


@dataclass(frozen=True)
class Item:
    """One block kept for the cheatsheet: where it starts in the body (0-based) and its Markdown."""

    index: int
    kind: str  # heading, code, math, table, definition, card
    markdown: str
    level: int = 0  # heading level; 0 for other blocks


def cheatsheet_markdown(body: str, source: Path, body_line: int = 1) -> str:
    """The cheatsheet body for a post body: the kept blocks in source order, empty headings pruned."""
    items = sorted(block_items(body) + card_items(body, source, body_line), key=lambda item: item.index)
    return "\n\n".join(item.markdown for item in prune_headings(items)) + "\n"


KEPT = ("heading", "fence", "math", "table", "definition")


def block_items(body: str) -> list[Item]:
    """Headings, fenced code, `$$` math, pipe tables and definition lists at the top level."""
    lines = body.split("\n")
    items: list[Item] = []
    for block in read_markdown(body).blocks:
        if block.kind == "heading":
            items.append(Item(block.first, "heading", f"{'#' * block.level} {block.title}", block.level))
        elif block.kind in KEPT:
            kind = "code" if block.kind == "fence" else block.kind
            items.append(Item(block.first, kind, "\n".join(lines[block.first:block.end]).rstrip("\n")))
    return items


def card_items(body: str, source: Path, body_line: int) -> list[Item]:
    """Flashcards as definition-list entries (question, then answer); clozes as bold-answer text.

    Malformed cards are the decks stage's to report; here they are simply left out.
    """
    cards, _errors = extract_cards(body, source, body_line)
    return [Item(card.line - body_line, "card", _card_markdown(card)) for card in cards]


def _card_markdown(card: Card) -> str:
    if card.kind == CLOZE:
        return CLOZE_DELETION.sub(lambda m: f"**{m.group(2)}**", _ID_LINE.sub("", card.front)).strip()
    front = " ".join(_ID_LINE.sub("", card.front).split())
    back = _ID_LINE.sub("", card.back).strip().split("\n")
    return f"{front}\n:   " + "\n    ".join(back)


def prune_headings(items: list[Item]) -> list[Item]:
    """Drop each heading whose section (up to the next heading of its level or higher) keeps nothing."""
    kept = []
    for position, item in enumerate(items):
        if item.kind != "heading" or _section_has_content(items, position):
            kept.append(item)
    return kept


def _section_has_content(items: list[Item], position: int) -> bool:
    level = items[position].level
    for item in items[position + 1:]:
        if item.kind == "heading" and item.level <= level:
            return False
        if item.kind != "heading":
            return True
    return False
