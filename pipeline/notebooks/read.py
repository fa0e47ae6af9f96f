"""Reading a notebook file: bytes to a version-4 notebook, and its front matter.

A file that is not JSON, or JSON that is not a notebook, is a `ContentError` naming the file
(and the JSON line); an old nbformat (v3) is upgraded in memory, never rewritten on disk.
Front matter comes from the notebook's metadata or from a first raw/Markdown cell holding YAML.
"""

from __future__ import annotations

import json
import re
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.content.frontmatter import parse_document
from pipeline.content.posts import KNOWN_KEYS
from pipeline.content.syntax import read_markdown
from pipeline.errors import ContentError


@dataclass(frozen=True)
class FrontMatter:
    meta: dict[str, Any]
    key_lines: dict[str, int]
    skip: int = 0  # leading cells consumed by the front matter
    rest: str = ""  # Markdown that followed the front matter in its cell


def load_notebook(path: Path, data: bytes) -> tuple[Any, int]:
    """The notebook as nbformat v4, and the nbformat major version it was written in."""
    try:
        raw = json.loads(data)
    except UnicodeDecodeError as exc:
        raise ContentError(path, f"not a notebook: not UTF-8 text (byte {exc.start})") from None
    except json.JSONDecodeError as exc:
        raise ContentError(path, f"not a notebook: invalid JSON ({exc.msg})", exc.lineno) from None
    if not isinstance(raw, dict) or not isinstance(raw.get("nbformat"), int):
        raise ContentError(path, "not a Jupyter notebook: no 'nbformat' version number")
    if raw["nbformat"] not in (3, 4) or not isinstance(raw.get("cells", raw.get("worksheets")), list):
        raise ContentError(path, f"not a Jupyter notebook this site can read (nbformat {raw['nbformat']})")
    import nbformat.reader  # slow import, only for notebooks not in the cache

    try:
        with warnings.catch_warnings():  # nbformat warns about fixable things (duplicate cell ids)
            warnings.simplefilter("ignore")
            # no validation pass: it only logs, and conversion tolerates what it complains about
            notebook = nbformat.convert(nbformat.reader.reads(json.dumps(raw)), 4)
    except (ValueError, KeyError, TypeError, AttributeError, IndexError, nbformat.ValidationError) as exc:
        reason = (str(exc).strip().splitlines() or [""])[0]
        raise ContentError(path, f"cannot read notebook: {type(exc).__name__}: {reason}") from None
    return notebook, raw["nbformat"]


def front_matter(notebook: Any, path: Path) -> FrontMatter:
    """Metadata keys (top level or under `lip`), overridden by a first cell of YAML."""
    metadata = notebook.get("metadata") or {}
    meta = {k: v for k, v in metadata.items() if k in KNOWN_KEYS}
    if isinstance(meta.get("authors"), list):  # Jupyter's own field: [{"name": ...}]
        meta["authors"] = [a.get("name", "") if isinstance(a, dict) else a for a in meta["authors"]]
    meta |= dict(metadata.get("lip") or {})
    cells = notebook.get("cells") or []
    if not cells or cells[0].get("cell_type") not in ("raw", "markdown"):
        return FrontMatter(meta, {})
    text = joined(cells[0].get("source")).lstrip("\n")
    if not text.startswith("---"):
        return FrontMatter(meta, {})
    try:
        document = parse_document(text, path)
    except ContentError as exc:
        raise ContentError(path, f"cell 1, line {exc.line}: {exc.message}") from None
    return FrontMatter(meta | document.meta, document.key_lines, 1, document.body.strip("\n"))


def notebook_title(notebook: Any, front: FrontMatter, path: Path) -> str:
    """The front matter's title, else a `# heading` that is the notebook's title: the one opening
    its first Markdown, or its only top-level heading (a notebook whose sections are `#` headings,
    "# Setup", "# Get the Data", has none, and a `# comment` in code is no heading), else the
    file name made readable: a notebook always has a title."""
    if front.meta.get("title"):
        return str(front.meta["title"])
    cells = (notebook.get("cells") or [])[front.skip:]
    texts = [t for t in [front.rest] + [joined(c.get("source")) for c in cells if c.get("cell_type") == "markdown"]
             if t.strip()]
    headings = [b for t in texts if _MAY_HOLD_H1.search(_lines(t))
                for b in read_markdown(t).blocks if b.kind == "heading" and b.level == 1]
    opening = read_markdown(texts[0]).blocks[:1] if texts else []
    if opening and opening[0].kind == "heading" and opening[0].level == 1 or len(headings) == 1:
        return headings[0].title
    words = " ".join(path.stem.replace("_", " ").replace("-", " ").split())
    return words[:1].upper() + words[1:] or path.stem


# A line a top-level `#` heading or a setext `===` underline can be on (at most 3 spaces in): a
# Markdown cell without one holds no level-1 heading, so it is never read for the title (most
# cells of a real notebook; reading each of them was most of a cold conversion). Only a filter:
# the reading decides what is a heading (never one in code, math or a quote).
_MAY_HOLD_H1 = re.compile(r"^ {0,3}(?:#(?:[ \t]|$)|=+[ \t]*$)", re.MULTILINE)


def _lines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def language_of(notebook: Any) -> str:
    name = _field(notebook, "language_info", "name") or _field(notebook, "kernelspec", "language")
    return re.sub(r"[^\w+#-]", "", str(name or "python").lower()) or "python"


def kernel_of(notebook: Any, default: str) -> str:
    return str(_field(notebook, "kernelspec", "name") or default)


def _field(notebook: Any, section: str, key: str) -> Any:
    value = (notebook.get("metadata") or {}).get(section)
    return value.get(key) if isinstance(value, dict) else None


def joined(value: Any) -> str:
    """A notebook text field (a string, or a list of lines as nbformat stores it) as one string."""
    return "".join(value) if isinstance(value, list) else str(value or "")
