"""The blog's Atom feed: entries made once per post, site URL and site index, never stale."""

from datetime import datetime, timezone
from pathlib import Path, PurePosixPath

import feedparser

from pipeline.project import Project
from pipeline.publish.build import render_docs

NOW = datetime(2026, 6, 1, tzinfo=timezone.utc)


def hello_entry(project: Project) -> str:
    files, _ = render_docs(project, now=NOW)
    feed = feedparser.parse(files[PurePosixPath("feed.xml")].data)
    return next(e for e in feed.entries if e.title == "Hello world").content[0].value


def test_a_cached_entry_follows_the_site_url_and_a_moved_link_target(blog_project: Path):
    """The entry of an unchanged post is cached, yet its links follow a new `site_url` and a
    linked post's new URL (a key without the site URL or the index would keep the old ones)."""
    project = Project(blog_project)
    assert 'href="https://test.example/blog-site/blog/2026/01/20/gradient-descent/"' in hello_entry(project)
    settings = blog_project / "pyproject.toml"
    moved = settings.read_text().replace("https://test.example/blog-site/", "https://moved.example/")
    settings.write_text(moved)
    assert 'href="https://moved.example/blog/2026/01/20/gradient-descent/"' in hello_entry(project)
    guide = blog_project / "content/posts/guides/gradient-descent.md"
    guide.write_text(guide.read_text().replace("date: 2026-01-20", "date: 2026-01-21\nslug: descent"))
    assert 'href="https://moved.example/blog/2026/01/21/descent/"' in hello_entry(project)


def test_an_unchanged_entry_is_read_from_the_cache(blog_project: Path, monkeypatch):
    project = Project(blog_project)
    first = hello_entry(project)
    monkeypatch.setattr("pipeline.blog.atom.entry_html", lambda *args: "made again")
    assert hello_entry(project) == first
