"""The templates `lip init` and `lip doctor` share: filled in safely, never drifting from this
repository's own mkdocs.yml and publish workflow."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.errors import SettingsError
from pipeline.scaffold.templates import (
    SiteFacts,
    pages_url,
    project_name,
    render_workflow,
    site_files,
    template_text,
    toml_string,
)

REPO = Path(__file__).resolve().parent.parent


def test_packaged_templates_match_this_repository():
    # The template repository and what `lip init` writes must not drift apart.
    assert template_text("mkdocs.yml") == (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    assert render_workflow("publish.yml", "main") == (
        REPO / ".github/workflows/publish.yml").read_text(encoding="utf-8")


@given(author=st.text(st.characters(blacklist_categories=("Cs",)), max_size=40),
       requirement=st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=40))
def test_any_author_and_requirement_round_trip_through_pyproject(author, requirement):
    files = site_files(SiteFacts(name="s", author=author, requirement=requirement))
    pyproject = tomllib.loads(files[next(p for p in files if p.name == "pyproject.toml")])
    assert pyproject["tool"]["lip"]["author"] == author
    assert pyproject["project"]["dependencies"] == [requirement]


@pytest.mark.parametrize(("repo_url", "site_url"), [
    ("https://github.com/Ada/ml-notes", "https://ada.github.io/ml-notes/"),
    ("https://github.com/ada/ml-notes.git", "https://ada.github.io/ml-notes/"),
    ("https://github.com/ada/ada.github.io", "https://ada.github.io/"),
    ("https://gitlab.com/ada/ml-notes", ""),
    ("", ""),
])
def test_pages_url_follows_github_pages_rules(repo_url, site_url):
    assert pages_url(repo_url) == site_url


@given(st.text(max_size=30))
def test_project_name_is_always_a_valid_distribution_name(folder):
    assert re.fullmatch(r"[a-z0-9]([a-z0-9._-]*[a-z0-9])?", project_name(folder))


@given(st.text(st.characters(blacklist_categories=("Cs",))))
def test_toml_string_round_trips(value):
    assert tomllib.loads(f"v = {toml_string(value)}")["v"] == value


@pytest.mark.parametrize("branch", ["", "-x", "a b", "main]", "ma\nin", "dev:x"])
def test_a_branch_that_could_change_the_workflow_is_refused(branch):
    with pytest.raises(SettingsError):
        render_workflow("publish.yml", branch)
