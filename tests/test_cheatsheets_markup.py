"""Raw HTML is refused with its line; math becomes readable text without any network."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.cheatsheets.markup import markdown_to_html, raw_html_errors, tex_to_html

SOURCE = Path("content/cheatsheets/x.md")


def test_raw_html_is_an_error_on_its_line():
    body = "## A\n\nfine\n<div onclick=x>hi</div>\n\ntext <b>bold</b>\n"
    errors = raw_html_errors(body, SOURCE, 10)
    assert [e.line for e in errors] == [13, 15]
    assert "raw HTML '<div onclick=x>'" in str(errors[0]) and str(errors[0]).startswith("content/cheatsheets/x.md:13:")


def test_html_in_code_autolinks_and_comments_is_fine():
    body = "Use `<div>` here.\n\n```html\n<script>alert(1)</script>\n```\n\n<https://example.org>\n<!-- note -->\n"
    assert raw_html_errors(body, SOURCE, 1) == ()


def test_comparisons_and_math_are_not_tags():
    assert raw_html_errors("a < b and c > d, x<3\n", SOURCE, 1) == ()
    assert raw_html_errors("$P(a <b and c> d)$ costs $5 <b>not math</b>\n", SOURCE, 1)[0].line == 1
    assert raw_html_errors("$P(a <b and c> d)$\n", SOURCE, 1) == ()


def test_common_tex_is_drawn_as_text():
    assert tex_to_html(r"Q \in \mathbb{R}^{n \times d_k}") == "Q ∈ ℝ<sup>n × d<sub>k</sub></sup>"
    assert tex_to_html(r"\frac{QK^\top}{\sqrt{d_k}}") == "(QK<sup>⊤</sup>)/(√(d<sub>k</sub>))"
    assert tex_to_html(r"\unknowncommand x") == r"\unknowncommand x"  # unknown TeX stays readable


def test_markdown_math_and_code_are_rendered_offline():
    out = markdown_to_html("Energy $E = mc^2$.\n\n```python\nx = 1\n```\n")
    assert '<span class="math">E = mc<sup>2</sup></span>' in out
    assert 'class="highlight"' in out and '<span class="n">x</span>' in out  # Pygments tokens


@given(st.text(max_size=60))
def test_tex_to_html_never_raises_and_emits_only_sup_and_sub_tags(tex):
    out = tex_to_html(tex)
    assert re.sub(r"</?su[bp]>", "", out).count("<") == 0


def test_a_tag_split_over_two_lines_is_caught():
    body = "Some text <span\n  onclick=\"x\">hi</span> here.\n\n<div\nclass=\"y\">\n"
    errors = raw_html_errors(body, SOURCE, 1)
    assert [e.line for e in errors] == [1, 2, 4]
    assert "raw HTML '<span onclick=\"x\">'" in str(errors[0])


@pytest.mark.parametrize("tex", ["^_", "_^a", "x^_y", "a_^", "^^", "__"])
def test_a_mark_is_never_taken_as_the_atom_of_another(tex):
    """Before: tex_to_html('^_') gave '<sup><sub><</sub>/sup>'."""
    out = tex_to_html(tex)
    assert re.sub(r"</?su[bp]>", "", out).count("<") == 0
    assert out.count("<sup>") == out.count("</sup>") and out.count("<sub>") == out.count("</sub>")
