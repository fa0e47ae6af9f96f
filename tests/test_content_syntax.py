"""The one Markdown reading: links with their lines and spans, code, fences, HTML, blocks."""

from pipeline.content.syntax import read_markdown, replace_spans

TEXT = """# Title

A [link](a.md) and ![img](i.png "t"), `[code](x.md)`.

````md
```
[no](fence.md)
```
````

??? question "Why?"

    Because [yes](y.md).

[ref]: r.md
"""


def test_links_have_lines_and_exact_destination_spans():
    reading = read_markdown(TEXT)
    assert [(link.target, link.line, link.image) for link in reading.links] == [
        ("a.md", 2, False), ("i.png", 2, True), ("y.md", 12, False), ("r.md", 14, False)]
    assert all(reading.text[link.start:link.end] == link.target for link in reading.links)


def test_code_lines_spans_and_prose_keep_positions():
    reading = read_markdown(TEXT)
    assert sorted(reading.code_lines) == [4, 5, 6, 7, 8]
    assert [reading.text[a:b] for a, b in reading.code_spans] == ["`[code](x.md)`"]
    prose = reading.prose
    assert len(prose) == len(TEXT) and "x.md" not in prose and "fence.md" not in prose and "a.md" in prose


def test_fences_blocks_and_html():
    reading = read_markdown("## H ##\n\n```python title=\"x\"\nimport a\n```\n\nx <b\nclass=y>z</b>\n")
    assert [(f.info, f.code, f.first, f.last) for f in reading.fences] == [('python title="x"', "import a\n", 2, 4)]
    assert [(b.kind, b.first, b.level, b.title) for b in reading.blocks][:2] == [("heading", 0, 2, "H"), ("fence", 2, 0, "")]
    assert [(h.html, h.line) for h in reading.html] == [("<b\nclass=y>", 6), ("</b>", 7)]


def test_replace_spans():
    assert replace_spans("abcdef", {(1, 2): "X", (4, 6): "YZ!"}) == "aXcdYZ!"


def test_content_tabs_are_read_like_the_site_renders_them():
    reading = read_markdown('=== "One"\n\n    [a](a.md)\n\n=== "Two"\n\n    ```\n    [no](x.md)\n    ```\n\nTitle\n===\n')
    assert [(link.target, link.line) for link in reading.links] == [("a.md", 2)]
    assert sorted(reading.code_lines) == [6, 7, 8]
    assert [(b.kind, b.title) for b in reading.blocks][-1] == ("heading", "Title")


def test_markdown_inside_an_html_block_marked_markdown_is_read():
    text = '<div class="grid" markdown>\n[a](a.md) and `[no](x.md)`\n\n```\n[no](y.md)\n```\n</div>\n\n<div>\n[raw](r.md)\n</div>\n'
    reading = read_markdown(text)
    assert [(link.target, link.line) for link in reading.links] == [("a.md", 1)]
    assert reading.text[reading.links[0].start:reading.links[0].end] == "a.md"
    assert sorted(reading.code_lines) == [3, 4, 5]
    assert [reading.text[a:b] for a, b in reading.code_spans] == ["`[no](x.md)`"]
    assert [b.kind for b in reading.blocks] == ["html", "fence", "html", "html"]


# Each case: Markdown, and whether the site's reading (python-markdown + pymdownx.arithmatex generic,
# as mkdocs.yml has it) renders the `[..](..)` in it as a link (True) or as math (False).
ARITHMATEX_CASES = [
    (r"Inline \( [n](T) \) math.", False),
    ("Dollars $[n](T)$ math.", False),
    ("$$\nx = [a](b)\n$$\n", False),
    ("\\[\nx = [a](b)\n\\]\n", False),
    ("\\[ x = [a](b) \\]\n", False),
    ("\\begin{align}\nx &= [a](b)\n\\end{align}\n", False),
    ("Spaced $ [n](T) $ is no math (smart dollars).", True),
    (r"Escaped \$[n](T)\$ is no math.", True),
    (r"Escaped \\( [n](T) \\) is no math.", True),
    ("- item \\( [n](T) \\)\n", False),
    ("> quoted $[n](T)$\n", False),
    ("Plain [n](T) link.", True),
]


def test_links_inside_math_are_not_links_exactly_where_arithmatex_renders_math():
    import markdown
    site = markdown.Markdown(extensions=["pymdownx.arithmatex"], extension_configs={"pymdownx.arithmatex":
                                                                                   {"generic": True}})
    for text, is_link in ARITHMATEX_CASES:
        assert ("<a " in site.reset().convert(text)) is is_link, text  # the case itself is right
        assert [link.target for link in read_markdown(text).links] == (["T" if "T" in text else "b"]
                                                                       if is_link else []), text


def test_forget_readings_drops_the_cached_ones():
    from pipeline.content.syntax import forget_readings

    first = read_markdown("Some [text](t.md).")
    assert read_markdown("Some [text](t.md).") is first
    forget_readings()
    assert read_markdown("Some [text](t.md).") is not first
    assert read_markdown("Some [text](t.md).").links == first.links


TRICKY = [
    TEXT, "a `code` b\n\nplain $x_{1}$ **bold**\n\n<b>x</b> and <https://a.b>\n",
    "[^1] note\n\n[^1]: a [link](l.md)\n\ninline ^[foot [x](y.md)]\n", "$[not](a.md)$ and \\[ [x](b.md) \\]\n",
    "| a | `b` |\n|---|---|\n| [c](c.md) | d |\n\nTerm\n: def [e](e.md)\n\n=== \"Tab\"\n    `f` [g][r]\n\n[r]: r.md\n",
    "<div markdown>\n[in](html.md) `x`\n</div>\n\n# H [h](h.md) #\n",
]


def test_skipping_the_inline_text_of_plain_blocks_keeps_the_same_reading(monkeypatch):
    """The reading parses a block's inline text only when it holds `[`, a backtick or `<`: over the
    repository's own Markdown and tricky texts, it finds what a reading of every inline text finds."""
    import subprocess
    from pathlib import Path

    from markdown_it.rules_core import inline

    from pipeline.content import syntax

    root = Path(__file__).resolve().parent.parent
    tracked = subprocess.run(["git", "ls-files", "*.md"], cwd=root, capture_output=True, text=True).stdout
    texts = TRICKY + [(root / name).read_text("utf-8") for name in tracked.split()]
    assert len(texts) > 20

    def kept(text):
        tokens, links, spans, html = syntax._parts(text)
        return [(t.type, t.map, t.content) for t in tokens], links, spans, html

    skipping = [kept(text) for text in texts]
    everything = syntax._parser()
    everything.core.ruler.at("inline", inline)
    monkeypatch.setattr(syntax, "_PARSER", everything)
    assert [kept(text) for text in texts] == skipping
