"""Feed autodiscovery: <link rel="alternate"> of RSS, Atom and JSON Feed, then the usual paths,
checked over loopback HTTP."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from pipeline.errors import FeedError
from pipeline.feeds.discover import alternate_links, discover, well_known
from pipeline.feeds.settings import FeedSettings

sys.path.insert(0, str(Path(__file__).parent / "data" / "feeds"))
from feed_server import FeedServer, Route, rss  # noqa: E402

SETTINGS = FeedSettings(timeout=10.0)


def test_alternate_links_of_feed_types_only_in_page_order():
    page = """<head><link rel="alternate" type="text/html" href="/fr/">
    <link rel="ALTERNATE" type="application/atom+xml" href="atom.xml">
    <link rel="alternate feed" type="application/feed+json" href="https://j.example/feed.json">
    <link rel="alternate" type="application/rss+xml; charset=utf-8" href="/rss.xml">
    <link rel="stylesheet" type="application/rss+xml" href="/nope.xml"><link rel="alternate" type="application/rss+xml">"""
    assert alternate_links(page, "https://blog.example/en/") == (
        "https://blog.example/en/atom.xml", "https://j.example/feed.json", "https://blog.example/rss.xml")


def test_usual_paths_next_to_the_page_then_at_the_root():
    paths = well_known("https://me.github.io/blog/")
    assert paths[0] == "https://me.github.io/blog/feed" and "https://me.github.io/feed.xml" in paths
    assert paths.index("https://me.github.io/blog/index.xml") < paths.index("https://me.github.io/index.xml")


def test_discover_a_feed_url_a_website_and_a_redirected_feed():
    with FeedServer() as server:
        server.routes["/feed.xml"] = Route(rss("Ada", []))
        server.routes["/"] = Route(b'<link rel="alternate" type="application/rss+xml" href="/feed.xml">', content_type="text/html")
        server.routes["/old"] = Route(status=308, headers={"Location": "/feed.xml"})
        assert discover(server.url("/feed.xml"), SETTINGS)[0] == server.url("/feed.xml")
        url, parsed = discover(server.url("/"), SETTINGS)
        assert (url, parsed.title) == (server.url("/feed.xml"), "Ada")
        assert discover(server.url("/old"), SETTINGS)[0] == server.url("/feed.xml")


def test_unreachable_or_feedless_sites_are_a_feed_error():
    with FeedServer() as server:
        server.routes["/"] = Route(b"<html>hi</html>", content_type="text/html")
        with pytest.raises(FeedError, match="no feed found"):
            discover(server.url("/"), SETTINGS)
        with pytest.raises(FeedError, match="HTTP 404"):
            discover(server.url("/missing"), SETTINGS)
    with pytest.raises(FeedError, match="unsupported URL scheme"):
        discover("ftp://example.org/feed", SETTINGS)


def test_a_page_the_html_parser_chokes_on_still_gives_its_links_and_the_usual_paths():
    page = (b'<head><link rel="alternate" type="application/rss+xml" href="/posts.xml">'
            b"<![ bogus [ x ]]></head>")  # html.parser raises AssertionError on this declaration
    with FeedServer() as server:
        server.routes["/"] = Route(page, content_type="text/html")
        server.routes["/posts.xml"] = Route(rss("Ada", []))
        server.routes["/odd/"] = Route(b"<![ bogus [ x ]]>", content_type="text/html")
        server.routes["/odd/feed"] = Route(rss("Bo", []))
        assert discover(server.url("/"), SETTINGS)[0] == server.url("/posts.xml")
        assert discover(server.url("/odd/"), SETTINGS)[0] == server.url("/odd/feed")
