"""`update_feeds` against a real HTTP server on 127.0.0.1: conditional GET, gzip, redirects,
410, 429, size and time caps, feedparser's corpus served over HTTP, and a real SQLite file."""

from __future__ import annotations

import sqlite3
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from pipeline.feeds.opml import Followed, add_feed, load_tree, read_followed, save_tree
from pipeline.feeds.store import db_path
from pipeline.feeds.update import update_feeds
from pipeline.project import Project

DATA = Path(__file__).parent / "data" / "feeds"
sys.path.insert(0, str(DATA))
from feed_server import FeedServer, Route, rss  # noqa: E402

NOW = datetime(2026, 11, 21, 12, tzinfo=timezone.utc)
ITEMS = [("a1", "First", "Fri, 20 Nov 2026 10:00:00 GMT"), ("a2", "Second", "Sat, 21 Nov 2026 09:00:00 GMT")]


def make_project(tmp_path: Path, server: FeedServer, paths: list[str], **feeds) -> Project:
    root = tmp_path / "site"
    (root / "content").mkdir(parents=True)
    (root / "mkdocs.yml").write_text("site_name: t\n")
    options = {"timeout": 5.0, "workers": 4, "max_bytes": 200_000, **feeds}
    table = "\n".join(f"{k.replace('_', '-')} = {v!r}" for k, v in options.items())
    (root / "pyproject.toml").write_text(f"[tool.lip.feeds]\n{table}\n")
    tree = load_tree(root / "content" / "following.opml")
    for path in paths:
        add_feed(tree, Followed(server.url(path), path.strip("/"), "Test"))
    save_tree(tree, root / "content" / "following.opml")
    return Project(root)


@pytest.fixture
def server():
    with FeedServer() as running:
        yield running


def update(project: Project, now: datetime = NOW):
    return update_feeds(project, project.settings(), now)


def by_url(summary, server, path):
    return next(o for o in summary.outcomes if o.url == server.url(path))


def test_first_fetch_stores_entries_then_304_parses_nothing(tmp_path, server):
    server.routes["/a.xml"] = Route(rss("A", ITEMS), gzip=True)
    project = make_project(tmp_path, server, ["/a.xml"])
    first = update(project)
    assert (first.new, first.failed) == (2, ())
    assert "gzip" in server.requests_for("/a.xml")[0]["Accept-Encoding"]
    second = update(project, NOW + timedelta(hours=1))
    assert by_url(second, server, "/a.xml").unchanged and second.new == 0
    assert server.requests_for("/a.xml")[1]["If-None-Match"].startswith('"')
    rows = sqlite3.connect(db_path(project.state)).execute("SELECT title, link FROM entries ORDER BY date").fetchall()
    assert rows == [("First", "https://example.org/a1"), ("Second", "https://example.org/a2")]


def test_changed_entry_is_updated_not_duplicated(tmp_path, server):
    server.routes["/a.xml"] = Route(rss("A", ITEMS))
    project = make_project(tmp_path, server, ["/a.xml"])
    update(project)
    server.routes["/a.xml"] = Route(rss("A", [("a1", "First, corrected", ITEMS[0][2]), ITEMS[1]]))
    summary = update(project, NOW + timedelta(hours=1))
    assert (summary.new, by_url(summary, server, "/a.xml").updated) == (0, 1)
    count, = sqlite3.connect(db_path(project.state)).execute("SELECT COUNT(*) FROM entries").fetchone()
    assert count == 2


def test_permanent_redirect_rewrites_the_opml_and_keeps_entries(tmp_path, server):
    server.routes["/old.xml"] = Route(status=301, headers={"Location": "/new.xml"})
    server.routes["/new.xml"] = Route(rss("N", ITEMS))
    server.routes["/temp.xml"] = Route(status=302, headers={"Location": "/new2.xml"})
    server.routes["/new2.xml"] = Route(rss("T", ITEMS[:1]))
    project = make_project(tmp_path, server, ["/old.xml", "/temp.xml"])
    summary = update(project)
    assert by_url(summary, server, "/old.xml").moved_to == server.url("/new.xml")
    urls = [f.url for f in read_followed(project.content / "following.opml")]
    assert urls == [server.url("/new.xml"), server.url("/temp.xml")]  # a 302 is not recorded
    again = update(project, NOW + timedelta(hours=1))
    assert again.new == 0 and by_url(again, server, "/new.xml").unchanged


def test_each_failure_is_named_and_the_others_still_update(tmp_path, server):
    server.routes.update({
        "/ok.xml": Route(rss("OK", ITEMS)),
        "/gone.xml": Route(status=410),
        "/busy.xml": Route(status=429, headers={"Retry-After": "3600"}),
        "/html": Route(b"<html><body>hello</body></html>", content_type="text/html"),
        "/huge.xml": Route(rss("H", ITEMS) + b" " * 300_000),
        "/bomb.xml": Route(b"<rss>" + b" " * 5_000_000 + b"</rss>", gzip=True),
        "/loop": Route(status=301, headers={"Location": "/loop"}),
        "/slow.xml": Route(rss("S", ITEMS), dribble=0.05),
    })
    paths = ["/ok.xml", "/gone.xml", "/busy.xml", "/html", "/huge.xml", "/bomb.xml", "/loop", "/slow.xml", "/missing.xml"]
    project = make_project(tmp_path, server, paths, timeout=3.0)
    summary = update(project)
    errors = {o.url.rsplit("/", 1)[1]: o.error for o in summary.failed}
    assert summary.new == 2 and set(errors) == {p.strip("/") for p in paths[1:]}
    assert "410" in errors["gone.xml"] and "429" in errors["busy.xml"] and errors["html"].startswith("not a feed")
    assert errors["huge.xml"] == errors["bomb.xml"] == "larger than 200000 bytes" and "redirects" in errors["loop"]
    assert "time limit" in errors["slow.xml"] and "404" in errors["missing.xml"]
    later = update(project, NOW + timedelta(minutes=10))
    skipped = {o.url.rsplit("/", 1)[1]: o.skipped for o in later.outcomes if o.skipped}
    assert skipped["gone.xml"].startswith("gone (410)") and "waiting until 2026-11-21 13:00" in skipped["busy.xml"]
    assert len(server.requests_for("/gone.xml")) == 1


@pytest.mark.parametrize("folder", ["illformed", "encoding", "sanitize"])
def test_feedparser_corpus_over_http(tmp_path, server, folder):
    files = sorted((DATA / "feedparser" / folder).glob("*.xml"))
    for path in files:
        server.routes[f"/{path.name}"] = Route(path.read_bytes(), content_type="application/xml")
    project = make_project(tmp_path, server, [f"/{p.name}" for p in files])
    summary = update(project)
    assert len(summary.outcomes) == len(files)
    assert all(o.error.startswith("not a feed") for o in summary.failed)
    summaries = sqlite3.connect(db_path(project.state)).execute("SELECT summary || title FROM entries").fetchall()
    assert not [s for (s,) in summaries if "<script" in s.lower() or "onclick" in s.lower() or "<iframe" in s.lower()]
