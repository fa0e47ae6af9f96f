import re

from hypothesis import given, strategies as st

from pipeline.content.slugs import slugify


def test_examples():
    assert slugify("Attention, Explained!") == "attention-explained"
    assert slugify("  Café  Ünïcode ") == "cafe-unicode"
    assert slugify("--") == ""


@given(st.text())
def test_slug_is_url_safe_and_idempotent(text):
    slug = slugify(text)
    assert re.fullmatch(r"([a-z0-9]+(-[a-z0-9]+)*)?", slug)
    assert slugify(slug) == slug
