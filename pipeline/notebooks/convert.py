"""One notebook's cells as the Markdown body of a post, plus the files that body links to.

Markdown cells pass through with their relative links as written (the build resolves them through
the site index) and their attachments pointed next to the post;
code cells become fenced code (collapsed or removed as the author's hide conventions say) and
their outputs become blocks that search does not index (`data-search-exclude`). Pure apart from
reading files that Markdown cells link to; never executes anything and never writes.
"""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from pipeline.notebooks.hide import HIDE, REMOVE, cell_visibility
from pipeline.notebooks.outputs import render_outputs
from pipeline.notebooks.read import joined

_ATTACHMENT = re.compile(r"\(attachment:([^)\s]+)\)")


@dataclass
class Converted:
    """A notebook body and what it needs: files in the post's folder, copied assets, problems."""

    body: str = ""
    files: list[tuple[str, bytes]] = field(default_factory=list)
    cells: list[tuple[int, str]] = field(default_factory=list)  # Markdown cells as written
    libraries: set[str] = field(default_factory=set)
    problems: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    tail: str | None = None  # the body after the first code cell's first block (None: no code)


@dataclass(frozen=True)
class Where:
    """Where the notebook comes from and where its post goes."""

    source: Path
    content: Path
    output: PurePosixPath  # the post's Markdown page in the docs folder
    folder: str  # the post's own folder, relative to its page (its slug)


def convert_cells(cells: list[Any], language: str, where: Where, skip: int = 0) -> Converted:
    """Every cell after the first `skip` (front matter) as Markdown, in order."""
    done = Converted()
    parts: list[str] = []
    first_code = None  # where in `parts` the first code cell's first block is
    for index, cell in enumerate(cells[skip:], start=skip + 1):
        kind = cell.get("cell_type")
        tags = set((cell.get("metadata") or {}).get("tags") or ())
        if kind == "markdown" and not tags & {"remove-cell", "remove_cell"}:
            parts.append(_markdown_cell(cell, index, where, done))
        elif kind == "code":
            blocks = _code_cell(cell, index, language, where, done)
            first_code = len(parts) if first_code is None and blocks else first_code
            parts += blocks
    done.body = "\n\n".join(p for p in parts if p.strip()) + "\n"
    if first_code is not None:
        done.tail = "".join("\n\n" + p for p in parts[first_code + 1:] if p.strip()) + "\n"
    return done


def _markdown_cell(cell: Any, index: int, where: Where, done: Converted) -> str:
    text = joined(cell.get("source"))
    attachments = cell.get("attachments") or {}

    def attachment(match: re.Match) -> str:
        name = match.group(1)
        data = next(iter((attachments.get(name) or {}).values()), None)
        if data is None:
            done.problems.append(f"cell {index}: no attachment named {name!r}")
            return match.group(0)
        safe = f"cell{index}-{re.sub(r'[^A-Za-z0-9._-]', '_', name)}"
        try:
            done.files.append((safe, base64.b64decode(joined(data))))
        except binascii.Error:
            done.problems.append(f"cell {index}: attachment {name!r} is not valid base64")
            return match.group(0)
        return f"({where.folder}/{safe})"

    done.cells.append((index, text))  # its links are resolved by the build, through the site index
    return _ATTACHMENT.sub(attachment, text).strip("\n")


def _code_cell(cell: Any, index: int, language: str, where: Where, done: Converted) -> list[str]:
    tags = (cell.get("metadata") or {}).get("tags") or ()
    seen = cell_visibility(joined(cell.get("source")), tags)
    parts = [] if seen.input == REMOVE or not seen.source.strip() else [
        code_block(seen.source, language, collapsed=seen.input == HIDE)]
    if seen.output != REMOVE:
        rendered = render_outputs(list(cell.get("outputs") or ()), index, where.folder)
        done.files += rendered.files
        done.libraries |= rendered.libraries
        done.problems += rendered.problems
        done.notices += rendered.notices
        if rendered.blocks:
            parts.append(output_block(rendered.blocks, collapsed=seen.output == HIDE))
    return parts


def code_block(code: str, language: str, collapsed: bool = False) -> str:
    """Fenced code, with a fence longer than any backtick run inside; collapsed in `??? note`."""
    fence = "`" * max(3, 1 + max((len(r) for r in re.findall(r"`+", code)), default=0))
    block = f"{fence}{language}\n{code}\n{fence}"
    if not collapsed:
        return block
    return '??? note "Code"\n\n' + "\n".join("    " + line if line else "" for line in block.splitlines())


def output_block(blocks: list[str], collapsed: bool = False) -> str:
    """Outputs in an element search skips; collapsed outputs sit in a closed `<details>`."""
    inner = "\n\n".join(b for b in blocks if b)
    if collapsed:
        return (f'<details class="nb-output note" data-search-exclude markdown>\n'
                f"<summary>Output</summary>\n\n{inner}\n\n</details>")
    return f'<div class="nb-output" data-search-exclude markdown>\n\n{inner}\n\n</div>'
