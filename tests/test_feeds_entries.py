"""Feed bytes to entries: keys, dates clamped, JSON Feed, feedparser's own corpus (ill-formed,
odd encodings, XSS) never raising and never letting active content through."""

from __future__ import annotations

import html
import json
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

import feedparser
import requests

from pipeline.feeds.entries import entry_key, feedparser_headers, parse_feed
from pipeline.feeds.fetch import Validators, fetch
from pipeline.feeds.settings import FeedSettings

DATA = Path(__file__).parent / "data" / "feeds"
CORPUS = DATA / "feedparser"
sys.path.insert(0, str(DATA))
from feed_server import FeedServer, corpus_expectation, corpus_route  # noqa: E402
NOW = datetime(2026, 11, 21, 12, tzinfo=timezone.utc)
URL = "https://blog.example/feed.xml"


def rss(items: str) -> bytes:
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><link>https://blog.example/</link>{items}</channel></rss>'.encode()


def test_keys_prefer_id_then_link_then_title_and_date():
    body = rss("<item><guid>g1</guid><link>/a</link><title>A</title></item>"
               "<item><link>https://blog.example/b</link><title>B</title></item>"
               "<item><title>C</title><pubDate>Fri, 20 Nov 2026 10:00:00 GMT</pubDate></item>")
    a, b, c = parse_feed(URL, body, {}, NOW).entries
    assert a.key == entry_key(URL, "g1", "", "", None) and a.link == "https://blog.example/a"
    assert b.key == entry_key(URL, "", "https://blog.example/b", "", None)
    assert c.key == entry_key(URL, "", "", "C", datetime(2026, 11, 20, 10, tzinfo=timezone.utc))
    assert [e.key for e in parse_feed(URL, body, {}, NOW + timedelta(days=3)).entries] == [a.key, b.key, c.key]


def test_future_dates_are_clamped_and_bad_dates_fall_back_to_now():
    body = rss("<item><guid>f</guid><pubDate>Mon, 01 Jan 2099 00:00:00 GMT</pubDate></item>"
               "<item><guid>b</guid><pubDate>the day after tomorrow</pubDate></item>")
    future, bad = parse_feed(URL, body, {}, NOW).entries
    assert future.date == NOW and bad.date == NOW


def test_summary_is_sanitized_with_links_resolved_against_the_entry():
    body = rss("<item><guid>x</guid><link>https://blog.example/2026/post/</link><description><![CDATA["
               "<p onclick='steal()'>Hi <a href='../other/'>there</a><script>alert(1)</script>"
               "<iframe src='https://evil/'></iframe><img src='fig.png' onerror='x()'>"
               "<a href='javascript:alert(1)'>js</a></p>]]></description></item>")
    (entry,) = parse_feed(URL, body, {}, NOW).entries
    assert 'href="https://blog.example/2026/other/"' in entry.summary
    assert 'src="https://blog.example/2026/post/fig.png"' in entry.summary
    for bad in ("onclick", "script", "alert", "iframe", "onerror", "javascript"):
        assert bad not in entry.summary


def test_json_feed():
    body = json.dumps({"version": "https://jsonfeed.org/version/1.1", "title": "J", "home_page_url": "https://j.example/",
                       "items": [{"id": "1", "url": "https://j.example/1", "title": "One",
                                  "content_html": "<b>bold</b><script>x</script>", "date_published": "2026-11-20T08:00:00Z"}]})
    parsed = parse_feed(URL, body.encode(), {}, NOW)
    (entry,) = parsed.entries
    assert (parsed.title, entry.title, entry.summary) == ("J", "One", "<b>bold</b>")
    assert entry.date == datetime(2026, 11, 20, 8, tzinfo=timezone.utc)


@pytest.mark.parametrize("body", [b"<html><body>a web page</body></html>", b"", b"\x00\xff garbage", b"{}"])
def test_not_a_feed_is_a_problem_not_an_exception(body):
    parsed = parse_feed(URL, body, {"content-type": "text/html"}, NOW)
    assert parsed.problem.startswith("not a feed") and parsed.entries == ()


@pytest.mark.parametrize("path", sorted(CORPUS.glob("*/*.xml")), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_feedparser_corpus_never_raises_and_never_keeps_active_content(path):
    parsed = parse_feed(URL, path.read_bytes(), {"content-type": "application/xml"}, NOW)
    for entry in parsed.entries:
        text = (entry.summary + entry.title).lower()
        assert "<script" not in text and "<iframe" not in text and "onclick" not in text and "style=" not in text
        assert entry.date <= NOW and entry.key


@given(st.text(max_size=40), st.text(max_size=40))
def test_key_depends_on_feed_and_id(feed, entry_id):
    assert entry_key(feed, entry_id, "l", "t", None) == entry_key(feed, entry_id, "l", "t", NOW) or not entry_id
    assert entry_key(feed + "x", entry_id, "l", "t", None) != entry_key(feed, entry_id, "l", "t", None)


@settings(max_examples=60, deadline=None)
@given(st.integers(-3000, 3000), st.integers(0, 2000), st.integers(0, 2000),
       st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=30))
def test_a_post_without_guid_or_link_keeps_its_key_whenever_it_is_read(days, later_a, later_b, title):
    """Dated in the past or the future (or not at all), read at any two times: one key."""
    when = (NOW + timedelta(days=days)).strftime("%a, %d %b %Y %H:%M:%S GMT")
    item = f"<item><title>{html.escape(title)}</title><pubDate>{when}</pubDate></item>"
    for body in (rss(item), rss(item.replace(f"<pubDate>{when}</pubDate>", ""))):
        first = parse_feed(URL, body, {}, NOW + timedelta(hours=later_a)).entries
        second = parse_feed(URL, body, {}, NOW + timedelta(hours=later_b)).entries
        assert [e.key for e in first] == [e.key for e in second] and len(first) == 1


ENCODING = sorted((CORPUS / "encoding").glob("*http*.xml"))


def test_feedparser_http_charset_corpus_over_loopback_meets_feedparsers_own_expectations():
    """feedparser's encoding tests that depend on the HTTP Content-Type header, served with that
    header on 127.0.0.1 and fetched by lip: the headers lip hands feedparser must give the result
    feedparser's own suite expects (charset from the header, no "no Content-type" bozo)."""
    assert len(ENCODING) == 48
    failures = []
    with FeedServer() as server, requests.Session() as session:
        for path in ENCODING:
            server.routes[f"/{path.name}"] = corpus_route(path.read_bytes())
        for path in ENCODING:
            fetched = fetch(session, server.url(f"/{path.name}"), Validators(), FeedSettings(), NOW)
            result = feedparser.parse(fetched.body, response_headers=feedparser_headers(fetched.headers))
            try:
                expectation = corpus_expectation(path.read_bytes())
                ok = eval(expectation, {"feedparser": feedparser}, result)  # noqa: S307 - the corpus's own
            except KeyError:
                ok = False
            if not ok:
                failures.append((path.name, result.get("encoding"), str(result.get("bozo_exception", ""))))
    assert failures == []
