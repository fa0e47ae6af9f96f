"""One feed fetched and parsed, and the single boundary where anything that goes wrong with one
feed becomes that feed's error.

A body cut short, a stall, a false Content-Encoding, a JSON Feed of an unexpected shape, a header
no one expected, a bug in a parser: whatever raises inside `attempt`, the caller gets the failure
named in one line, records it for that feed and carries on with the others. Never writes; runs
in worker threads.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Callable, TypeVar

import requests

from pipeline.feeds.entries import ParsedFeed, parse_feed
from pipeline.feeds.fetch import Fetched, Validators, fetch
from pipeline.feeds.settings import FeedSettings

T = TypeVar("T")


@dataclass(frozen=True)
class Retrieved:
    fetched: Fetched  # an error here when anything failed, fetching or parsing
    parsed: ParsedFeed | None = None  # a 200 body, parsed (it may still have a `problem`)


def retrieve(session: requests.Session, url: str, validators: Validators, settings: FeedSettings,
             now: datetime) -> Retrieved:
    """Fetch `url` (conditionally) and parse a 200 body. Call it inside `attempt`."""
    fetched = fetch(session, url, validators, settings, now)
    if fetched.status != 200 or fetched.error:
        return Retrieved(fetched)
    return Retrieved(fetched, parse_feed(fetched.moved_to or url, fetched.body, fetched.headers, now))


def attempt(work: Callable[[], T], failed: Callable[[str], T]) -> T:
    """`work()`, or `failed(line)` with whatever it raised named in one line: the per-feed
    boundary, so one feed never stops the others."""
    try:
        return work()
    except Exception as exc:  # noqa: BLE001 - whatever raised, it is this feed's failure alone
        return failed(failure_line(exc))


def failed_retrieval(url: str) -> Callable[[str], Retrieved]:
    return lambda line: Retrieved(Fetched(url, error=line))


def failure_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())[:200]
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__
