"""The one Markdown reading every stage shares: a markdown-it-py token stream with line maps.

`read_markdown(text)` parses once (cached per text) and answers what stages ask of Markdown:
where the links and images are (with their line and the exact span of their destination, so a
link can be rewritten in place), which lines are code, which characters are code spans, the
fenced blocks with their info strings, the raw HTML and the top-level blocks. It follows the
site's own syntax: CommonMark plus tables, admonitions and collapsible blocks (`!!!`, `???`),
content tabs (`===`),
definition lists, footnotes and math as pymdownx.arithmatex finds it: `$..$` (smart dollars: no
space inside the delimiters), `\\(..\\)`, and blocks `$$..$$`, `\\[..\\]`, `\\begin{env}..\\end{env}`;
nothing inside math is a link. It never renders HTML for the site and never
touches a file; no stage reads Markdown with its own fence tracker or code-span pattern.
"""

from __future__ import annotations

import re
import types
from bisect import bisect_right
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Callable

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.admon import admon_plugin
from mdit_py_plugins.admon.index import admonition
from mdit_py_plugins.amsmath import amsmath_plugin
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.dollarmath import dollarmath_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.texmath import texmath_plugin

CODE_TOKENS = ("fence", "code_block")


@dataclass(frozen=True)
class Link:
    """One link, image or reference definition: `target` as written (without `<>`), the 0-based
    `line` it is on, and `start`/`end`, the offsets of its destination in the text."""

    target: str
    line: int
    start: int
    end: int
    image: bool = False


@dataclass(frozen=True)
class Fence:
    """A fenced code block: its info string, its code, and its 0-based first and last lines."""

    info: str
    code: str
    first: int
    last: int


@dataclass(frozen=True)
class Html:
    """Raw HTML (a block or an inline tag), comments included, and its 0-based first line."""

    html: str
    line: int


@dataclass(frozen=True)
class Block:
    """A top-level block: its kind (heading, fence, math, table, definition, paragraph, ...),
    its 0-based first and last+1 lines, and its heading level (0 for other blocks)."""

    kind: str
    first: int
    end: int
    level: int = 0
    title: str = ""  # a heading's text


@dataclass(frozen=True)
class Reading:
    text: str
    tokens: tuple[Token, ...]
    links: tuple[Link, ...]
    code_spans: tuple[tuple[int, int], ...]  # offsets of inline code, ends excluded
    html: tuple[Html, ...]

    @cached_property
    def code_lines(self) -> frozenset[int]:
        """Lines inside fenced or indented code blocks, fence lines included."""
        return frozenset(n for t in self.tokens if t.type in CODE_TOKENS and t.map for n in range(*t.map))

    @property
    def fences(self) -> tuple[Fence, ...]:
        return tuple(Fence(t.info.strip(), t.content, t.map[0], t.map[1] - 1)
                     for t in self.tokens if t.type == "fence" and t.map)

    @property
    def blocks(self) -> tuple[Block, ...]:
        tokens = self.tokens
        return tuple(_block(t, tokens[i + 1] if i + 1 < len(tokens) else None)
                     for i, t in enumerate(tokens) if t.level == 0 and t.map and t.nesting >= 0)

    @cached_property
    def prose(self) -> str:
        """The text with every code character (blocks and spans) blanked: same lines, same columns."""
        chars = list(self.text)
        for start, end in self.code_spans:
            chars[start:end] = [c if c == "\n" else " " for c in chars[start:end]]
        lines = "".join(chars).split("\n")
        for n in self.code_lines:
            lines[n] = " " * len(lines[n])
        return "\n".join(lines)


def read_markdown(text: str) -> Reading:
    """The reading of `text` (line endings normalized to `\\n`); parsed once per distinct text."""
    return _read(text.replace("\r\n", "\n").replace("\r", "\n"))


def forget_readings() -> None:
    """Drop every cached reading: a whole build's render stage holds hundreds (tokens of every
    post body), and nothing after it, MkDocs included, needs them."""
    _read.cache_clear()


def replace_spans(text: str, changes: dict[tuple[int, int], str]) -> str:
    """`text` with each (start, end) span replaced; spans never overlap."""
    parts, last = [], 0
    for (start, end), new in sorted(changes.items()):
        parts += [text[last:start], new]
        last = end
    return "".join(parts) + text[last:]


@lru_cache(maxsize=512)
def _read(text: str) -> Reading:
    tokens, links, spans, html = _parts(text)
    links.sort(key=lambda link: link.start)
    return Reading(text, tuple(tokens), tuple(links), tuple(spans), tuple(html))


_MARKDOWN_IN_HTML = re.compile(r"^ {0,3}<[A-Za-z][\w-]*\b[^>]*\smarkdown(?:=[\"']?\w*[\"']?)?[\s/>]")


