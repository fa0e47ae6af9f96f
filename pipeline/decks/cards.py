"""Flashcards written inside a post's Markdown: a pure function from text to `Card` records.

Three forms, each readable on the site as well as in Anki:

- a collapsible admonition whose title is the question and whose indented body is the answer
  (`??? question "Front"`; add the class `reverse` for a card in both directions);
- a compact `Q:` line (or lines) followed by an `A:` line (or lines), ending at a blank line;
- a paragraph holding cloze deletions `{{c1::answer}}` / `{{c1::answer::hint}}`.

Any card may carry an explicit identity on its own line: `<!-- id: attention-scaling -->` (or
`id: attention-scaling`). Fenced code is never read as cards. Nothing here touches a file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from pipeline.content.syntax import Reading, read_markdown
from pipeline.errors import ContentError

BASIC, REVERSED, CLOZE = "basic", "reversed", "cloze"
ADMONITION_FORM, QA_FORM = "admonition", "qa"  # how a card is written (a cloze is its own form)

_ADMONITION = re.compile(r'^(?:\?\?\?\+?|!!!)\s+question((?:\s+[\w-]+)*)\s*(?:"(.*)")?\s*$')
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s")
_QUESTION = re.compile(r"^Q:\s?(.*)$")
_ANSWER = re.compile(r"^A:\s?(.*)$")
_ID = re.compile(r"^\s*(?:<!--\s*)?id:\s*([A-Za-z0-9][\w.:-]*)\s*(?:-->)?\s*$")
_CLOZE_TOKEN = re.compile(r"\{\{c\d+::|\}\}")
_CLOZE_TYPO = re.compile(r"\{\{c\d+:(?!:)|\{\{c\d+\}\}")
_CLOZE_NOTHING = re.compile(r"\s*(?:::[^}]*)?")  # what an empty deletion holds: at most a hint
# One deletion of a valid cloze: its number, its answer and its hint (None when it has none).
CLOZE_DELETION = re.compile(r"\{\{c(\d+)::(.*?)(?:::([^}]*))?\}\}")


@dataclass(frozen=True)
class Card:
    """One note to be: Markdown sides, where it was written, and its explicit id if any."""

    source: Path
    line: int
    kind: str  # BASIC, REVERSED or CLOZE
    front: str  # the question, or the cloze text
    back: str = ""  # the answer; empty for cloze
    card_id: str = ""


def extract_cards(body: str, source: Path, body_line: int = 1) -> tuple[tuple[Card, ...], tuple[ContentError, ...]]:
    """Every card of `body` in order, and one error per malformed card (with its line)."""
    found = tuple(_walk(body, source, body_line))
    return (tuple(block.card for block, _ in found if block),
            tuple(error for _, error in found if error))


@dataclass(frozen=True)
class CardBlock:
    """Where a well-formed card sits in the body: lines `start` to `end` (0-based, end excluded)."""

    start: int
    end: int
    form: str  # ADMONITION_FORM, QA_FORM or CLOZE
    card: Card


def card_blocks(body: str, source: Path) -> tuple[CardBlock, ...]:
    """The well-formed cards of `body` with the lines they span (malformed ones are left out)."""
    return tuple(block for block, _ in _walk(body, source, 1) if block)


# Every card form needs one of these strings; most posts and notebooks have none, and for them
# the Markdown reading below (the costly part, run for each post page and the home page) is skipped.
_CARD_MARKERS = ("question", "Q:", "{{c")


def _walk(body: str, source: Path, body_line: int):
    """(CardBlock or None, ContentError or None) for every card or malformed card, in order."""
    if not any(marker in body for marker in _CARD_MARKERS):
        return
    lines = [line.rstrip("\r") for line in body.split("\n")]  # line numbers as editors count them
    reading = read_markdown(body)
    code = reading.code_lines
    i = 0
    while i < len(lines):
        line = lines[i]
        if i in code:
            i += 1
            continue
        reader, form = _reader_for(line)
        end, card, error = reader(lines, i, source, body_line, reading) if reader else (i + 1, None, None)
        if card or error:
            yield (CardBlock(i, end, form, card) if card else None), error
        i = max(end, i + 1)


def _reader_for(line: str):
    if _ADMONITION.match(line):
        return _read_admonition, ADMONITION_FORM
    if _QUESTION.match(line):
        return _read_question, QA_FORM
    return (_read_paragraph if line.strip() else None), CLOZE


def _read_admonition(lines: list[str], start: int, source: Path, body_line: int, _reading: Reading):
    match = _ADMONITION.match(lines[start])
    classes, title = match.group(1).split(), (match.group(2) or "").strip()
    end = start + 1
    while end < len(lines) and (not lines[end].strip() or lines[end].startswith(("    ", "\t"))):
        end += 1
    body = [_dedent(line) for line in lines[start + 1:end]]
    back, card_id = _take_id(body)
    kind = REVERSED if "reverse" in classes or "reversed" in classes else BASIC
    return end, *_card_or_error(source, body_line + start, kind, title, back, card_id, "question title")


def _read_question(lines: list[str], start: int, source: Path, body_line: int, _reading: Reading):
    front = [_QUESTION.match(lines[start]).group(1)]
    end = start + 1
    while end < len(lines) and lines[end].strip() and not _ANSWER.match(lines[end]):
        front.append(lines[end])
        end += 1
    line = body_line + start
    if end >= len(lines) or not _ANSWER.match(lines[end]):
        return end, None, ContentError(source, "'Q:' without an 'A:' line before the next blank line", line)
    back = [_ANSWER.match(lines[end]).group(1)]
    end += 1
    while end < len(lines) and lines[end].strip() and not _QUESTION.match(lines[end]):
        back.append(lines[end])
        end += 1
    front, front_id = _take_id(front)
    back, back_id = _take_id(back)
    return end, *_card_or_error(source, line, BASIC, front, back, front_id or back_id, "'Q:' question")


def _read_paragraph(lines: list[str], start: int, source: Path, body_line: int, reading: Reading):
    """A paragraph is a cloze card when it holds a `{{cN::` outside code spans."""
    end, code = start + 1, reading.code_lines
    while (end < len(lines) and not _ends_paragraph(lines[end], end in code)
           and not _HEADING.match(lines[start])):
        end += 1
    paragraph = [_dedent(line) for line in lines[start:end]]
    text, card_id = _take_id(paragraph)
    masked, _ = _take_id([_dedent(line) for line in reading.prose.split("\n")[start:end]])
    if not re.search(r"\{\{c\d+:", masked):
        return end, None, None
    problem = cloze_problem(masked, text)
    if problem:
        return end, None, ContentError(source, problem, body_line + start)
    return end, Card(source, body_line + start, CLOZE, text, "", card_id), None


def _ends_paragraph(line: str, code: bool) -> bool:
    return (not line.strip() or code or bool(_HEADING.match(line) or _ADMONITION.match(line)
            or _QUESTION.match(line)))


def cloze_problem(text: str, written: str | None = None) -> str:
    """Why `text` (code spans already blanked) is not a valid cloze, or '' when it is; `written`
    is the same text with its code, as Anki will see it (default: `text`).

    Braces are read as Anki reads them: a '}}' closes the innermost open cloze, and outside every
    cloze it is plain text (`$\\frac{a}{\\sqrt{b}}$` next to a cloze is fine). A '}}' in code
    closes a cloze too (Anki doesn't know code), but a `{{c1::` in code opens none for lip."""
    written = written if written is not None and len(written) == len(text) else text
    if _CLOZE_TYPO.search(text):
        return "malformed cloze: write {{c1::answer}} (two colons after the number)"
    opened: list[int] = []
    empty = False
    for token in _CLOZE_TOKEN.finditer(written):
        start, end = token.span()
        if token.group() != "}}":
            opened += [end] if text[start:end] == token.group() else []  # in code: no cloze
            continue
        if not opened:
            continue
        begin = opened.pop()
        if text[start:end] != "}}":
            return "a '}}' inside code ends the cloze early in Anki: keep that code out of the cloze"
        if _cuts_math(text[begin:start]):
            return "a '}}' inside math ends the cloze early in Anki: write '} }' in a cloze's math"
        if _cuts_code(text[begin:start]):
            return "a '}}' inside code ends the cloze early in Anki: keep that code out of the cloze"
        empty = empty or bool(_CLOZE_NOTHING.fullmatch(written[begin:start]))
    if opened:
        return "unbalanced cloze braces: a '{{cN::' is never closed with '}}'"
    if empty:
        return "empty cloze deletion: {{c1::}} hides nothing"
    return ""


def _cuts_math(inside: str) -> bool:
    """Math opened in a cloze and not closed in it: a '}}' of the math ended the cloze."""
    dollars = len(re.findall(r"(?<!\\)\$", inside))
    brackets = inside.count("\\(") > inside.count("\\)") or inside.count("\\[") > inside.count("\\]")
    return dollars % 2 == 1 or brackets


def _cuts_code(inside: str) -> bool:
    """An HTML `<code>` or `<pre>` opened in a cloze and not closed in it: a '}}' of the code
    ended the cloze."""
    lowered = inside.lower()
    return any(len(re.findall(rf"<{tag}[\s>]", lowered)) > lowered.count(f"</{tag}") for tag in ("code", "pre"))


def _card_or_error(source: Path, line: int, kind: str, front: str, back: str, card_id: str, what: str):
    if not front.strip():
        return None, ContentError(source, f"card with an empty front: the {what} is empty", line)
    if not back.strip():
        return None, ContentError(source, f"card with an empty back: {front.strip()[:40]!r} has no answer", line)
    return Card(source, line, kind, front.strip(), back.strip(), card_id), None


def _take_id(lines: list[str]) -> tuple[str, str]:
    """The text without its `id:` line, and the id ('' when none)."""
    card_id, kept = "", []
    for line in lines:
        match = _ID.match(line)
        if match and not card_id:
            card_id = match.group(1)
        else:
            kept.append(line)
    return "\n".join(kept).strip(), card_id


def _dedent(line: str) -> str:
    if line.startswith("\t"):
        return line[1:]
    return line[4:] if line.startswith("    ") else line.lstrip(" ")


def duplicate_ids(cards: tuple[Card, ...]) -> tuple[ContentError, ...]:
    """Two cards with one explicit id would share a GUID: name the second and the first."""
    seen: dict[str, Card] = {}
    errors = []
    for card in cards:
        if not card.card_id:
            continue
        first = seen.setdefault(card.card_id, card)
        if first is not card:
            errors.append(ContentError(card.source, f"duplicate card id {card.card_id!r}: "
                                       f"already used at {first.source}:{first.line}", card.line))
    return tuple(errors)
