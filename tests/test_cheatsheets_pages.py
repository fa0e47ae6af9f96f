"""Cheatsheet page and index Markdown: escaped titles, relative links MkDocs resolves, cards."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from hypothesis import given
from hypothesis import strategies as st

from pipeline.cheatsheets.pages import (
    cheatsheet_page,
    index_page,
    link_to,
    text,
)
from pipeline.cheatsheets.sheets import Cheatsheet


def sheet(**fields) -> Cheatsheet:
    return Cheatsheet(**{"source": Path("content/cheatsheets/a.md"), "slug": "a", "title": "A", "body": "", **fields})


def test_titles_and_descriptions_are_escaped_text():
    page = cheatsheet_page(sheet(title="<b>[x]</b>", description="*not* <i>html</i>"), "## S\n", True)
    assert "# &lt;b&gt;\\[x\\]&lt;/b&gt;" in page and "<i>" not in page and "\\*not\\*" in page
    card = index_page([sheet(title="x](javascript:alert(1)")], True)
    assert "[x\\](javascript:alert(1)](a.md)" in card


def test_link_back_to_post_is_relative_to_the_page():
    assert link_to(PurePosixPath("blog/posts/2026/n.md"), PurePosixPath("cheatsheets/n.md")) == "../blog/posts/2026/n.md"


@given(st.text(max_size=40))
def test_text_never_leaves_html_or_link_syntax(value):
    out = text(value)
    assert "<" not in out and ">" not in out.replace("&gt;", "")
    assert all(out[i - 1] == "\\" for i, char in enumerate(out) if char in "[]" )


def test_index_sorts_cards_by_title_and_links_pdfs():
    out = index_page([sheet(slug="b", title="beta"), sheet(slug="a", title="Alpha")], True)
    assert out.index("[Alpha](a.md)") < out.index("[beta](b.md)") and "[PDF, A4 landscape](b.pdf)" in out
