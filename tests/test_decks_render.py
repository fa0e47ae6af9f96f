"""Rendering for Anki: math delimiters outside code only, inline-styled code, media names, decks, tags."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path, PurePosixPath

from pipeline.decks.cards import BASIC, CLOZE, Card
from pipeline.decks.render import (
    Renderer,
    deck_for,
    image_finder,
    link_rewriter,
    media_name,
    render_card,
    source_field,
    tags_for,
)
from pipeline.content.index import Entry, SiteIndex
from pipeline.records import Post

WHEN = datetime(2026, 3, 14, tzinfo=timezone.utc)


def post(content: Path, rel: str = "posts/ml/deep/x.md", **extra) -> Post:
    source = content / rel
    return Post(source, "A <b>title</b>", WHEN, "x", "", PurePosixPath("blog/posts/ml/deep/x.md"),
                tags=("deep learning", "ml"), extra=extra)


def render(card: Card, p: Post, content: Path, base_url: str = "https://me.example/"):
    link = source_field(p, base_url)
    return render_card(card, p, Renderer(), image_finder(p, content), "D", ("lip",), link)


def test_math_becomes_anki_delimiters_but_never_inside_code():
    html = Renderer().html("Cost $5? No: $a_1 + b$ and\n\n$$\nE = mc^2\n$$\n\n`$x$` and\n\n```python\ns = '$a$'\n```\n")
    assert r"\(a_1 + b\)" in html and r"\[" in html and "E = mc^2" in html
    assert "<code>$x$</code>" in html and "'$a$'" in html and r"\(x\)" not in html


def test_code_is_highlighted_with_inline_styles():
    html = Renderer().html("```python\ndef f(x):\n    return x\n```\n")
    assert 'style="' in html and "class=\"k\"" not in html and "def" in html


def test_cloze_and_question_lose_the_paragraph_wrapper(tmp_path):
    p = post(tmp_path)
    note, errors = render(Card(p.source, 1, CLOZE, "Softmax is {{c1::*smooth*}}"), p, tmp_path)
    assert not errors and note.fields[0] == "Softmax is {{c1::<em>smooth</em>}}"


def test_images_are_bundled_under_content_names(tmp_path):
    (tmp_path / "posts/ml/deep").mkdir(parents=True)
    (tmp_path / "posts/ml/deep/plot.png").write_bytes(b"one")
    (tmp_path / "posts/other").mkdir(parents=True)
    (tmp_path / "posts/other/plot.png").write_bytes(b"two")
    assert media_name(tmp_path / "posts/ml/deep/plot.png") != media_name(tmp_path / "posts/other/plot.png")
    p = post(tmp_path)
    card = Card(p.source, 4, BASIC, "Which?", "![a](plot.png) and ![b](../../other/plot.png)\n"
                "`![not](code.png)` ![web](https://example.com/x.png)")
    note, errors = render(card, p, tmp_path)
    assert not errors and len(note.media) == 2
    names = [name for name, _ in note.media]
    assert all(f'src="{name}"' in note.fields[1] for name in names)
    assert "https://example.com/x.png" in note.fields[1] and "<code>![not](code.png)</code>" in note.fields[1]


def test_missing_image_names_file_and_line(tmp_path):
    p = post(tmp_path)
    note, errors = render(Card(p.source, 9, BASIC, "Q?", "![gone](nope.png)"), p, tmp_path)
    assert note is None and str(errors[0]).endswith(":9: missing image 'nope.png' in a card")


def test_deck_from_front_matter_then_folders_then_default(tmp_path):
    assert deck_for(post(tmp_path, deck=" ML :: Transformers "), tmp_path, "Default") == "ML::Transformers"
    assert deck_for(post(tmp_path), tmp_path, "Default") == "ml::deep"
    assert deck_for(post(tmp_path, "posts/2026/x.md"), tmp_path, "Default") == "Default"


def test_tags_and_link_back(tmp_path):
    p = post(tmp_path)
    assert tags_for(p, tmp_path) == ("lip", "deep_learning", "ml", "source::posts/ml/deep/x")
    assert source_field(p, "https://me.example/") == \
        '<a href="https://me.example/blog/2026/03/14/x/">A &lt;b&gt;title&lt;/b&gt;</a>'
    assert "blog/2026/03/14/x/" in source_field(p, "")


def test_card_links_become_site_urls_but_images_broken_links_and_code_stay(tmp_path):
    content = tmp_path / "content"
    p = post(content)
    (content / "posts/ml/deep").mkdir(parents=True)
    other = content / "posts/ml/y.md"
    other.write_text("")
    entry = Entry(other.resolve(), PurePosixPath("blog/posts/ml/y.md"), "blog/2026/01/01/y/", "note")
    site = SiteIndex(content, {entry.source: entry})
    text = "[y](../y.md#a) ![i](img/p.png) [gone](nope.md) `[c](../y.md)` [w](https://e.org/)"
    assert link_rewriter(p, site, "https://me.example/")(text) == (
        "[y](https://me.example/blog/2026/01/01/y/#a) ![i](img/p.png) [gone](nope.md) `[c](../y.md)` "
        "[w](https://e.org/)")
    assert link_rewriter(p, site, "")(text) == text  # no site_url: no address to point at
