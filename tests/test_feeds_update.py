"""`update_feeds` against a real HTTP server on 127.0.0.1: conditional GET, gzip, redirects,
410, 429, size and time caps, feedparser's corpus served over HTTP, and a real SQLite file."""

from __future__ import annotations

import sqlite3
import sys
from email.utils import format_datetime
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from pipeline.errors import LipError
from pipeline.feeds.opml import Followed, add_feed, load_tree, read_followed, save_tree
from pipeline.feeds.run import publish_digest
from pipeline.feeds.store import Store, db_path
from pipeline.feeds.state import FeedState
from pipeline.feeds.update import HostTurns, update_feeds
from pipeline.project import Project

DATA = Path(__file__).parent / "data" / "feeds"
sys.path.insert(0, str(DATA))
from feed_server import FeedServer, Route, peak_overlap, rss  # noqa: E402

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


# --- issue 13: what the real world sends -------------------------------------------------------

JSON_AUTHORS_OBJECT = (b'{"version": "https://jsonfeed.org/version/1.1", "title": "J", "items": [{"id": "1", '
                       b'"url": "https://j.example/1", "title": "One", "authors": {"name": "Ada"}}]}')
HOSTILE = {
    "/cut.xml": Route(rss("Cut", ITEMS), cut=120),  # IncompleteRead: urllib3 ProtocolError
    "/stall.xml": Route(rss("Stall", ITEMS), stall=3.0),  # urllib3 ReadTimeoutError mid-body
    "/fake-gzip.xml": Route(rss("Z", ITEMS), headers={"Content-Encoding": "gzip"}),  # urllib3 DecodeError
    "/authors.json": Route(JSON_AUTHORS_OBJECT, content_type="application/feed+json"),
}


def test_any_per_feed_failure_is_recorded_named_and_backed_off(tmp_path, server):
    server.routes.update(HOSTILE)
    server.routes["/ok.xml"] = Route(rss("OK", ITEMS))
    project = make_project(tmp_path, server, ["/ok.xml", *HOSTILE], timeout=1.0)
    summary = update(project)
    errors = {o.url.rsplit("/", 1)[1]: o.error for o in summary.failed}
    assert summary.new == 2 + 1  # the JSON Feed's entry is read, its odd `authors` ignored
    assert set(errors) == {"cut.xml", "stall.xml", "fake-gzip.xml"}
    assert all(error and "\n" not in error for error in errors.values())
    db = sqlite3.connect(db_path(project.state))
    rows = dict(db.execute("SELECT url, error FROM feeds WHERE failures = 1"))
    assert {url.rsplit("/", 1)[1] for url in rows} == set(errors)
    later = update(project, NOW + timedelta(minutes=10))
    assert {o.url.rsplit("/", 1)[1] for o in later.outcomes if o.skipped.startswith("waiting")} == set(errors)


def test_host_turns_take_hosts_in_turn_and_keep_each_under_its_limit():
    urls = ("http://a/1", "http://A/2", "http://a/3", "http://b/1", "http://b:81/2", "http://c/1")
    turns = HostTurns([FeedState(u) for u in urls], per_host=2)
    first = [turns.take() for _ in range(6)]
    expected = ["http://a/1", "http://b/1", "http://c/1", "http://A/2", "http://b:81/2", None]
    assert [s and s.url for s in first] == expected  # a and b run two each (a port is not another host)
    turns.done(first[1])
    assert turns.take() is None  # b has room again but nothing waiting
    turns.done(first[0])
    assert turns.take().url == "http://a/3" and turns.take() is None


def test_the_http_charset_reaches_feedparser(tmp_path, server):
    body = ('<rss version="2.0"><channel><title>Привет</title><link>https://ru.example/</link>'
            '<item><guid>r1</guid><title>Мир</title><pubDate>Fri, 20 Nov 2026 10:00:00 GMT</pubDate>'
            '</item>'
            '</channel></rss>').encode("windows-1251")
    server.routes["/ru.xml"] = Route(body, content_type="application/rss+xml; charset=windows-1251")
    project = make_project(tmp_path, server, ["/ru.xml"])
    assert update(project).failed == ()
    db = sqlite3.connect(db_path(project.state))
    assert db.execute("SELECT title FROM feeds").fetchone() == ("Привет",)
    assert db.execute("SELECT title FROM entries").fetchone() == ("Мир",)


