"""Cheatsheets drawn from posts: headings, code, math, tables, definitions and flashcards, in
source order; prose and empty sections left out."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from pipeline.cheatsheets.extract import block_items, cheatsheet_markdown

SOURCE = Path("content/posts/note.md")
NOTE = """Intro prose that a cheatsheet leaves out.

## Formula

$$
y = Wx + b
$$

| a | b |
|---|---|
| 1 | 2 |

## Only prose here

Nothing to look up.

### Nor here

Still prose.

## Code

```python
# a comment, not a heading
x = 1
```

Softmax
:   Turns scores into probabilities.
    Rows sum to 1.

??? question "Why scale by $\\sqrt{d_k}$?"
    To keep the softmax out of saturation.

Q: What is a logit?
A: An unnormalized score.
<!-- id: logit -->

Queries and keys come from {{c1::the same sequence::where}}.
"""


def test_keeps_lookup_blocks_in_source_order_and_drops_prose():
    out = cheatsheet_markdown(NOTE, SOURCE, 5)
    order = ["## Formula", "y = Wx + b", "| 1 | 2 |", "## Code", "# a comment, not a heading", "Softmax\n:   Turns",
             'Why scale by $\\sqrt{d_k}$?\n:   To keep', "What is a logit?\n:   An unnormalized score.",
             "**the same sequence**"]
    positions = [out.index(part) for part in order]
    assert positions == sorted(positions)
    assert "Intro prose" not in out and "Nothing to look up" not in out and "Still prose" not in out


def test_headings_without_content_are_pruned_with_their_subheadings():
    out = cheatsheet_markdown(NOTE, SOURCE)
    assert "## Only prose here" not in out and "### Nor here" not in out


def test_card_ids_and_cloze_marks_do_not_leak():
    out = cheatsheet_markdown(NOTE, SOURCE)
    assert "id: logit" not in out and "{{c1::" not in out and "::where" not in out


def test_multiline_definition_is_kept_whole():
    out = cheatsheet_markdown(NOTE, SOURCE)
    assert "Softmax\n:   Turns scores into probabilities.\n    Rows sum to 1." in out


def test_unclosed_fence_runs_to_the_end():
    items = block_items("## A\n\n```python\nx = 1\n## not a heading\n")
    assert [item.kind for item in items] == ["heading", "code"]
    assert "## not a heading" in items[1].markdown


def test_post_without_lookup_blocks_gives_an_empty_sheet():
    assert cheatsheet_markdown("Just words.\n\n## Heading\n\nMore words.\n", SOURCE).strip() == ""


_words = st.text(alphabet="abcdefghij ", min_size=1, max_size=20).map(lambda s: "w" + s.strip())
_block = st.one_of(
    _words.map(lambda w: ("prose", f"{w} prose.")),
    _words.map(lambda w: ("code", f"```python\n{w} = 1\n```")),
    _words.map(lambda w: ("table", f"| {w} | x |\n|---|---|\n| 1 | 2 |")),
    _words.map(lambda w: ("heading", f"## {w} head")),
)


@given(st.lists(_block, max_size=12))
def test_code_and_tables_survive_verbatim_in_order_and_prose_never(blocks):
    body = "\n\n".join(text for _, text in blocks) + "\n"
    out = cheatsheet_markdown(body, SOURCE)
    kept = [text for kind, text in blocks if kind in ("code", "table")]
    position = 0
    for text in kept:  # each found after the one before it
        position = out.index(text, position) + len(text)
    for kind, text in blocks:
        if kind == "prose":
            assert text not in out
