"""What the feeds stage remembers between runs: decisions about when to poll, as pure functions.

`FeedState` is one feed's HTTP validators, last outcome, freshness and back-off; `after_fetch`
turns a fetch result (and `now`) into the next state without touching the network or the
database, as reader's Decider does.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Mapping

from pipeline.feeds.fetch import Fetched, Validators, http_date
from pipeline.feeds.settings import FeedSettings

MAX_BACKOFF = timedelta(days=1)
MAX_RETRY_AFTER = timedelta(days=7)
MAX_SECONDS = 10**9  # larger numbers of seconds in a header (31 years) overflow timedelta: clamp them


@dataclass(frozen=True)
class FeedState:
    url: str
    title: str = ""
    validators: Validators = Validators()
    last_fetch: datetime | None = None
    status: int = 0
    error: str = ""
    failures: int = 0
    next_fetch: datetime | None = None  # not asked before: fresh, backing off, or told to wait
    gone: bool = False
    entries: int = 0
    ttl_minutes: int = 0  # the feed's own RSS <ttl>, kept for the 304s that carry no body

    def is_due(self, now: datetime, force: bool = False) -> bool:
        """Polled unless gone (410), or still fresh, backing off or waiting out a Retry-After
        (`force` ignores those three, never a 410)."""
        return not self.gone and (force or self.next_fetch is None or self.next_fetch <= now)


def backoff(failures: int, first_minutes: int) -> timedelta:
    """Doubles with each failure in a row, from `first_minutes`, capped at a day."""
    return min(timedelta(minutes=first_minutes) * 2 ** min(max(failures - 1, 0), 16), MAX_BACKOFF)


def fresh_for(headers: Mapping[str, str], ttl_minutes: int, now: datetime) -> timedelta:
    """How long the answer says the feed stays unchanged: Cache-Control max-age, else Expires
    (against the answer's Date), and the RSS <ttl>; the longest of them. `no-cache` and `no-store`
    say nothing is fresh (the RSS <ttl> still counts)."""
    control = [part.strip().lower() for part in headers.get("cache-control", "").split(",")]
    by_headers = timedelta(0)
    if "no-cache" not in control and "no-store" not in control:
        age = next((p.partition("=")[2].strip('"') for p in control if p.startswith("max-age=")), None)
        if age is not None:
            by_headers = timedelta(seconds=min(int(age), MAX_SECONDS)) if age.isdigit() else timedelta(0)
        elif expires := http_date(headers.get("expires", "")):
            by_headers = expires - (http_date(headers.get("date", "")) or now)
    return max(by_headers, timedelta(minutes=ttl_minutes), timedelta(0))


def next_poll(fresh: timedelta, settings: FeedSettings) -> timedelta:
    """Never sooner than the minimum interval, never later than the maximum one."""
    floor = timedelta(minutes=settings.min_interval_minutes)
    ceiling = timedelta(minutes=settings.max_interval_minutes)
    return min(max(fresh, floor), max(ceiling, floor))


def after_fetch(state: FeedState, fetched: Fetched, problem: str, now: datetime, settings: FeedSettings,
                ttl_minutes: int | None = None) -> FeedState:
    """The next state of a feed after `fetched` (and, for a body, the parse `problem` or '' and
    its RSS <ttl>; None keeps the last one, as after a 304)."""
    base = replace(state, last_fetch=now, status=fetched.status)
    if fetched.status == 410:
        return replace(base, gone=True, error="410 Gone: the feed was removed; no longer polled")
    error = " ".join((fetched.error or problem).split())  # one line, whatever the library said
    if not error:
        validators = fetched.validators if fetched.status == 200 else state.validators
        ttl = state.ttl_minutes if ttl_minutes is None else ttl_minutes
        wait = next_poll(fresh_for(fetched.headers, ttl, now), settings)
        return replace(base, validators=validators, error="", failures=0, next_fetch=now + wait,
                       ttl_minutes=ttl)
    failures = state.failures + 1
    wait = backoff(failures, settings.backoff_minutes)
    if fetched.retry_after and fetched.status in (429, 503):
        wait = min(max(fetched.retry_after - now, timedelta(0)), MAX_RETRY_AFTER)
    # A body that failed to parse must be fetched in full next time, not answered with a 304.
    return replace(base, error=error, failures=failures, next_fetch=now + wait, validators=Validators())
