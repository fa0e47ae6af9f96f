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

from pipeline.content.syntax import TOP_LEVEL_FENCE
from pipeline.decks.cards import CLOZE, Card, extract_cards

_HEADING = re.compile(r"^ {0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_TABLE_ROW = re.compile(r"^ {0,3}\|")
_TABLE_RULE = re.compile(r"^ {0,3}\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
_DEFINITION = re.compile(r"^:\s{1,4}\S")
_MATH_OPEN = re.compile(r"^ {0,3}\$\$")
_CLOZE = re.compile(r"\{\{c\d+::(.*?)(?:::[^}]*)?\}\}")
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


def block_items(body: str) -> list[Item]:
    """Headings, fenced code, `$$` math, pipe tables and definition lists at the top level."""
    lines = body.split("\n")
    items: list[Item] = []
    i = 0
    while i < len(lines):
        end, item = _read_block(lines, i)
        if item:
            items.append(item)
        i = max(end, i + 1)
    return items


def _read_block(lines: list[str], i: int) -> tuple[int, Item | None]:
    line = lines[i]
    if TOP_LEVEL_FENCE.match(line):
        end = _fence_end(lines, i)
        return end, Item(i, "code", "\n".join(lines[i:end]))
    heading = _HEADING.match(line)
    if heading:
        return i + 1, Item(i, "heading", f"{heading.group(1)} {heading.group(2)}", len(heading.group(1)))
    if _MATH_OPEN.match(line):
        end = _math_end(lines, i)
        return end, Item(i, "math", "\n".join(lines[i:end]))
    if _TABLE_ROW.match(line) and i + 1 < len(lines) and _TABLE_RULE.match(lines[i + 1]):
        end = _run_end(lines, i, lambda text: bool(_TABLE_ROW.match(text)))
        return end, Item(i, "table", "\n".join(lines[i:end]))
    if line.strip() and i + 1 < len(lines) and _DEFINITION.match(lines[i + 1]):
        end = _run_end(lines, i + 1, lambda text: bool(_DEFINITION.match(text) or text.startswith(("    ", "\t"))))
        return end, Item(i, "definition", "\n".join(lines[i:end]))
    return i + 1, None


def _fence_end(lines: list[str], start: int) -> int:
    """The index after the line closing the fence opened at `start` (the end when never closed)."""
    marker = TOP_LEVEL_FENCE.match(lines[start]).group(1)
    for end in range(start + 1, len(lines)):
        match = TOP_LEVEL_FENCE.match(lines[end])
        if match and match.group(1)[0] == marker[0] and len(match.group(1)) >= len(marker) \
                and not lines[end].strip()[len(match.group(1)):]:
            return end + 1
    return len(lines)


def _math_end(lines: list[str], start: int) -> int:
    if lines[start].strip() != "$$" and lines[start].strip().endswith("$$") and len(lines[start].strip()) > 2:
        return start + 1  # `$$ x $$` on one line
    for end in range(start + 1, len(lines)):
        if lines[end].strip().endswith("$$"):
            return end + 1
    return len(lines)


def _run_end(lines: list[str], start: int, keeps) -> int:
    end = start
    while end < len(lines) and lines[end].strip() and keeps(lines[end]):
        end += 1
    return end


def card_items(body: str, source: Path, body_line: int) -> list[Item]:
    """Flashcards as definition-list entries (question, then answer); clozes as bold-answer text.

    Malformed cards are the decks stage's to report; here they are simply left out.
    """
    cards, _errors = extract_cards(body, source, body_line)
    return [Item(card.line - body_line, "card", _card_markdown(card)) for card in cards]


def _card_markdown(card: Card) -> str:
    if card.kind == CLOZE:
        return _CLOZE.sub(lambda m: f"**{m.group(1)}**", _ID_LINE.sub("", card.front)).strip()
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
