"""The per-feed boundary: whatever raises while fetching or parsing one feed, over a real HTTP
server on 127.0.0.1, comes back as that feed's one-line error, never as an exception."""

from __future__ import annotations

import sys
from datetime import datetime, timezone
from pathlib import Path

import pytest
import requests

from pipeline.feeds.fetch import Validators
from pipeline.feeds.retrieve import attempt, failed_retrieval, retrieve
from pipeline.feeds.settings import FeedSettings

DATA = Path(__file__).parent / "data" / "feeds"
sys.path.insert(0, str(DATA))
from feed_server import FeedServer, Route, rss  # noqa: E402

NOW = datetime(2026, 11, 21, 12, tzinfo=timezone.utc)
BODY = rss("R", [("r1", "One", "Fri, 20 Nov 2026 10:00:00 GMT"), ("r2", "Two", "Fri, 20 Nov 2026 11:00 GMT")])
GZIP, DEFLATE = ({"Content-Encoding": name} for name in ("gzip", "deflate"))
CASES = {  # path: (route, what the one-line error says)
    "/cut.xml": (Route(BODY, cut=50), "connection broken before the whole body arrived (Connection broken"),
    "/stall.xml": (Route(BODY, stall=2.0), "timed out after 0.5 s"),
    "/fake-gzip.xml": (Route(BODY, headers=GZIP), "body not encoded as its Content-Encoding says"),
    "/fake-deflate.xml": (Route(BODY, headers=DEFLATE), "body not encoded as its Content-Encoding says"),
}


@pytest.mark.parametrize("path", list(CASES))
def test_transport_failures_become_one_line(path):
    route, said = CASES[path]
    with FeedServer() as server, requests.Session() as session:
        server.routes[path] = route
        url = server.url(path)
        got = attempt(lambda: retrieve(session, url, Validators(), FeedSettings(timeout=0.5), NOW),
                      failed_retrieval(url))
    assert got.parsed is None and got.fetched.error.startswith(said) and "\n" not in got.fetched.error


def test_json_feed_authors_as_an_object_is_read():
    body = (b'{"version": "https://jsonfeed.org/version/1.1", "title": "J", "items": [{"id": "1", '
            b'"url": "https://j.example/1", "title": "One", "authors": {"name": "Ada"}}]}')
    with FeedServer() as server, requests.Session() as session:
        server.routes["/j.json"] = Route(body, content_type="application/feed+json")
        got = retrieve(session, server.url("/j.json"), Validators(), FeedSettings(), NOW)
    assert got.fetched.error == "" and [e.author for e in got.parsed.entries] == ["Ada"]


def test_anything_raised_inside_the_boundary_is_that_feeds_error():
    def broken():
        raise RuntimeError("a parser bug\nover two lines")

    got = attempt(broken, failed_retrieval("https://x.example/feed"))
    assert got.fetched.url == "https://x.example/feed" and got.parsed is None
    assert got.fetched.error == "RuntimeError: a parser bug over two lines"
    assert attempt(lambda: "fine", failed_retrieval("https://x.example/feed")) == "fine"