def test_posts_with_distinct_guids_sharing_one_link_all_reach_the_digest(tmp_path, server):
    items = "".join(f"<item><guid isPermaLink='false'>post-{i}</guid><title>Part {i}</title>"
                    "<link>https://ada.example/series</link>"
                    f"<pubDate>Sat, 21 Nov 2026 0{i}:00:00 GMT</pubDate></item>"
                    for i in range(10))
    body = f'<rss version="2.0"><channel><title>S</title>{items}</channel></rss>'.encode()
    server.routes["/series.xml"] = Route(body)
    project = make_project(tmp_path, server, ["/series.xml"])
    assert update(project).new == 10
    digest, _ = publish_digest(project, project.settings(), NOW.date(), NOW)
    assert sorted(i.title for i in digest.items) == [f"Part {i}" for i in range(10)]


def test_a_post_without_guid_or_link_dated_in_the_future_keeps_one_key(tmp_path, server):
    body = (b'<rss version="2.0"><channel><title>F</title><item><title>Coming soon</title>'
            b"<description>x</description><pubDate>Mon, 01 Jan 2029 00:00:00 GMT</pubDate>"
            b"</item></channel></rss>")
    server.routes["/future.xml"] = Route(body, validators=False)  # parsed on every fetch
    project = make_project(tmp_path, server, ["/future.xml"])
    keys = set()
    for when in (NOW, NOW + timedelta(hours=2), NOW + timedelta(days=1), "lost", NOW + timedelta(days=2)):
        if when == "lost":
            db_path(project.state).unlink()
            continue
        update(project, when)
        keys |= {k for (k,) in sqlite3.connect(db_path(project.state)).execute("SELECT key FROM entries")}
    assert len(keys) == 1


def test_validators_and_entries_are_saved_in_one_transaction(tmp_path, server):
    server.routes["/a.xml"] = Route(rss("A", ITEMS))
    project = make_project(tmp_path, server, ["/a.xml"])
    Store(db_path(project.state)).close()
    db = sqlite3.connect(db_path(project.state))
    # a crash after the feed's row was written and before its entries were (injected in SQLite itself)
    db.execute("CREATE TRIGGER crash BEFORE INSERT ON entries "
               "BEGIN SELECT RAISE(ABORT, 'injected crash'); END")
    db.commit()
    with pytest.raises(LipError, match="feeds.sqlite: injected crash"):
        update(project)
    db.execute("DROP TRIGGER crash")
    db.commit()
    assert update(project, NOW + timedelta(hours=2)).new == 2  # not a 304 hiding both entries for good
    assert db.execute("SELECT COUNT(*) FROM entries").fetchone() == (2,)


def test_fresh_feeds_are_not_asked_again_unless_forced(tmp_path, server):
    server.routes.update({
        "/plain.xml": Route(rss("P", ITEMS)),
        "/maxage.xml": Route(rss("M", ITEMS), headers={"Cache-Control": "public, max-age=10800"}),
        # Expires counts from the answer's own Date (the server's clock, not the test's NOW)
        "/expires.xml": Route(rss("E", ITEMS), headers={"Expires": format_datetime(
            datetime.now(timezone.utc) + timedelta(hours=4), usegmt=True)}),
        "/ttl.xml": Route(rss("T", ITEMS).replace(b"<link>", b"<ttl>240</ttl><link>", 1)),
    })
    paths = ["/plain.xml", "/maxage.xml", "/expires.xml", "/ttl.xml"]
    project = make_project(tmp_path, server, paths)
    update(project)
    asked = len(server.log)
    soon = update(project, NOW + timedelta(minutes=30))  # inside the minimum interval: no request
    assert len(server.log) == asked and all(o.skipped for o in soon.outcomes)
    update(project, NOW + timedelta(minutes=90))  # past the interval, but the server said "fresh"
    assert [p for p, _ in server.log[asked:]] == ["/plain.xml"]
    forced = update_feeds(project, project.settings(), NOW + timedelta(minutes=91), force=True)
    assert sorted(p for p, _ in server.log[asked + 1:]) == sorted(paths) and forced.failed == ()
    update(project, NOW + timedelta(minutes=91 + 3 * 60 + 5))  # max-age (3 h) over; <ttl>, Expires (4 h) not
    assert sorted(p for p, _ in server.log[asked + 5:]) == ["/maxage.xml", "/plain.xml"]
    update(project, NOW + timedelta(minutes=91 + 4 * 60 + 5))
    assert sorted(p for p, _ in server.log[asked + 7:]) == ["/expires.xml", "/plain.xml", "/ttl.xml"]