def _parts(text: str) -> tuple[list[Token], list[Link], list[tuple[int, int]], list[Html]]:
    env: dict = {"lip_references": []}
    tokens = _PARSER.parse(text, env)
    starts = _line_starts(text)
    links = [_link(text, where, False) for where in env["lip_references"]]
    spans, html = [], []
    for token in list(tokens):
        if token.type == "html_block" and token.map:
            html.append(Html(token.content, token.map[0]))
            if _MARKDOWN_IN_HTML.match(token.content) and token.map[1] - token.map[0] > 1:
                _read_inside(text, starts, token, (tokens, links, spans, html))
        if token.type != "inline" or not token.map or not token.children:
            continue
        place = _Placer(text, starts, token)
        for child in _walk(token.children or ()):
            meta = child.meta or {}
            if "lip_dest" in meta:
                dest = place.span(*meta["lip_dest"])
                if dest:
                    line = place.line_of(meta["lip_dest"][0])
                    links.append(_link(text, (line, *dest), child.type == "image"))
            elif child.type == "code_inline" and "lip_span" in meta:
                span = place.span(*meta["lip_span"])
                spans += [span] if span else []
            elif child.type == "html_inline" and "lip_span" in meta:
                html.append(Html(child.content, place.line_of(meta["lip_span"][0])))
    return tokens, links, spans, html


def _read_inside(text: str, starts: list[int], block: Token, into) -> None:
    """Markdown inside `<div markdown>` with no blank line after the tag (md_in_html renders it;
    CommonMark sees one HTML block): read the lines after the tag, at their places in `text`."""
    first, offset = block.map[0] + 1, starts[block.map[0] + 1]
    end = starts[block.map[1]] if block.map[1] < len(starts) else len(text)
    tokens, links, spans, html = _parts(text[offset:end])
    for token in tokens:
        token.level += 1  # inside the HTML block: never a top-level block
        token.map = [token.map[0] + first, token.map[1] + first] if token.map else None
    into[0].extend(token for token in tokens if token.type != "html_block")
    into[1].extend(Link(k.target, k.line + first, k.start + offset, k.end + offset, k.image) for k in links)
    into[2].extend((a + offset, b + offset) for a, b in spans)
    into[3].extend(Html(h.html, h.line + first) for h in html)


def _walk(tokens):
    for token in tokens:
        yield token
        yield from _walk(token.children or ())


def _link(text: str, where: tuple[int, int, int], image: bool) -> Link:
    line, start, end = where
    raw = text[start:end]
    return Link(raw[1:-1] if raw.startswith("<") else raw, line, start, end, image)


def _line_starts(text: str) -> list[int]:
    return [0, *(match.end() for match in _NEWLINE.finditer(text))]


_NEWLINE = re.compile("\n")


class _Placer:
    """Maps offsets in an inline token's content to offsets in the whole text.

    The content of an inline token is its source lines with container markers (indentation,
    `>`, list markers) and outer whitespace removed; each content line is the end of its line.
    A table cell or a heading with closing `#`s is found on its line after the previous match.
    """

    def __init__(self, text: str, starts: list[int], token: Token):
        self.text, self.starts, self.first = text, starts, token.map[0]
        self.content = token.content
        self.line_offsets = _line_starts(self.content)
        self.cursor: dict[int, int] = {}

    def line_of(self, offset: int) -> int:
        return self.first + bisect_right(self.line_offsets, offset) - 1

    def point(self, offset: int, last: bool = False) -> int | None:
        """The offset in the text of the content's character at `offset` (None if not found)."""
        k = bisect_right(self.line_offsets, offset) - 1
        line = self.first + k
        if line >= len(self.starts):
            return None
        line_end = self.starts[line + 1] - 1 if line + 1 < len(self.starts) else len(self.text)
        source = self.text[self.starts[line]:line_end].rstrip()
        content_line = self.content[self.line_offsets[k]:].split("\n", 1)[0].rstrip()
        column = offset - self.line_offsets[k]
        piece = content_line[column:] if not last else content_line[column:column + 1]
        at = len(source) - len(content_line) + column if source.endswith(content_line) else -1
        if at < 0 or not source.startswith(piece, at):
            at = source.find(piece, self.cursor.get(line, 0))
        if at < 0:
            return None
        self.cursor[line] = at + 1
        return self.starts[line] + at

    def span(self, start: int, end: int) -> tuple[int, int] | None:
        begin, last = self.point(start), self.point(end - 1, last=True)
        return None if begin is None or last is None or last < begin else (begin, last + 1)


