from pathlib import Path

import pytest
import yaml
from hypothesis import given, strategies as st

from pipeline.content.frontmatter import parse_document
from pipeline.errors import ContentError

P = Path("note.md")


def test_splits_meta_body_and_lines():
    doc = parse_document("---\ntitle: A\n\ndate: 2026-01-01\n---\nBody\n", P)
    assert doc.meta["title"] == "A"
    assert doc.key_lines == {"title": 2, "date": 4}
    assert doc.body == "Body\n"
    assert doc.body_line == 6


def test_no_front_matter_is_all_body():
    doc = parse_document("# Just text\n", P)
    assert doc.meta == {} and doc.body == "# Just text\n"


@pytest.mark.parametrize(
    "text, line, words",
    [
        ("---\ntitle: A\ndate: [2026\n---\n", 3, "invalid YAML"),
        ("---\ntitle: A\n  bad: indent\n---\n", 3, "invalid YAML"),
        ("---\ntitle: A\ntitle: B\n---\n", 3, "duplicate key 'title'"),
        ("---\n- a list\n---\n", 2, "must be a mapping"),
        ("---\ntitle: A\n", 1, "never closed"),
    ],
)
def test_bad_front_matter_names_the_line(text, line, words):
    with pytest.raises(ContentError) as caught:
        parse_document(text, P)
    assert caught.value.line == line
    assert words in str(caught.value)
    assert str(caught.value).startswith(f"note.md:{line}: ")


keys = st.text(alphabet="abcdefghijklmnopqrstuvwxyz_", min_size=1, max_size=12)
# Line numbers are about ordinary text: no control characters or Unicode line separators.
plain = st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), max_size=30)
values = st.one_of(st.integers(), st.booleans(), plain, st.lists(plain, max_size=4))


@given(st.dictionaries(keys, values, max_size=6), st.text(max_size=200))
def test_round_trip(meta, body):
    text = "---\n" + yaml.safe_dump(meta, allow_unicode=True) + "---\n" + body
    doc = parse_document(text, P)
    assert doc.meta == meta
    assert doc.body == body
    for key, line in doc.key_lines.items():
        assert text.splitlines()[line - 1].startswith(key) or text.splitlines()[line - 1].startswith(("'", '"'))
