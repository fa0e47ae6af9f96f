"""Relative links of a Markdown body, resolved through the site index and rewritten in place.

For a page (`page` set) a link becomes the relative docs-folder path MkDocs resolves; for the
feed (`base` set) it becomes an absolute URL. A link to nothing, or to a draft, is a
`ContentError` on its line; code is never touched (the one Markdown reading decides what is code).
Raw HTML `src`/`href` (img, a, source, video, audio) goes through the same index: its attributes
are read with `html.parser`, and each value is found in the tag text the reading located; MkDocs
never rewrites raw HTML, so it becomes a URL relative to the page's URL. Absolute URLs, `data:`
and `#anchors` are left as written.
"""

from __future__ import annotations

import html
import posixpath
from dataclasses import dataclass
from functools import partial
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from typing import Callable
from urllib.parse import quote

from pipeline.content.index import SiteIndex, Target, page_url
from pipeline.content.syntax import Reading, read_markdown, replace_spans
from pipeline.errors import ContentError


@dataclass(frozen=True)
class Rewritten:
    body: str
    assets: tuple[tuple[Path, PurePosixPath], ...]  # (file in content/, path in docs folder)
    errors: tuple[ContentError, ...]


def rewrite_links(
    body: str, source: Path, body_line: int, page: PurePosixPath, index: SiteIndex,
    *, written_for: PurePosixPath | None = None, base: str | None = None, images: bool = True,
) -> Rewritten:
    """Point every relative link of `body` (written in `source`) at its target on the site.

    `page` is the docs path the body lands on; `written_for` the page its links to files
    emitted beside a page were written for (default `page`); with `base`, links become
    `base + URL` instead of relative docs paths; with `images=False`, images are left as written.
    """
    assets: dict[Path, PurePosixPath] = {}
    errors: list[ContentError] = []
    reading = read_markdown(body)
    changes = {}
    route = partial(_routed, index, source, written_for or page, body_line, assets, errors)
    for link in reading.links:
        if link.image and not images:
            continue
        target = route(link.target, link.line)
        if target is None:
            continue
        new = (base + target.url if base is not None else posixpath.relpath(target.output, page.parent)) \
            + target.fragment
        changes[link.start, link.end] = f"<{new}>" if " " in new or reading.text[link.start] == "<" else new
    changes |= _rewrite_raw_html(reading, page, index, base, route, images)
    return Rewritten(replace_spans(reading.text, changes), tuple(assets.items()), tuple(errors))


RAW_LINK_ATTRIBUTES = {"img": ("src",), "source": ("src",), "video": ("src", "poster"), "audio": ("src",),
                       "a": ("href",)}


@dataclass(frozen=True)
class RawLink:
    """One `src`/`href` value in raw HTML: its tag, the value as the parser read it (entities
    decoded), its 0-based line, its offsets in the text (inside any quotes) and whether it was quoted."""

    tag: str
    target: str
    line: int
    start: int
    end: int
    quoted: bool


def _routed(
    index: SiteIndex, source: Path, page: PurePosixPath, body_line: int,
    assets: dict[Path, PurePosixPath], errors: list[ContentError], link: str, line: int,
) -> Target | None:
    """The target of `link` (on 0-based `line`) if it has one; a media file goes in `assets`,
    a broken link in `errors`."""
    target = index.resolve(link, source, page)
    if target is None or target.problem:
        errors += [ContentError(source, target.problem, body_line + line)] if target else []
        return None
    if target.media is not None:
        assets[target.media] = target.output
    return target


def _rewrite_raw_html(
    reading: Reading, page: PurePosixPath, index: SiteIndex, base: str | None,
    route: Callable[[str, int], Target | None], images: bool,
) -> dict[tuple[int, int], str]:
    """The changes pointing raw HTML links at their targets (found by `route`); without `images`,
    only `<a href>` (media tags are left as written, like Markdown images)."""
    entry = index.by_output.get(page)
    here = (entry.url if entry is not None else page_url(page)) or "."
    changes = {}
    for link in raw_html_links(reading):
        if link.tag != "a" and not images:
            continue
        target = route(link.target, link.line)
        if target is None:
            continue
        url = base + target.url if base is not None else _relative_url(target.url, here)
        new = html.escape(quote(url, safe="/%:@!$&'()*+,;=-._~") + target.fragment)
        changes[link.start, link.end] = new if link.quoted else f'"{new}"'
    return changes


