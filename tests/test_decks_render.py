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


# --- The renderer's shortcuts (plain-text sides, remembered Pygments style and lexers) are exact ---

TRICKY = [
    "Plain question?", "A  double  space", "Ends with a colon:", "Quotes \"here\" and 'there'", "x",
    "Trailing space ", " Leading space", "1. A list", "- item", "A. Not a list", "A -- dash",
    "Word\nNext line",
    "Tab\there", "Setext\n---", "H2O is (mostly) water; right/wrong!", "Cost $5 and $x$", "AT&T &amp; &copy;",
    "a < b > c", "<b>bold</b>", "*em* and __strong__", "Back\\slash", "Under_score_word", "hash # mid",
    "Line break  \nhere", "`code` span", "[link](https://x.example/) and [ref][r]\n\n[r]: /y",
    "| a | b |\n|---|---|\n| 1 | 2 |", "    indented code", "> quote", "{{c1::cloze}} text {{c2::two::hint}}",
    "$$\nE = mc^2\n$$", "Über café naïve", "Emoji 🙂 end", "Done.", "Q?", "url http://x.example/a_b",
    "```python\nprint('$a$')\n```", "```js\nconst x = 1 < 2;\n```", "```\nno language\n```",
    "```nosuchlanguage\nx = 1\n```", '```python hl_lines="2"\na = 1\nb = 2\n```',
    '```python title="demo.py"\nx = 1\n```', '```python linenums="3"\nx = 1\ny = 2\n```',
    '```python hl_lines="1"\na = 1\nb = 2\n```', "```python\nprint(1)\n```\n\n```python\nprint(2)\n```",
    "1. one\n2. two\n\n    ```python\n    y = 2\n    ```", "!!! note\n    admonition stays text",
    "Text ending with a period.", "An *emphasized* word", "Some _emphasis_ here", "Hard break  ", "a:b",
    "(parenthesized)", "trailing-dash-", "9 starts with a digit",
]


def _plain_converter():
    import markdown
    from pipeline.decks.render import EXTENSION_CONFIG, EXTENSIONS

    md = markdown.Markdown(extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIG)

    def convert(text: str) -> str:
        md.reset()
        return md.convert(text)
    return convert


def _example_sides() -> list[str]:
    from pipeline.decks.cards import extract_cards

    sides = []
    for path in sorted((Path(__file__).parents[1] / "content").rglob("*.md")):
        cards, _ = extract_cards(path.read_text(encoding="utf-8").split("\n---\n", 1)[-1], path)
        sides += [side for card in cards for side in (card.front, card.back) if side]
    return sides


def _bench_sides() -> list[str]:
    import importlib.util

    from pipeline.decks.cards import extract_cards

    path = Path(__file__).parents[1] / "benchmarks" / "decks_bench.py"
    spec = importlib.util.spec_from_file_location("decks_bench", path)
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    body = "\n\n".join(bench.card_block(7, i) for i in range(40))
    cards, _ = extract_cards(body, Path("bench.md"))
    return [side for card in cards for side in (card.front, card.back) if side]


def _random_plain_lines(count: int) -> list[str]:
    import random

    rng = random.Random(13)
    allowed, other = "abcXYZ019 ,.?!'\"()/:;-", "*_`$&<>[]#|\\~=+{}@%^\t\n"

    def line(n: int) -> str:  # even n: only allowed characters; odd n: one other character among them
        text = rng.choice("aZ1 -") + "".join(rng.choice(allowed) for _ in range(rng.randint(0, 12)))
        at = rng.randint(0, len(text))
        return text if n % 2 == 0 else text[:at] + rng.choice(other) + rng.choice(("", text[at:]))
    return [line(n) for n in range(count)]


def test_renderer_html_is_byte_identical_to_a_plain_converter():
    sides = TRICKY + _example_sides() + _bench_sides() + _random_plain_lines(3000)
    assert any("```" in s for s in _example_sides()) and len(_bench_sides()) >= 60
    convert, renderer = _plain_converter(), Renderer()
    for _ in range(2):  # the second pass meets remembered lexers and style pairs
        for side in sides:
            assert renderer.html(side) == convert(side), side


def test_plain_text_sides_skip_the_converter():
    from pipeline.decks.render import PLAIN_TEXT

    taken = [s for s in TRICKY + _bench_sides() if PLAIN_TEXT.fullmatch(s)]
    assert "Plain question?" in taken and "Define concept 7-1." in taken
    assert not {"Trailing space ", "1. A list", "- item", "Cost $5 and $x$", "`code` span"} & set(taken)
