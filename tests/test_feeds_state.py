"""Polling decisions: 410 stops, Retry-After waits, failures back off, success resets."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from pipeline.feeds.fetch import Fetched, Validators, retry_after
from pipeline.feeds.state import FeedState, after_fetch, backoff

NOW = datetime(2026, 11, 21, 12, tzinfo=timezone.utc)
URL = "https://x.example/feed"


def test_success_keeps_validators_and_resets_failures():
    failing = FeedState(URL, failures=3, error="boom", next_fetch=NOW)
    state = after_fetch(failing, Fetched(URL, 200, validators=Validators('"e"', "d")), "", NOW, 30)
    assert (state.failures, state.error, state.next_fetch, state.validators) == (0, "", None, Validators('"e"', "d"))
    assert after_fetch(state, Fetched(URL, 304), "", NOW, 30).validators == Validators('"e"', "d")


def test_gone_is_never_due_again():
    state = after_fetch(FeedState(URL), Fetched(URL, 410, error="HTTP 410 Gone"), "", NOW, 30)
    assert state.gone and not state.is_due(NOW + timedelta(days=365))


def test_failures_back_off_doubling_up_to_a_day():
    state = FeedState(URL)
    waits = []
    for _ in range(8):
        state = after_fetch(state, Fetched(URL, error="timed out"), "", NOW, 30)
        waits.append(state.next_fetch - NOW)
        assert not state.is_due(NOW) and state.is_due(state.next_fetch)
    assert waits[:3] == [timedelta(minutes=30), timedelta(hours=1), timedelta(hours=2)]
    assert waits[-1] == timedelta(days=1) == backoff(50, 30)


def test_retry_after_is_honoured_for_429_and_503():
    for status in (429, 503):
        fetched = Fetched(URL, status, retry_after=NOW + timedelta(hours=5), error=f"HTTP {status}")
        assert after_fetch(FeedState(URL), fetched, "", NOW, 30).next_fetch == NOW + timedelta(hours=5)


def test_unparseable_body_forgets_validators_so_the_next_fetch_is_full():
    state = FeedState(URL, validators=Validators('"old"'))
    fetched = Fetched(URL, 200, body=b"<html>", validators=Validators('"new"'))
    after = after_fetch(state, fetched, "not a feed", NOW, 30)
    assert after.error == "not a feed" and after.validators == Validators() and after.failures == 1


def test_retry_after_header_forms():
    assert retry_after("120", NOW) == NOW + timedelta(seconds=120)
    assert retry_after("Sun, 22 Nov 2026 08:00:00 GMT", NOW) == datetime(2026, 11, 22, 8, tzinfo=timezone.utc)
    assert retry_after("soon", NOW) is None and retry_after("", NOW) is None
