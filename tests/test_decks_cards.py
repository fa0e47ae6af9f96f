"""Card extraction: the three forms, explicit ids, code never read as cards, bad cards on their line."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.decks.cards import BASIC, CLOZE, REVERSED, Card, cloze_problem, duplicate_ids, extract_cards

SRC = Path("posts/x.md")


def cards(body: str, line: int = 1):
    found, errors = extract_cards(body, SRC, line)
    assert not errors, errors
    return found


def error(body: str, line: int = 1) -> str:
    found, errors = extract_cards(body, SRC, line)
    assert len(errors) == 1, (found, errors)
    return str(errors[0])


def test_admonition_question_with_indented_answer():
    (card,) = cards('Intro.\n\n??? question "What is $x$?"\n    It is **x**.\n\n    Second paragraph.\n\nAfter.\n', 10)
    assert (card.kind, card.front, card.line) == (BASIC, "What is $x$?", 12)
    assert card.back == "It is **x**.\n\nSecond paragraph."


def test_reverse_class_and_open_admonition():
    (card,) = cards('???+ question reverse "Softmax"\n    Turns scores into probabilities.\n')
    assert card.kind == REVERSED and card.back == "Turns scores into probabilities."


def test_other_admonitions_are_not_cards():
    assert cards('??? note "Not a card"\n    Body.\n\n!!! tip "Nor this"\n    Body.\n') == ()


def test_question_answer_lines_span_several_lines():
    (one, two) = cards("Q: What is\nthe answer?\nA: 42,\nof course.\nQ: Next?\nA: Yes.\n")
    assert (one.front, one.back, one.line) == ("What is\nthe answer?", "42,\nof course.", 1)
    assert (two.front, two.back, two.line) == ("Next?", "Yes.", 5)


def test_cloze_paragraph_from_its_first_line():
    (card,) = cards("# Title\nFirst line of the paragraph\nwith {{c1::a cloze}} and {{c2::another::hint}}.\n\nNext.\n", 5)
    assert card.kind == CLOZE and card.line == 6 and card.front.startswith("First line")


def test_code_is_never_a_card():
    body = "```python\nQ: no\nA: no\n# {{c1::no}}\n```\n\nUse `{{c1::x}}` to write a cloze.\n\n~~~\n??? question \"no\"\n    no\n~~~\n"
    assert cards(body) == ()


def test_explicit_id_as_comment_or_line():
    (a, b, c) = cards('??? question "Q1"\n    A1\n    <!-- id: first-card -->\n\n'
                      "Q: Q2\nA: A2\nid: second.card\n\nA {{c1::cloze}}\n<!-- id: third -->\n")
    assert (a.card_id, b.card_id, c.card_id) == ("first-card", "second.card", "third")
    assert "id" not in a.back + b.back + c.front


@pytest.mark.parametrize("body, message, line", [
    ('??? question ""\n    An answer.\n', "empty front", 3),
    ('??? question "No answer?"\n\nText.\n', "empty back", 3),
    ("Q: Where is the answer?\n\nA: too late\n", "without an 'A:'", 3),
    ("Q: Empty answer?\nA:\n", "empty back", 3),
    ("Text {{c1::never closed.\n", "never closed", 3),
    ("Text {{c1::$\\frac{a}{\\sqrt{b}}$}}\n", "a '}}' inside math ends the cloze early", 3),
    ("Text {{c1::`f = {a: {b: 1}}`}} more\n", "a '}}' inside code ends the cloze early", 3),
    ("Text {{c1::<code>{a: {b: 1}}</code>}} more\n", "a '}}' inside code ends the cloze early", 3),
    ("Text {{c1::<CODE class=x>{a}}</CODE>}}\n", "a '}}' inside code ends the cloze early", 3),
    ("Text {{c1:one colon}}\n", "malformed cloze", 3),
    ("Text {{c1::}}\n", "empty cloze", 3),
])
def test_bad_cards_name_file_and_line(body, message, line):
    text = error(body, 3)
    assert text.startswith(f"{SRC}:{line}: ") and message in text


def test_duplicate_explicit_ids_name_both_places():
    found = cards("Q: a\nA: b\nid: same\n\nQ: c\nA: d\nid: same\n")
    (problem,) = duplicate_ids(found)
    assert str(problem).startswith(f"{SRC}:5: ") and f"{SRC}:1" in str(problem)


def test_cloze_problem_accepts_nested_and_hints():
    assert cloze_problem("{{c1::outer {{c2::inner}} text::hint}}") == ""


def test_math_with_closing_braces_outside_the_cloze_is_a_valid_cloze():
    body = "Attention is {{c1::softmax}} of $\\frac{QK^\\top}{\\sqrt{d_k}}$ times $V$.\n"
    (card,) = cards(body)
    assert card.kind == CLOZE and card.front == body.strip()
    assert cloze_problem("{{c1::$\\sqrt{ {d} }$}} then }} as text") == ""  # Anki shows a stray '}}' as is


def test_code_with_closing_braces_outside_the_cloze_is_a_valid_cloze():
    """Anki reads the HTML: a '}}' in code ends an open cloze, and outside every cloze it is text."""
    for body in ("Write `{a: {b: 1}}` as {{c1::a nested map}}.\n", "A {{c1::map}}: <code>{a: {b: 1}}</code>\n",
                 "A {{c1::map <code>{a}</code>}} and {{c2::`x`}}.\n"):
        (card,) = cards(body)
        assert card.kind == CLOZE and card.front == body.strip()


words = st.text(alphabet="abcdefghij XYZ?", min_size=1, max_size=30).map(str.strip).filter(bool)


@given(st.lists(st.tuples(st.sampled_from(["admonition", "qa", "cloze"]), words, words), max_size=8))
def test_every_written_card_is_found_in_order(specs):
    blocks = []
    for form, front, back in specs:
        if form == "admonition":
            blocks.append(f'??? question "{front}"\n    {back}\n')
        elif form == "qa":
            blocks.append(f"Q: {front}\nA: {back}\n")
        else:
            blocks.append(f"{front} {{{{c1::{back}}}}}\n")
    found = cards("\n".join(blocks))
    assert [c.kind for c in found] == [CLOZE if f == "cloze" else BASIC for f, _, _ in specs]
    assert all(isinstance(c, Card) and c.front and (c.back or c.kind == CLOZE) for c in found)


def test_card_blocks_name_the_lines_and_the_form_of_each_card():
    from pipeline.decks.cards import ADMONITION_FORM, QA_FORM, card_blocks

    body = '??? question "Q1"\n    A1\n\nQ: Q2\nA: A2\n\nText {{c1::cloze}}.\nmore\n\nQ: broken\n'
    spans = [(b.start, b.end, b.form) for b in card_blocks(body, SRC)]
    assert spans == [(0, 3, ADMONITION_FORM), (3, 5, QA_FORM), (6, 8, CLOZE)]
