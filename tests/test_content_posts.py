from datetime import datetime, timezone
from pathlib import Path

import pytest

from conftest import write
from pipeline.content.posts import read_note
from pipeline.errors import ProblemsError


def note(tmp_path: Path, text: str, name: str = "a-note.md") -> Path:
    return write(tmp_path / "posts" / name, text)


def problems_of(path: Path, content: Path) -> list[str]:
    with pytest.raises(ProblemsError) as caught:
        read_note(path, content)
    return [str(p) for p in caught.value.problems]


def test_reads_a_full_note(tmp_path):
    path = note(tmp_path, "---\ntitle: T\ndate: 2026-02-03 10:30:00\ntags: [a, b]\n"
                "categories: C\nauthors: [Ann]\ndescription: D\ndeck: X::Y\n---\nBody\n", "sub/my-note.md")
    post = read_note(path, tmp_path)
    assert post.title == "T" and post.slug == "my-note"
    assert post.date == datetime(2026, 2, 3, 10, 30, tzinfo=timezone.utc)
    assert post.tags == ("a", "b") and post.categories == ("C",) and post.authors == ("Ann",)
    assert str(post.output) == "blog/posts/sub/my-note.md"
    assert post.extra == {"deck": "X::Y"}
    assert post.body_line == 10


def test_title_falls_back_to_first_heading_and_slug_is_explicit(tmp_path):
    post = read_note(note(tmp_path, "---\ndate: 2026-01-01\nslug: Custom Slug\n---\n# Heading\n"), tmp_path)
    assert post.title == "Heading" and post.slug == "custom-slug"


def test_a_note_with_a_title_is_not_read_as_markdown(tmp_path, monkeypatch):
    """The body's Markdown is read for a title only when the front matter has none (`lip decks`
    reads a note without cards no further)."""
    from pipeline.content import posts
    from pipeline.content.syntax import read_markdown

    read = []
    monkeypatch.setattr(posts, "read_markdown", lambda text: read.append(text) or read_markdown(text))
    titled = read_note(note(tmp_path, "---\ntitle: Given\ndate: 2026-01-01\n---\n# Heading\n"), tmp_path)
    assert titled.title == "Given" and read == []
    untitled = read_note(note(tmp_path, "---\ntitle: ''\ndate: 2026-01-01\n---\n# Heading\n"), tmp_path)
    assert untitled.title == "Heading" and read == ["# Heading\n"]


def test_every_problem_is_reported_with_its_line(tmp_path):
    path = note(tmp_path, "---\ntittle: T\ndate: 2026-13-45\ndraft: maybe\ntags: {a: 1}\n---\nx\n")
    found = problems_of(path, tmp_path)
    assert any(":2: unknown key 'tittle' (did you mean 'title'?)" in p for p in found)
    assert any(":3: date: '2026-13-45' is not a date" in p for p in found)
    assert any(":4: draft: expected true or false" in p for p in found)
    assert any(":5: tags: expected a list of names" in p for p in found)
    assert any("missing 'title'" in p for p in found)


def test_missing_date_is_an_error(tmp_path):
    found = problems_of(note(tmp_path, "---\ntitle: T\n---\nx\n"), tmp_path)
    assert found == [f"{tmp_path / 'posts/a-note.md'}:1: missing 'date' (e.g. date: 2026-01-31)"]


def test_unknown_keys_without_a_likely_typo_pass_through(tmp_path):
    post = read_note(note(tmp_path, "---\ntitle: T\ndate: 2026-01-01\nmood: happy\n---\n"), tmp_path)
    assert post.title == "T"


def test_drafts_and_future_posts_are_not_published(tmp_path):
    now = datetime(2026, 6, 1, tzinfo=timezone.utc)
    draft = read_note(note(tmp_path, "---\ntitle: T\ndate: 2026-01-01\ndraft: true\n---\n"), tmp_path)
    future = read_note(note(tmp_path, "---\ntitle: T\ndate: 2026-07-01\n---\n", "f.md"), tmp_path)
    assert not draft.is_published(now) and not future.is_published(now)


def test_the_title_heading_is_never_a_comment_inside_code():
    from pipeline.content.posts import first_heading

    assert first_heading("```python\n# not a title\n```\n\n# Real title\n") == "Real title"
    assert first_heading("No heading.\n") is None
