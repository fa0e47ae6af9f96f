"""Polling decisions: 410 stops, Retry-After waits, failures back off, success resets."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from pipeline.feeds.fetch import Fetched, Validators, retry_after
from pipeline.feeds.settings import FeedSettings
from pipeline.feeds.state import FeedState, after_fetch, backoff, fresh_for, next_poll

NOW = datetime(2026, 11, 21, 12, tzinfo=timezone.utc)
SETTINGS = FeedSettings(backoff_minutes=30, min_interval_minutes=60, max_interval_minutes=24 * 60)
URL = "https://x.example/feed"


def test_success_keeps_validators_and_resets_failures():
    failing = FeedState(URL, failures=3, error="boom", next_fetch=NOW)
    state = after_fetch(failing, Fetched(URL, 200, validators=Validators('"e"', "d")), "", NOW, SETTINGS)
    assert (state.failures, state.error, state.validators) == (0, "", Validators('"e"', "d"))
    assert state.next_fetch == NOW + timedelta(hours=1)  # the minimum interval
    assert after_fetch(state, Fetched(URL, 304), "", NOW, SETTINGS).validators == Validators('"e"', "d")


def test_gone_is_never_due_again():
    state = after_fetch(FeedState(URL), Fetched(URL, 410, error="HTTP 410 Gone"), "", NOW, SETTINGS)
    assert state.gone and not state.is_due(NOW + timedelta(days=365))


def test_failures_back_off_doubling_up_to_a_day():
    state = FeedState(URL)
    waits = []
    for _ in range(8):
        state = after_fetch(state, Fetched(URL, error="timed out"), "", NOW, SETTINGS)
        waits.append(state.next_fetch - NOW)
        assert not state.is_due(NOW) and state.is_due(state.next_fetch)
    assert waits[:3] == [timedelta(minutes=30), timedelta(hours=1), timedelta(hours=2)]
    assert waits[-1] == timedelta(days=1) == backoff(50, 30)


def test_retry_after_is_honoured_for_429_and_503():
    for status in (429, 503):
        fetched = Fetched(URL, status, retry_after=NOW + timedelta(hours=5), error=f"HTTP {status}")
        assert after_fetch(FeedState(URL), fetched, "", NOW, SETTINGS).next_fetch == NOW + timedelta(hours=5)


def test_unparseable_body_forgets_validators_so_the_next_fetch_is_full():
    state = FeedState(URL, validators=Validators('"old"'))
    fetched = Fetched(URL, 200, body=b"<html>", validators=Validators('"new"'))
    after = after_fetch(state, fetched, "not a feed", NOW, SETTINGS)
    assert after.error == "not a feed" and after.validators == Validators() and after.failures == 1


def test_retry_after_header_forms():
    assert retry_after("120", NOW) == NOW + timedelta(seconds=120)
    assert retry_after("Sun, 22 Nov 2026 08:00:00 GMT", NOW) == datetime(2026, 11, 22, 8, tzinfo=timezone.utc)
    assert retry_after("soon", NOW) is None and retry_after("", NOW) is None


def test_freshness_from_max_age_expires_and_ttl_the_longest_wins():
    assert fresh_for({"cache-control": "public, max-age=7200"}, 0, NOW) == timedelta(hours=2)
    assert fresh_for({"cache-control": "max-age=60"}, 30, NOW) == timedelta(minutes=30)  # RSS <ttl>
    assert fresh_for({"expires": "Sat, 21 Nov 2026 15:00:00 GMT"}, 0, NOW) == timedelta(hours=3)
    assert fresh_for({"expires": "Sat, 21 Nov 2026 15:00:00 GMT", "date": "Sat, 21 Nov 2026 14:00:00 GMT"},
                     0, NOW) == timedelta(hours=1)  # against the server's own clock
    both = {"cache-control": "max-age=600", "expires": "Sun, 22 Nov 2026 12:00:00 GMT"}
    assert fresh_for(both, 0, NOW) == timedelta(minutes=10)  # max-age wins over Expires (RFC 9111)
    assert fresh_for({"cache-control": "no-cache, max-age=7200"}, 0, NOW) == timedelta(0)
    stale = ({"expires": "0"}, {"expires": "Fri, 01 Jan 2010 00:00 GMT"}, {"cache-control": "max-age=x"})
    assert [fresh_for(headers, 0, NOW) for headers in stale] == [timedelta(0)] * 3


def test_next_poll_is_clamped_between_the_minimum_and_maximum_interval():
    assert next_poll(timedelta(0), SETTINGS) == timedelta(hours=1)
    assert next_poll(timedelta(hours=5), SETTINGS) == timedelta(hours=5)
    assert next_poll(timedelta(days=365), SETTINGS) == timedelta(days=1)


def test_a_304_keeps_the_ttl_of_the_last_body_and_force_ignores_freshness_but_not_410():
    state = after_fetch(FeedState(URL), Fetched(URL, 200), "", NOW, SETTINGS, ttl_minutes=180)
    later = NOW + timedelta(hours=3)
    again = after_fetch(state, Fetched(URL, 304), "", later, SETTINGS)
    assert (again.ttl_minutes, again.next_fetch) == (180, later + timedelta(hours=3))
    soon = later + timedelta(hours=1)
    assert not again.is_due(soon) and again.is_due(soon, force=True)
    assert not FeedState(URL, gone=True).is_due(NOW, force=True)
