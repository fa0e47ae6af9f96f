"""Flashcards as a visitor sees them: each form becomes a <details> card, rendered by the same
Markdown extensions the site's mkdocs.yml turns on (a real Python-Markdown run)."""

from __future__ import annotations

from pathlib import Path

import markdown
from hypothesis import given
from hypothesis import strategies as st

from pipeline.blog.flashcards import render_flashcards
from pipeline.decks.cards import extract_cards

SOURCE = Path("content/posts/cards.md")
EXTENSIONS = ["admonition", "md_in_html", "pymdownx.details", "pymdownx.superfences",
              "pymdownx.arithmatex"]


def html(text: str) -> str:
    return markdown.markdown(render_flashcards(text, SOURCE), extensions=EXTENSIONS)


def test_question_and_answer_lines_become_a_card_with_the_answer_hidden():
    page = html("Q: What shape is $Q$?\nA: $n \\times d_k$: one row\nper query.\n")
    assert page.startswith('<details class="question lip-card">\n<summary>What shape is')
    assert "Q:" not in page and "A:" not in page
    summary, answer = page.split("</summary>")
    assert "one row\nper query" in answer and "one row" not in summary


def test_a_cloze_shows_blanks_and_reveals_the_answers():
    page = html("Self-attention reads {{c1::the same sequence}} and {{c2::twice::how often}}.\n")
    summary, answer = page.split("</summary>")
    assert "{{" not in page and "}}" not in page
    assert summary.count('<span class="lip-blank">') == 2 and "how often" in summary
    assert "the same sequence" not in summary and "twice" not in summary
    assert '<mark class="lip-answer">the same sequence</mark>' in answer
    assert '<mark class="lip-answer">twice</mark>' in answer


def test_code_spans_in_a_cloze_stay_as_written():
    page = html("Call `{{c1::x}}` as {{c1::np.exp}}.\n")
    assert "<code>{{c1::x}}</code>" in page.split("</summary>")[0]


def test_question_cards_and_other_text_are_left_alone():
    text = ('??? question "Why?"\n    Because.\n\nPlain paragraph.\n\n```\nQ: in code\nA: stays\n```\n'
            "Q: no answer line\n")
    assert render_flashcards(text, SOURCE) == text


def test_card_ids_never_reach_the_page():
    page = html("Q: Front\nA: Back\n<!-- id: my-card -->\n")
    assert "my-card" not in page


def test_a_cloze_inside_an_admonition_stays_inside_it():
    page = html('!!! note "Recap"\n\n    Softmax turns scores into {{c1::probabilities}}.\n')
    assert page.index('class="admonition note"') < page.index("lip-cloze") < page.rindex("</div>")


@given(st.lists(st.sampled_from(["Q: a\nA: b", "{{c1::x}} y", "text", '??? question "q"\n    a',
                                 "```\nQ: c\nA: d\n```"]), max_size=6))
def test_every_card_the_decks_read_is_one_card_on_the_page(parts):
    text = "\n\n".join(parts) + "\n"
    cards, _ = extract_cards(text, SOURCE)
    assert html(text).count("<details") == len(cards)
