"""The repository's own example content builds a real site (strict), as a fresh clone would."""

import shutil
from pathlib import Path

import feedparser
import pytest

from conftest import REPO
from pipeline.project import Project
from pipeline.publish.build import build


@pytest.fixture(scope="module")
def example_site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("example")
    for name in ("content", "mkdocs.yml", "pyproject.toml"):
        source = REPO / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, root / name)
    build(Project(root))
    return root / "site"


def test_example_site_has_posts_tags_archive_search_and_feed(example_site: Path):
    posts = list(example_site.glob("blog/20*/*/*/*/index.html"))
    assert len(posts) >= 3
    assert (example_site / "tags/index.html").is_file()
    assert list(example_site.glob("blog/archive/*/index.html"))
    assert (example_site / "search/search_index.json").stat().st_size > 1000
    feed = feedparser.parse((example_site / "feed.xml").read_bytes())
    assert feed.bozo == 0 and len(feed.entries) >= 3
    assert all(e.link.startswith("https://example.github.io/learn-in-public/blog/") for e in feed.entries)
    home = (example_site / "index.html").read_text()
    assert "Ada Example" in home and "Latest posts" in home


def test_example_site_needs_nothing_from_the_network(example_site: Path):
    for page in example_site.rglob("*.html"):
        text = page.read_text()
        assert "fonts.googleapis.com" not in text, page
        assert "cdn.jsdelivr.net" not in text and "unpkg.com" not in text, page
