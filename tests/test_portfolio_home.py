"""The portfolio's part of the home page: flashcards counted on the activity calendar."""

from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path, PurePosixPath

from pipeline.cache import Cache
from pipeline.portfolio.home import activity_events, card_count
from pipeline.records import Post

POST = Post(source=Path("/site/content/posts/a.md"), title="A", slug="a",
            output=PurePosixPath("blog/posts/a.md"), date=datetime(2026, 3, 2, tzinfo=timezone.utc),
            body="No card here.\n")
CARDS = "Q: What is 2 + 2?\nA: 4.\n\nThe {{c1::mitochondria}} is the powerhouse of the cell.\n"


def test_cards_are_counted_once_per_body_and_a_changed_body_is_counted_again(tmp_path: Path):
    cache = Cache(tmp_path)
    assert card_count(POST, cache) == 0
    with_cards = replace(POST, body=CARDS)
    assert card_count(with_cards, cache) == 2 == card_count(with_cards)
    assert card_count(with_cards, cache) == 2 and cache.hits == 1


def test_each_card_is_an_event_on_its_post_day(tmp_path: Path):
    with_cards = replace(POST, body=CARDS)
    kinds = [e.kind for e in activity_events((with_cards,), None, Cache(tmp_path))]
    assert sorted(kinds) == ["card", "card", "post"]
