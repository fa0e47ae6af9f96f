"""Flashcards as a visitor sees them: each form becomes a <details> card, rendered by the same
Markdown extensions the site's mkdocs.yml turns on (a real Python-Markdown run)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.blog.flashcards import render_flashcards
from pipeline.decks.cards import extract_cards

REPO = Path(__file__).resolve().parent.parent
SOURCE = Path("content/posts/cards.md")
EXTENSIONS = ["admonition", "md_in_html", "pymdownx.details", "pymdownx.superfences", "pymdownx.arithmatex"]
ARITHMATEX = {"pymdownx.arithmatex": {"generic": True}}  # as the site's mkdocs.yml configures it


def html(text: str) -> str:
    rendered = render_flashcards(text, SOURCE)
    return markdown.markdown(rendered, extensions=EXTENSIONS, extension_configs=ARITHMATEX)


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


@settings(deadline=None)  # a loaded machine is not a failure
@given(st.lists(st.sampled_from(["Q: a\nA: b", "{{c1::x}} y", "text", '??? question "q"\n    a',
                                 "```\nQ: c\nA: d\n```"]), max_size=6))
def test_every_card_the_decks_read_is_one_card_on_the_page(parts):
    text = "\n\n".join(parts) + "\n"
    cards, _ = extract_cards(text, SOURCE)
    assert html(text).count("<details") == len(cards)


ZENSICAL = Path(sys.executable).with_name("zensical")


@pytest.mark.skipif(not ZENSICAL.is_file(), reason="zensical is not installed (test extra)")
def test_zensical_renders_the_cards_as_mkdocs_does(tmp_path: Path):
    """The cards are Markdown any engine reading the site's mkdocs.yml extensions renders: Zensical
    0.0.73 builds the same <details> cards, math and marks from lip's own mkdocs.yml."""
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("docs_dir: build/docs", "docs_dir: docs")
    config = re.sub(r"^(nav|plugins):\n(?:  .*\n)+", "", config, flags=re.MULTILINE)
    config = re.sub(r"^  custom_dir: .*\n", "", config, flags=re.MULTILINE)  # lip writes it during a build
    (tmp_path / "zensical.yml").write_text(config, encoding="utf-8")
    (tmp_path / "docs").mkdir()
    text = "Q: What is $x$?\nA: A *variable*.\n\nSoftmax gives {{c1::probabilities::what}}.\n"
    page_source = "# Cards\n\n" + render_flashcards(text, SOURCE)
    (tmp_path / "docs" / "index.md").write_text(page_source, encoding="utf-8")
    done = subprocess.run([str(ZENSICAL), "build", "-f", "zensical.yml"], cwd=tmp_path, capture_output=True,
                          text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    page = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    mkdocs_page = html(text)
    for expected in ('<details class="question lip-card">\n<summary>What is <span class="arithmatex">',
                     '<details class="question lip-card lip-cloze">\n<summary>Softmax gives '
                     '<span class="lip-blank">what</span>.</summary>',
                     '<mark class="lip-answer">probabilities</mark>'):
        assert expected in page and expected in mkdocs_page, expected
