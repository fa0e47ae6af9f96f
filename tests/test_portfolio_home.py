"""The portfolio's part of the home page: flashcards counted on the activity calendar."""

from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path, PurePosixPath

import pytest

from pipeline.cache import Cache
from pipeline.portfolio import home
from pipeline.portfolio.home import activity_events, card_counts
from pipeline.records import Post

POST = Post(source=Path("/site/content/posts/a.md"), title="A", slug="a",
            output=PurePosixPath("blog/posts/a.md"), date=datetime(2026, 3, 2, tzinfo=timezone.utc),
            body="No card here.\n")
CARDS = "Q: What is 2 + 2?\nA: 4.\n\nThe {{c1::mitochondria}} is the powerhouse of the cell.\n"


def test_cards_are_counted_once_per_body_and_a_changed_body_is_counted_again(tmp_path: Path, monkeypatch):
    cache, with_cards = Cache(tmp_path), replace(POST, body=CARDS)
    assert card_counts((POST,), cache) == [0]
    assert card_counts((POST, with_cards), cache) == [0, 2] == card_counts((POST, with_cards))
    monkeypatch.setattr(home, "extract_cards", lambda *args: pytest.fail("counted again"))
    assert card_counts((with_cards, POST), cache) == [2, 0]  # both from the one cache entry


def test_each_card_is_an_event_on_its_post_day(tmp_path: Path):
    with_cards = replace(POST, body=CARDS)
    kinds = [e.kind for e in activity_events((with_cards,), None, Cache(tmp_path))]
    assert sorted(kinds) == ["card", "card", "post"]
