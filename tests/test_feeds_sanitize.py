"""Sanitizing untrusted entry HTML: feedparser's XSS corpus and hand-written attacks."""

from __future__ import annotations

import re
from pathlib import Path

import feedparser
import pytest
from hypothesis import given, strategies as st

from pipeline.feeds.render import md_text
from pipeline.feeds.sanitize import clean_html, plain_text, shorten

SANITIZE = Path(__file__).parent / "data" / "feeds" / "feedparser" / "sanitize"
ACTIVE = re.compile(r"<(script|iframe|style|object|embed|form)|\son\w+=|javascript:|style=", re.I)


@pytest.mark.parametrize("path", sorted(SANITIZE.glob("*.xml")), ids=lambda p: p.name)
def test_feedparser_xss_corpus_raw_fields_come_out_inert(path):
    parsed = feedparser.parse(path.read_bytes(), sanitize_html=False)
    raw = [parsed.feed.get("title", "")] + [
        value for e in parsed.entries for value in
        (e.get("title", ""), e.get("summary", ""), *(c.get("value", "") for c in e.get("content", [])))]
    assert any(ACTIVE.search(r) for r in raw), "the fixture should carry something active"
    for fragment in raw:
        assert not ACTIVE.search(clean_html(fragment, "https://blog.example/post/"))


def test_relative_links_resolve_and_only_web_schemes_survive():
    out = clean_html('<a href="../a">a</a><a href="data:text/html,x">d</a><img src="//cdn.example/i.png">'
                     '<a href="mailto:me@example.org">m</a>', "https://blog.example/2026/post/")
    assert 'href="https://blog.example/2026/a"' in out and 'src="https://cdn.example/i.png"' in out
    assert "data:" not in out and 'href="mailto:me@example.org"' in out


def test_summaries_are_short_text_cut_between_words():
    assert shorten(plain_text("<p>one <b>two</b> &lt;three&gt; four five</p>"), 15) == "one two <three>…"
    assert shorten("one two three", 9) == "one two…" and shorten("short", 0) == "short"
    assert plain_text("<p>a\n\n<i>b</i></p><script>c</script>\x1b[2J") == "a b[2J"


@given(st.text(max_size=200))
def test_markdown_text_never_opens_tags_or_links(text):
    out = md_text(text, 100)
    assert "<" not in out and not re.search(r"(?<!\\)[\[\]`*_$]", out)
