"""Render a blog excerpt from the Markdown above its separator, when that gives the same excerpt.

Material's blog plugin converts a post's whole Markdown for every index, archive and category
page that lists it, then keeps the HTML before the separator (`<!-- more -->`). Python-Markdown
reads blocks forward, so the HTML above the separator depends on nothing below it, except
through what the whole document shares: reference-style link definitions, abbreviations and
footnotes (defined anywhere, used anywhere: `[...]:` and `*[...]:` lines), a `[TOC]` marker,
snippets pulled in by a preprocessor, and element ids (a heading's id skips an id used anywhere
in the document). `head` returns the Markdown to convert instead, or None whenever any of those
could reach above the separator, or the separator is not a lone top-level HTML comment as the
one Markdown reading (`pipeline.content.syntax`) sees it, or an extension is configured whose
effect was not checked; the caller then converts the whole post as Material does.
`ids_reach_head` is the check after the conversion: an id in the head's HTML that the rest of
the post also names.

Only the excerpt's `content`, its first table-of-contents entry (the post's title, which Material
adds to the index page's contents) and whether there is more (Material's "Continue reading") are
shown; `more` holds `UNRENDERED` instead of the HTML below the separator, which no page shows.
Pure: text in, text out; it never renders and never reads a file.
"""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser

from pipeline.content.syntax import read_markdown

UNRENDERED = "<!-- the rest of the post: shown on its own page -->"

# Extensions whose output above the separator was checked to depend on nothing below it but
# what `head` and `ids_reach_head` rule out. Any other extension: the whole post is converted.
CHECKED = frozenset({
    "abbr", "admonition", "fenced_code", "attr_list", "def_list", "footnotes", "md_in_html", "tables", "toc",
    "pymdownx.arithmatex", "pymdownx.details", "pymdownx.highlight", "pymdownx.inlinehilite",
    "pymdownx.snippets", "pymdownx.superfences", "pymdownx.tabbed", "pymdownx.tasklist",
    "pymdownx.betterem", "pymdownx.caret", "pymdownx.mark", "pymdownx.tilde", "pymdownx.keys",
    "pymdownx.emoji", "pymdownx.smartsymbols", "pymdownx.critic", "pymdownx.magiclink",
})


@dataclass(frozen=True)
class Head:
    markdown: str  # everything down to and including the separator's line
    rest: str  # everything after it (never blank)


def usable(extensions: list, configs: dict) -> bool:
    """True when every configured Markdown extension is one `head` accounts for."""
    names = [e if isinstance(e, str) else "" for e in extensions]
    names = [n.removeprefix("markdown.extensions.") for n in names]
    snippets = configs.get("pymdownx.snippets") or {}
    tabs = configs.get("pymdownx.tabbed") or {}  # tab ids made from tab titles could match a heading's
    return all(n in CHECKED for n in names) and not snippets.get("auto_append") and not tabs.get("slugify")


def head(markdown: str, separator: str, toc_marker: str = "[TOC]") -> Head | None:
    """The Markdown down to the separator, when converting it alone gives the same excerpt."""
    if not separator.startswith("<!--") or "\r" in markdown:
        return None
    at = markdown.find(separator)
    if at < 0 or (at and markdown[at - 1] != "\n"):
        return None
    line_end = markdown.find("\n", at)
    line_end = len(markdown) if line_end < 0 else line_end
    if markdown[at:line_end].rstrip() != separator:
        return None
    above, rest = markdown[:at], markdown[line_end + 1:]
    if not rest.strip() or not _blank_around(above, rest):
        return None
    marks = ("--8<--",) + ((toc_marker,) if toc_marker else ())  # snippets, [TOC]
    if any(mark in markdown for mark in marks) or _defines(rest) or _fence_like(above):
        return None
    top = above + separator + "\n"
    blocks = read_markdown(top).blocks
    separator_line = above.count("\n")
    if not blocks or blocks[-1].kind != "html" or blocks[-1].first != separator_line:
        return None  # inside a fence, a list, a quote or raw HTML: not the separator Material cuts at
    return Head(top, rest)


def _blank_around(above: str, rest: str) -> bool:
    """The separator's line has a blank line (or the start) above it and a blank line below."""
    before = above[:-1].rsplit("\n", 1)[-1] if above else ""
    return not before.strip() and not rest.split("\n", 1)[0].strip()


def _fence_like(above: str) -> bool:
    """A code fence above the separator: Python-Markdown and the reading may close it differently."""
    return any(line.lstrip().startswith(("```", "~~~")) for line in above.split("\n"))


def _defines(rest: str) -> bool:
    """Could `rest` define a link reference or an abbreviation (read as widely as possible)?"""
    for line in rest.split("\n"):
        stripped = line.lstrip()
        if stripped.startswith("*[") or (stripped.startswith("[") and "]:" in stripped):
            return True
    return False


def ids_reach_head(html: str, rest: str) -> bool:
    """Could an id below the separator have changed an id above it? (Python-Markdown's table of
    contents gives a heading another id when the document holds its id already: an element id
    is written `#id` in attribute lists and `id=...` in HTML; generated ids start with `__`.)"""
    ids = _Ids()
    ids.feed(html)
    ids.close()
    return any(value.startswith("__") or _named(value, rest) for value in ids.values)


def _named(value: str, rest: str) -> bool:
    at = rest.find(value)
    while at >= 0:
        before = rest[max(0, at - 80):at].rstrip("\"' \t")
        if before.endswith("#") or (before.endswith("=") and before[:-1].rstrip().lower().endswith("id")):
            return True
        at = rest.find(value, at + 1)
    return False


class _Ids(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.values: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.values += [value for name, value in attrs if name == "id" and value]