def test_concurrency_is_limited_per_host_not_globally(tmp_path):
    with FeedServer(latency=0.3) as one, FeedServer(latency=0.3, host="127.0.0.2") as two:
        for srv in (one, two):
            for n in range(4):
                srv.routes[f"/{n}.xml"] = Route(rss(f"F{n}", ITEMS))
        root = tmp_path / "site"
        (root / "content").mkdir(parents=True)
        (root / "mkdocs.yml").write_text("site_name: t\n")
        (root / "pyproject.toml").write_text("[tool.lip.feeds]\nworkers = 8\nper-host = 2\n")
        tree = load_tree(root / "content" / "following.opml")
        for srv in (one, two):
            for n in range(4):
                add_feed(tree, Followed(srv.url(f"/{n}.xml"), f"{srv.base} {n}", "Test"))
        save_tree(tree, root / "content" / "following.opml")
        summary = update(Project(root))
    assert summary.failed == () and summary.new == 16
    assert one.peak_concurrency() <= 2 and two.peak_concurrency() <= 2
    assert peak_overlap(one.spans + two.spans) > 2  # the hosts were fetched side by side


def test_a_moved_feed_keeps_its_posts_without_guid_or_link_as_one_copy(tmp_path, server):
    body = (b'<rss version="2.0"><channel><title>F</title>'
            b"<item><title>Undated</title><description>a</description></item>"
            b"<item><title>Later</title><pubDate>Mon, 01 Jan 2029 00:00:00 GMT</pubDate></item>"
            b"</channel></rss>")
    server.routes["/old.xml"] = Route(body, validators=False)
    project = make_project(tmp_path, server, ["/old.xml"])
    assert update(project).new == 2
    server.routes["/old.xml"] = Route(status=301, headers={"Location": "/new.xml"})
    server.routes["/new.xml"] = Route(body, validators=False)
    moved = update(project, NOW + timedelta(hours=2))
    assert by_url(moved, server, "/old.xml").moved_to == server.url("/new.xml") and moved.new == 0
    assert sqlite3.connect(db_path(project.state)).execute("SELECT COUNT(*) FROM entries").fetchone() == (2,)


def test_absurd_numbers_in_headers_are_clamped_not_fatal(tmp_path, server):
    server.routes.update({
        "/busy.xml": Route(status=429, headers={"Retry-After": "99999999999999999999"}),
        "/forever.xml": Route(rss("F", ITEMS), headers={"Cache-Control": "max-age=99999999999999999999"}),
        "/ttl.xml": Route(rss("T", ITEMS).replace(b"<link>", b"<ttl>99999999999999999</ttl><link>", 1)),
    })
    project = make_project(tmp_path, server, ["/busy.xml", "/forever.xml", "/ttl.xml"])
    summary = update(project)
    assert summary.new == 4 and [o.error for o in summary.failed] == ["HTTP 429 Too Many Requests"]
    states = Store(db_path(project.state)).feeds()
    assert states[server.url("/busy.xml")].next_fetch == NOW + timedelta(days=7)  # the longest Retry-After
    assert states[server.url("/forever.xml")].next_fetch == NOW + timedelta(days=1)  # max-interval-minutes
    assert states[server.url("/ttl.xml")].next_fetch == NOW + timedelta(hours=1)  # not a number of minutes
