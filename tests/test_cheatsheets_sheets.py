"""Reading cheatsheets: front matter checked key by key with lines; sheets drawn from posts."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

import pytest
from conftest import write

from pipeline.cheatsheets.settings import CheatsheetSettings
from pipeline.cheatsheets.sheets import (
    cheatsheet_from_post,
    read_cheatsheet,
    wants_cheatsheet,
)
from pipeline.errors import ContentError, ProblemsError, SettingsError
from pipeline.records import Post

DEFAULTS = CheatsheetSettings()


def test_front_matter_sets_title_layout_and_slug_comes_from_the_file(tmp_path: Path):
    path = write(tmp_path / "Git Basics.md", "---\ntitle: Git\npaper: letter\norientation: Portrait\n---\n## A\n")
    sheet = read_cheatsheet(path, DEFAULTS)
    assert (sheet.slug, sheet.title, sheet.paper, sheet.landscape) == ("git-basics", "Git", "Letter", False)
    assert sheet.output == PurePosixPath("cheatsheets/git-basics.md") and sheet.body_line == 6


def test_leading_heading_is_the_title_and_keeps_body_lines(tmp_path: Path):
    sheet = read_cheatsheet(write(tmp_path / "regex.md", "# Regular expressions\n\n## Classes\n"), DEFAULTS)
    assert sheet.title == "Regular expressions" and sheet.body.split("\n")[2] == "## Classes"
    assert (sheet.paper, sheet.landscape) == ("A4", True)


def test_every_front_matter_problem_is_named_with_its_line(tmp_path: Path):
    path = write(tmp_path / "x.md", "---\ntitel: X\npaper: A3\norientation: sideways\ndescription: 3\n---\n")
    with pytest.raises(ProblemsError) as caught:
        read_cheatsheet(path, DEFAULTS)
    lines = {(p.line, p.message.split(":")[0].split(";")[0]) for p in caught.value.problems}
    assert lines == {(2, "unknown key 'titel' (did you mean 'title'?)"), (3, "paper"), (4, "orientation"),
                     (5, "description")}


def test_settings_choose_the_default_layout(tmp_path: Path):
    sheet = read_cheatsheet(write(tmp_path / "a.md", "## A\n"), CheatsheetSettings(paper="Letter", landscape=False))
    assert sheet.layout == "Letter portrait"
    with pytest.raises(SettingsError):
        CheatsheetSettings(paper="A5")


def _post(extra: dict) -> Post:
    body = "Prose.\n\n## Shapes\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"
    return Post(Path("content/posts/n.md"), "Note", datetime(2026, 1, 1, tzinfo=UTC), "note", body,
                PurePosixPath("blog/posts/n.md"), description="About it", extra=extra)


def test_sheet_from_post_links_back_to_it():
    sheet = cheatsheet_from_post(_post({"cheatsheet": True}), DEFAULTS)
    assert sheet.post == PurePosixPath("blog/posts/n.md") and sheet.slug == "note"
    assert "## Shapes" in sheet.body and "Prose." not in sheet.body


def test_cheatsheet_flag_must_be_a_boolean():
    assert wants_cheatsheet(_post({"cheatsheet": True})) and not wants_cheatsheet(_post({}))
    with pytest.raises(ContentError, match="cheatsheet: expected true or false"):
        wants_cheatsheet(_post({"cheatsheet": "yes please"}))
