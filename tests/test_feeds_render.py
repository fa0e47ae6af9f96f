"""Digest rendering: grouped by category and person, plain text for terminal and email."""

from __future__ import annotations

from datetime import date, datetime, timezone

from pipeline.feeds.digest import Digest, DigestItem
from pipeline.feeds.render import digest_markdown, digest_text

NOW = datetime(2026, 11, 21, 12, tzinfo=timezone.utc)


def item(n: int, person: str, category: str, summary: str = "<p>A <b>long</b> summary of the post</p>") -> DigestItem:
    return DigestItem(f"k{n}", "https://f/", person, category, f"Title {n}", f"https://x.example/{n}", NOW, summary)


DIGEST = Digest(date(2026, 11, 21), NOW, (item(1, "Zed", "Research"), item(2, "Ada", "Research"),
                                          item(3, "Bob", "Engineering"), item(4, "Ada", "Research")))


def test_markdown_groups_by_category_then_person():
    text = digest_markdown(DIGEST, 12)
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    assert headings == ["## Bob · Engineering", "## Ada · Research", "## Zed · Research"]
    assert text.count("[Title") == 4 and "(<https://x.example/2>)" in text and "A long…" in text
    assert "4 new post(s) from 3 people you follow." in text


def test_plain_text_has_links_and_no_markup():
    text = digest_text(DIGEST, 100)
    assert text.startswith("Digest of Saturday 21 November 2026: 4 new post(s)")
    assert "Ada (Research)\n  - Title 2 (2026-11-21)\n    https://x.example/2\n    A long summary of the post" in text
    assert "<" not in text and "**" not in text
