"""The repository's own example content builds a real site (strict), as a fresh clone would."""

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
import pytest

from conftest import copy_example
from pipeline.project import Project
from pipeline.publish.build import build


@pytest.fixture(scope="module")
def example_site(tmp_path_factory) -> Path:
    root = copy_example(tmp_path_factory.mktemp("example"))
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


def test_example_feed_has_full_urls_and_no_scripts(example_site: Path):
    """Before: entries carried `https://…/learn-in-public/../../assets/…` and `<script>` elements."""
    atom = "{http://www.w3.org/2005/Atom}"
    entries = ET.parse(example_site / "feed.xml").getroot().findall(f"{atom}entry")
    assert len(entries) >= 3
    for entry in entries:  # read raw: feedparser would sanitize the entries itself
        html = entry.find(f"{atom}content").text
        assert "<script" not in html and "<link" not in html, entry.find(f"{atom}id").text
        urls = re.findall(r'(?:href|src)="([^"]*)"', html)
        assert all("../" not in url and url.startswith(("https://", "mailto:", "#")) for url in urls), urls
