"""The Markdown of cheatsheet pages and of the Cheatsheets index (Material grid cards). Pure.

A page wraps the sheet's body in `<div class="lip-cheatsheet" markdown>`, which
`assets/cheatsheet.css` lays out in columns (one on a phone). Titles and descriptions are
escaped: only the body is Markdown, and raw HTML in it was refused before it got here.
"""

from __future__ import annotations

import html
import posixpath
import re
from pathlib import PurePosixPath

import yaml

from pipeline.cheatsheets.sheets import FOLDER, Cheatsheet

INDEX = FOLDER / "index.md"
EMPTY = """No cheatsheets yet. Start one with

```bash
lip new cheatsheet "NumPy essentials"
```

which writes `content/cheatsheets/numpy-essentials.md`, or add `cheatsheet: true` to the front
matter of a note or notebook: its headings, code, tables, definitions and flashcards become a
cheatsheet with a link back to the full post. Run `lip build` again to see it here.
"""


def text(value: str) -> str:
    """Plain text safe in Markdown: HTML escaped, link brackets and emphasis marks neutral."""
    return re.sub(r"([\[\]*_`\\])", r"\\\1", html.escape(value, quote=False))


def link_to(target: PurePosixPath, page: PurePosixPath) -> str:
    """A relative link from `page` to `target` (both docs-folder paths), as MkDocs resolves them."""
    return posixpath.relpath(str(target), str(page.parent))


def cheatsheet_page(sheet: Cheatsheet, body: str, with_pdf: bool) -> str:
    """The page of one cheatsheet: title, PDF and post links, then the body in columns."""
    meta = {"title": html.escape(sheet.title), "description": html.escape(sheet.description or f"Cheatsheet: {sheet.title}"),
            "hide": ["navigation", "toc"]}
    front = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True)
    links = []
    if with_pdf:
        links.append(f"[Download the PDF ({sheet.layout})]({sheet.pdf_name}){{ .md-button .md-button--primary }}")
    if sheet.post is not None:
        links.append(f"[Read the full post]({link_to(sheet.post, sheet.output)}){{ .md-button }}")
    lines = [f"---\n{front}---\n", f"# {text(sheet.title)}\n"]
    lines += [f"{text(sheet.description)}\n"] if sheet.description else []
    lines += [" ".join(links) + "\n"] if links else []
    lines += ['<div class="lip-cheatsheet" markdown>\n', body.strip("\n") + "\n", "</div>\n"]
    return "\n".join(lines)


def index_page(sheets: list[Cheatsheet], with_pdf: bool) -> str:
    """The Cheatsheets page: one Material grid card per sheet, or how to write the first one."""
    head = "# Cheatsheets\n\nDense one-page summaries to look things up in, each printable as a PDF.\n"
    if not sheets:
        return head + "\n" + EMPTY
    cards = "\n".join(_card(sheet, with_pdf) for sheet in sorted(sheets, key=lambda s: s.title.lower()))
    return f'{head}\n<div class="grid cards" markdown>\n\n{cards}\n</div>\n'


def _card(sheet: Cheatsheet, with_pdf: bool) -> str:
    lines = [f"-   **[{text(sheet.title)}]({sheet.slug}.md)**", "", "    ---", ""]
    if sheet.description:
        lines += [f"    {text(sheet.description)}", ""]
    links = [f"[PDF, {sheet.layout}]({sheet.pdf_name})"] if with_pdf else []
    if sheet.post is not None:
        links.append(f"[full post]({link_to(sheet.post, INDEX)})")
    if links:
        lines += ["    " + " · ".join(links), ""]
    return "\n".join(lines)
