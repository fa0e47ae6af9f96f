"""What the feeds stage remembers between runs: decisions about when to poll, as pure functions.

`FeedState` is one feed's HTTP validators, last outcome and back-off; `after_fetch` turns a
fetch result into the next state without touching the network or the database.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from pipeline.feeds.fetch import Fetched, Validators

MAX_BACKOFF = timedelta(days=1)
MAX_RETRY_AFTER = timedelta(days=7)


@dataclass(frozen=True)
class FeedState:
    url: str
    title: str = ""
    validators: Validators = Validators()
    last_fetch: datetime | None = None
    status: int = 0
    error: str = ""
    failures: int = 0
    next_fetch: datetime | None = None
    gone: bool = False
    entries: int = 0

    def is_due(self, now: datetime) -> bool:
        """Polled unless gone (410) or waiting out a back-off or a Retry-After."""
        return not self.gone and (self.next_fetch is None or self.next_fetch <= now)


def backoff(failures: int, first_minutes: int) -> timedelta:
    """Doubles with each failure in a row, from `first_minutes`, capped at a day."""
    return min(timedelta(minutes=first_minutes) * 2 ** min(max(failures - 1, 0), 16), MAX_BACKOFF)


def after_fetch(state: FeedState, fetched: Fetched, problem: str, now: datetime,
                first_backoff_minutes: int) -> FeedState:
    """The next state of a feed after `fetched` (and, for a body, the parse `problem` or '')."""
    base = replace(state, last_fetch=now, status=fetched.status)
    if fetched.status == 410:
        return replace(base, gone=True, error="410 Gone: the feed was removed; no longer polled")
    error = fetched.error or problem
    if not error:
        validators = fetched.validators if fetched.status == 200 else state.validators
        return replace(base, validators=validators, error="", failures=0, next_fetch=None)
    failures = state.failures + 1
    wait = backoff(failures, first_backoff_minutes)
    if fetched.retry_after and fetched.status in (429, 503):
        wait = min(max(fetched.retry_after - now, timedelta(0)), MAX_RETRY_AFTER)
    # A body that failed to parse must be fetched in full next time, not answered with a 304.
    return replace(base, error=error, failures=failures, next_fetch=now + wait, validators=Validators())
