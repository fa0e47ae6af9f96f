"""Share previews: 1200x630 PNGs drawn offline, the same bytes for the same text, cached."""

from __future__ import annotations

import io

from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image, ImageFont

from pipeline.cache import Cache
from pipeline.portfolio.preview import Card, cached_preview, draw_preview, wrap

CARD = Card(
    "Softmax and temperature", "What the temperature knob in sampling does.", "Ada · example.org", "Post"
)


def test_a_1200x630_png_and_the_same_bytes_for_the_same_text():
    data = draw_preview(CARD)
    with Image.open(io.BytesIO(data)) as png:
        assert png.format == "PNG" and png.size == (1200, 630)
    assert draw_preview(CARD) == data != draw_preview(Card("Other", "", "", "Post"))


def test_cached_by_text(tmp_path):
    cache = Cache(tmp_path)
    first = cached_preview(CARD, cache)
    assert cached_preview(CARD, cache) == first and (cache.misses, cache.hits) == (1, 1)
    cached_preview(Card(CARD.title + "!", CARD.summary, CARD.site, CARD.kind), cache)
    assert cache.misses == 2


FONT = ImageFont.load_default(size=40)


@settings(max_examples=40, deadline=None)
@given(st.text(min_size=1, max_size=300), st.integers(min_value=1, max_value=4))
def test_wrapped_lines_fit_and_lose_no_words_when_there_is_room(text, max_lines):
    lines = wrap(text, FONT, 600, max_lines)
    assert len(lines) <= max_lines
    assert all(FONT.getlength(line) <= 600 for line in lines)
    if lines and not lines[-1].endswith(" …"):
        assert "".join(lines).replace(" ", "") == "".join(text.split())
