"""Excerpts on the blog index: the author's `<!-- more -->`, else the first paragraph (after the
headings and buttons above it), never code or notebook outputs, never more than the word budget
across blocks; the separator never changes how the post itself reads."""

import markdown
from hypothesis import given
from hypothesis import strategies as st

from pipeline.blog.excerpt import MORE, WORDS, with_excerpt


def _excerpt(body: str) -> str:
    return with_excerpt(body).split(MORE)[0]


def test_the_authors_separator_is_kept():
    body = "First.\n\nSecond.\n\n<!-- more -->\n\nThird.\n"
    assert with_excerpt(body) == body


def test_cut_after_the_first_paragraph_of_a_long_post():
    paragraphs = [f"Paragraph {n} " + "word " * 60 for n in range(40)]  # a 2,400-word post
    body = "# Title\n\n" + "\n\n".join(paragraphs) + "\n"
    assert _excerpt(body) == f"# Title\n\n{paragraphs[0]}\n\n"


def test_code_and_outputs_never_land_in_the_excerpt():
    body = (
        '# Softmax\n\n<div class="nb-links" markdown>\n[Colab](x){ .md-button }\n</div>\n\n'
        '```python\nimport numpy\n```\n\n<div class="nb-output" markdown>\n\nout\n\n</div>\n\nProse.\n'
    )
    assert (
        _excerpt(body) == '# Softmax\n\n<div class="nb-links" markdown>\n[Colab](x){ .md-button }\n</div>\n\n'
    )
    collapsed = 'Intro paragraph.\n\n??? note "Code"\n\n    ```python\n    x\n    ```\n'
    assert _excerpt(collapsed) == "Intro paragraph.\n\n"


def test_the_word_budget_stops_before_a_block_that_would_pass_it():
    body = "\n\n".join(["![figure](a.png)", "<div>html</div>", "## Background", "word " * WORDS, "More."])
    excerpt = _excerpt(body)
    assert "word" not in excerpt and "![figure]" in excerpt and "## Background" in excerpt


def test_a_fence_with_blank_lines_is_one_block():
    body = "# T\n\n```\n\nnot a paragraph\n\n```\n\nThe paragraph.\n"
    assert _excerpt(body) == "# T\n\n"


@given(
    st.lists(
        st.sampled_from(
            [
                "Some words here.",
                "# Heading",
                "- a list item",
                "```\ncode\n```",
                "| a | b |\n|---|---|\n| 1 | 2 |",
                "<div>html</div>",
                "> quote",
            ]
        ),
        max_size=8,
    )
)
def test_the_post_renders_the_same_with_the_separator(blocks):
    body = "\n\n".join(blocks) + "\n"
    render = lambda text: markdown.markdown(text.replace(MORE, ""), extensions=["fenced_code", "tables"])
    assert with_excerpt(body).count(MORE) == 1 and render(with_excerpt(body)) == render(body)


def test_raw_html_with_a_link_or_image_stays_out_of_the_excerpt():
    # PythonDataScienceHandbook's first cell: its relative <img> would break on the blog index
    body = '# Title\n\n<!--BOOK_INFORMATION-->\n<img src="figures/cover.png">\n\nThe first paragraph.\n'
    assert _excerpt(body) == "# Title\n\n<!--BOOK_INFORMATION-->\n\n"
