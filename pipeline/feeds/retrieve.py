"""One feed fetched and parsed: the single boundary where anything that goes wrong with that feed
becomes that feed's error.

A body cut short, a stall, a false Content-Encoding, a JSON Feed of an unexpected shape, a bug in
a parser: whatever raises, the caller gets a `Retrieved` naming the failure in one line, records
it for that feed and carries on with the others. Never writes; runs in worker threads.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import requests

from pipeline.feeds.entries import ParsedFeed, parse_feed
from pipeline.feeds.fetch import Fetched, Validators, fetch
from pipeline.feeds.settings import FeedSettings


@dataclass(frozen=True)
class Retrieved:
    fetched: Fetched  # an error here when anything failed, fetching or parsing
    parsed: ParsedFeed | None = None  # a 200 body, parsed (it may still have a `problem`)


def retrieve(session: requests.Session, url: str, validators: Validators, settings: FeedSettings,
             now: datetime) -> Retrieved:
    """Fetch `url` (conditionally) and parse a 200 body."""
    return guarded(url, lambda: _retrieve(session, url, validators, settings, now))


def guarded(url: str, work) -> Retrieved:
    """`work()`, or the failure it raised as the error of `url`: one feed never stops the others."""
    try:
        return work()
    except Exception as exc:  # noqa: BLE001 - the per-feed boundary: whatever raised, it is this feed's
        return Retrieved(Fetched(url, error=failure_line(exc)))


def failure_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())[:200]
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _retrieve(session, url: str, validators: Validators, settings: FeedSettings, now: datetime) -> Retrieved:
    fetched = fetch(session, url, validators, settings, now)
    if fetched.status != 200 or fetched.error:
        return Retrieved(fetched)
    return Retrieved(fetched, parse_feed(fetched.moved_to or url, fetched.body, fetched.headers, now))