def _relative_url(url: str, page: str) -> str:
    """`url` (relative to the site root) as seen from the page at URL `page` (a folder URL)."""
    relative = posixpath.relpath(url or ".", page.rstrip("/") or ".")
    return relative + "/" if (url == "" or url.endswith("/")) and not relative.endswith("/") else relative


def raw_html_links(reading: Reading) -> tuple[RawLink, ...]:
    """Every `src`/`href` of the raw HTML the reading found (never inside code), in text order."""
    starts = [0] + [i + 1 for i, char in enumerate(reading.text) if char == "\n"]
    lines = reading.text.split("\n")
    cursor: dict[int, int] = {}  # per line: where the next tag may start (one tag is never read twice)
    found = []
    for item in reading.html:
        for tag, attrs, raw, row in _start_tags(item.html):
            first = item.line + row
            at = lines[first].find(raw.split("\n", 1)[0], cursor.get(first, 0)) if first < len(lines) else -1
            if at < 0:
                continue  # already read (Markdown inside a `<div markdown>` block)
            cursor[first] = at + 1
            found += _tag_links(tag, attrs, raw, first, at, lines, starts)
    return tuple(sorted(found, key=lambda link: link.start))


def _tag_links(tag, attrs, raw, first, at, lines, starts) -> list[RawLink]:
    spans = _attribute_spans(raw)
    if [(n, v) for n, v, *_ in spans] != [(n, v) for n, v in attrs]:
        return []  # a tag this reading does not follow exactly: left as written
    links, raw_lines = [], raw.split("\n")
    for name, value, start, end, quoted in spans:
        if name not in RAW_LINK_ATTRIBUTES[tag] or value is None:
            continue
        row = raw.count("\n", 0, start)
        column = start - (raw.rfind("\n", 0, start) + 1)
        line = first + row
        if row:  # a continuation line, without the container's indentation in the HTML text
            at = lines[line].find(raw_lines[row]) if line < len(lines) else -1
            if at < 0:
                continue
        begin = starts[line] + at + column
        links.append(RawLink(tag, value, line, begin, begin + end - start, quoted))
    return links


class _StartTags(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list, str, int]] = []

    def handle_starttag(self, tag, attrs):
        if tag in RAW_LINK_ATTRIBUTES:
            self.tags.append((tag, attrs, self.get_starttag_text() or "", self.getpos()[0] - 1))

    handle_startendtag = handle_starttag


def _start_tags(text: str) -> list[tuple[str, list, str, int]]:
    """(tag, attributes, the tag's text, its 0-based row in `text`) of each link-bearing start tag."""
    parser = _StartTags()
    parser.feed(text)
    parser.close()
    return parser.tags


def _attribute_spans(tag: str) -> list[tuple[str, str | None, int, int, bool]]:
    """(name, decoded value, start, end, quoted) of each attribute in a start tag's text, the
    offsets those of the value as written; checked against what `html.parser` read."""
    pos, spans, size = 1, [], len(tag)
    space = lambda i: i < size and tag[i].isspace()
    while pos < size and not (tag[pos].isspace() or tag[pos] in "/>"):
        pos += 1
    while True:
        while pos < size and (tag[pos].isspace() or tag[pos] == "/"):
            pos += 1
        if pos >= size or tag[pos] == ">":
            return spans
        name = pos
        while pos < size and not (tag[pos].isspace() or tag[pos] in "=/>"):
            pos += 1
        name, after = tag[name:pos].lower(), pos
        while space(after):
            after += 1
        if after >= size or tag[after] != "=":
            spans.append((name, None, pos, pos, False))
            continue
        pos = after + 1
        while space(pos):
            pos += 1
        quoted = pos < size and tag[pos] in "'\""
        if quoted:
            end = tag.find(tag[pos], pos + 1)
            if end < 0:
                return spans
            spans.append((name, html.unescape(tag[pos + 1:end]), pos + 1, end, True))
            pos = end + 1
        else:
            start = pos
            while pos < size and not (tag[pos].isspace() or tag[pos] == ">"):
                pos += 1
            spans.append((name, html.unescape(tag[start:pos]), start, pos, False))
