"""content/projects/*.md: every mistake is one line naming the file and the line of the key."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pipeline.errors import ProblemsError
from pipeline.portfolio.projects import read_project, read_projects

from conftest import DATA, write

GOOD = """---
title: A project
summary: One sentence.
date: 2026-10-01
{extra}---

The story.
"""


@pytest.fixture
def content(tmp_path: Path) -> Path:
    shutil.copytree(DATA / "portfolio" / "content", tmp_path / "content")
    return tmp_path / "content"


def problems(path: Path) -> list[str]:
    with pytest.raises(ProblemsError) as caught:
        read_project(path)
    return [str(p) for p in caught.value.problems]


def test_reads_every_field_and_sorts_newest_first(content):
    projects, errors = read_projects(content)
    assert errors == []
    assert [p.name for p in projects] == ["tiny-lm", "old-scraper"]
    lm = projects[0]
    assert (lm.title, lm.repo, lm.demo, lm.tags, lm.featured) == (
        "A tiny language model",
        "ada/tiny-lm",
        "https://example.org/demo",
        ("nlp", "pytorch"),
        True,
    )
    assert lm.image == (content / "projects" / "shots" / "tiny-lm.png").resolve()
    assert str(lm.output) == "projects/tiny-lm.md" and lm.url_path == "projects/tiny-lm/"
    assert str(lm.image_output) == "projects/tiny-lm/tiny-lm.png"
    assert lm.body.strip().startswith("## The problem") and lm.body_line == 11
    assert projects[1].featured is False and projects[1].image is None


@pytest.mark.parametrize("missing", ["title", "summary", "date"])
def test_a_missing_required_key_names_the_file(content, missing):
    text = GOOD.format(extra="").replace(
        next(line for line in GOOD.splitlines() if line.startswith(missing)) + "\n", ""
    )
    path = write(content / "projects" / "broken.md", text)
    assert problems(path) == [
        f"{path}:1: missing {missing!r} in the front matter (a project needs title, summary, date)"
    ]


def test_a_missing_image_names_its_line(content):
    path = write(content / "projects" / "broken.md", GOOD.format(extra="image: shots/nope.png\n"))
    assert problems(path) == [f"{path}:5: image: 'shots/nope.png': no such file next to broken.md"]


def test_each_bad_value_is_reported_on_its_own_line(content):
    extra = "repo: not a repo\ndemo: javascript:alert(1)\nfeatured: yes please\ntgas: [x]\ndate: 2026-13-45\n"
    path = write(
        content / "projects" / "broken.md", GOOD.format(extra=extra).replace("date: 2026-10-01\n", "")
    )
    found = problems(path)
    assert f"{path}:7: unknown key 'tgas' (did you mean 'tags'?)" in found
    assert f"{path}:4: repo: 'not a repo' is not owner/name" in found
    assert f"{path}:5: demo: 'javascript:alert(1)' is not an http(s) URL" in found
    assert f"{path}:6: featured: expected true or false, got 'yes please'" in found
    assert any(p.startswith(f"{path}:8: date: ") for p in found) and len(found) == 5


def test_an_image_outside_content_is_refused(content, tmp_path):
    (tmp_path / "secret.png").write_bytes(b"x")
    path = write(content / "projects" / "broken.md", GOOD.format(extra="image: ../../secret.png\n"))
    assert problems(path) == [f"{path}:5: image: '../../secret.png' is outside content/"]


def test_a_bad_project_is_reported_and_the_others_still_read(content):
    write(content / "projects" / "broken.md", "---\ntitle: [unclosed\n---\n")
    projects, errors = read_projects(content)
    assert [p.name for p in projects] == ["tiny-lm", "old-scraper"]
    assert len(errors) == 1 and "broken.md:2" in str(errors[0])
