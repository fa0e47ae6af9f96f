"""Where a post's excerpt ends on the blog index: the author's `<!-- more -->` when there is one,
else after the first paragraph, or earlier at a block boundary once a word budget is spent.

Material's blog plugin shows everything above the separator on index, archive and category
pages; without one it shows the whole post. The cut lands only between top-level blocks (never
inside a paragraph, list, fence, admonition or output), and code and notebook outputs never land
in an excerpt: the cut goes before the first of them. Pure: text in, text out; the post's page
reads the same with or without the separator (an HTML comment).
"""

from __future__ import annotations

from pipeline.content.syntax import Block, read_markdown

MORE = "<!-- more -->"
WORDS = 80  # the most an excerpt holds after its headings, unless its one paragraph is longer
_HEADING, _PARAGRAPH, _MARKUP, _STOP = "heading", "paragraph", "markup", "stop"


def with_excerpt(body: str) -> str:
    """`body` with the excerpt separator, placed as above (unchanged when it already has one)."""
    if MORE in body:
        return body
    lines = body.replace("\r\n", "\n").replace("\r", "\n").splitlines(keepends=True)
    cut, words = len(lines), 0
    for block in read_markdown(body).blocks:
        text = "".join(lines[block.first : block.end])
        kind = _kind(block, text)
        if kind == _STOP or (words and words + len(text.split()) > WORDS):
            cut = block.first
            break
        if kind != _HEADING:
            words += len(text.split())
        if kind == _PARAGRAPH:
            cut = block.end
            break
    head, rest = "".join(lines[:cut]).rstrip("\n"), "".join(lines[cut:]).lstrip("\n")
    return f"{head}\n\n{MORE}\n\n{rest}" if head else f"{MORE}\n\n{rest}"


def _kind(block: Block, text: str) -> str:
    """Headings and markup (HTML, lone images) stay above the cut; a paragraph ends the excerpt;
    code, outputs, admonitions (collapsed notebook code sits in one), lists, tables, quotes and
    math stop it before they start."""
    if block.kind == "heading":
        return _HEADING
    if block.kind == "html":  # raw HTML with a relative src/href breaks on index pages: kept below
        linked = "src=" in text or "href=" in text
        return _STOP if linked or "nb-output" in text.split("\n", 1)[0] else _MARKUP
    if block.kind == "paragraph":
        return _MARKUP if text.lstrip().startswith("![") else _PARAGRAPH
    return _STOP