def _record(rule: Callable, dest: Callable | None = None) -> Callable:
    """Wrap an inline rule so the first token it pushes remembers its span in the content."""

    def recorded(state, silent: bool) -> bool:
        start, count = state.pos, len(state.tokens)
        found = rule(state, silent)
        pushed = state.tokens[count:] if found and not silent else []
        token = next((t for t in pushed if t.type != "text"), None)  # pending text is pushed first
        if token is not None:
            token.meta = {**(token.meta or {}), "lip_span": (start, state.pos)}
            where = dest(state, start) if dest else None
            if where:
                token.meta["lip_dest"] = where
        return found

    return recorded


def _destination(state, start: int) -> tuple[int, int] | None:
    """The span of an inline link's destination (`[text](dest "title")`), or None for a
    reference link (its destination is in the definition)."""
    image = state.src[start] == "!"
    label_end = state.md.helpers.parseLinkLabel(state, start + image, not image)
    pos = label_end + 1
    if label_end < 0 or pos >= len(state.src) or state.src[pos] != "(":
        return None
    pos += 1
    while pos < len(state.src) and state.src[pos] in " \t\n":
        pos += 1
    found = state.md.helpers.parseLinkDestination(state.src, pos, len(state.src))
    return (pos, found.pos) if found.ok and found.pos > pos else None


def _record_reference(rule: Callable) -> Callable:
    """Wrap the block rule for `[label]: dest` so the definition's destination span is kept."""

    def recorded(state, start_line: int, end_line: int, silent: bool) -> bool:
        found = rule(state, start_line, end_line, silent)
        if found and not silent:
            begin = state.bMarks[start_line] + state.tShift[start_line]
            colon = state.src.find("]:", begin)
            pos = colon + 2
            while pos < len(state.src) and state.src[pos] in " \t\n":
                pos += 1
            dest = state.md.helpers.parseLinkDestination(state.src, pos, len(state.src))
            if dest.ok:
                line = state.src.count("\n", 0, pos)
                state.env["lip_references"].append((line, pos, dest.pos))
        return found

    return recorded


def _parser() -> MarkdownIt:
    md = (MarkdownIt("commonmark", {"html": True}).enable("table")
          .use(admon_plugin).use(deflist_plugin).use(footnote_plugin)
          .use(dollarmath_plugin, allow_space=False)  # arithmatex's smart dollars
          .use(texmath_plugin, delimiters="brackets").use(amsmath_plugin))
    md.core.ruler.disable("footnote_tail")  # keep footnotes where they are written, referenced or not
    md.block.ruler.before("fence", "tabs", _tabs(), {"alt": ["paragraph", "reference", "blockquote", "list"]})
    for name, dest in (("link", _destination), ("image", _destination), ("backticks", None),
                       ("html_inline", None)):
        rule = md.inline.ruler.__rules__[md.inline.ruler.__find__(name)]
        md.inline.ruler.at(name, _record(rule.fn, dest), {"alt": rule.alt})
    rule = md.block.ruler.__rules__[md.block.ruler.__find__("reference")]
    md.block.ruler.at("reference", _record_reference(rule.fn), {"alt": rule.alt})
    md.core.ruler.at("inline", _inline_where_kept)
    return md


# Every inline token a `Reading` keeps starts with one of these: a link or image (`[`, `![`, a
# footnote `[^`), a code span (a backtick) or inline HTML (`<`, autolinks too).
_KEPT_INLINE = re.compile(r"[\[`<]")


def _inline_where_kept(state) -> None:
    """markdown-it's core `inline` rule, skipping the text of a block that holds none of
    `_KEPT_INLINE` (most paragraphs): its inline tokens are never kept, so the reading is the same
    (without the children nobody reads) at half the cost."""
    for token in state.tokens:
        if token.type == "inline" and _KEPT_INLINE.search(token.content):
            if token.children is None:
                token.children = []
            state.md.inline.parse(token.content, state.md, state.env, token.children)


def _tabs():
    """Content tabs (`=== "Title"` and an indented body, pymdownx.tabbed) read like admonitions:
    the admonition rule with the tab markers."""
    names = {**admonition.__globals__, "MARKERS": ("===", "===+", "===!"), "MARKER_CHARS": {"="},
             "MAX_MARKER_LEN": 4}
    return types.FunctionType(admonition.__code__, names, "tabs")


_PARSER = _parser()
_BLOCK_KINDS = {"heading_open": "heading", "fence": "fence", "code_block": "code", "math_block": "math",
                "math_block_eqno": "math", "amsmath": "math",
                "table_open": "table", "dl_open": "definition", "paragraph_open": "paragraph",
                "html_block": "html", "admonition_open": "admonition"}


def _block(token: Token, following: Token | None) -> Block:
    kind = _BLOCK_KINDS.get(token.type, token.type.removesuffix("_open"))
    if token.type != "heading_open" or following is None:
        return Block(kind, token.map[0], token.map[1])
    return Block(kind, token.map[0], token.map[1], int(token.tag[1]), following.content)
