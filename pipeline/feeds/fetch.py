"""One polite HTTP GET of a feed: conditional, time- and size-capped, redirects checked by hand.

The only place the feeds stage talks to the network. Every failure it knows (timeouts and
stalls, refused connections, bodies cut short or falsely labelled gzip, redirect loops, size)
becomes a `Fetched` with a readable error; anything else is caught by `retrieve.attempt`, the
per-feed boundary. Header names are lower-cased, as feedparser reads them.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin, urlsplit

import requests
import urllib3

from pipeline.feeds.settings import FeedSettings

PERMANENT = (301, 308)
ACCEPT = ("application/atom+xml, application/rss+xml, application/feed+json, application/json;q=0.9, "
          "application/xml;q=0.9, text/xml;q=0.8, */*;q=0.5")


@dataclass(frozen=True)
class Validators:
    etag: str = ""
    last_modified: str = ""


@dataclass(frozen=True)
class Fetched:
    """What one fetch found: a body (status 200), not-modified (304), or an error."""

    url: str  # the URL asked for
    status: int = 0
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)  # names in lower case, as feedparser reads them
    final_url: str = ""
    moved_to: str = ""  # the last URL reached only through permanent redirects
    validators: Validators = Validators()
    retry_after: datetime | None = None
    error: str = ""


def fetch(session: requests.Session, url: str, validators: Validators, settings: FeedSettings,
          now: datetime) -> Fetched:
    """GET `url` following at most `settings.max_redirects` redirects."""
    moved, current, permanent = "", url, True
    try:
        for _ in range(settings.max_redirects + 1):
            response = _get(session, current, validators, settings)
            if response.status_code not in (301, 302, 303, 307, 308) or "location" not in response.headers:
                return _result(url, current, moved, response, settings, now)
            response.close()
            permanent = permanent and response.status_code in PERMANENT
            current = urljoin(current, response.headers["location"])
            moved = current if permanent else moved
        return Fetched(url, error=f"more than {settings.max_redirects} redirects")
    except (requests.Timeout, urllib3.exceptions.TimeoutError):  # the body's reads raise urllib3's own
        return Fetched(url, error=f"timed out after {settings.timeout:g} s")
    except urllib3.exceptions.DecodeError as exc:
        return Fetched(url, error=f"body not encoded as its Content-Encoding says ({_first_line(exc)})")
    except urllib3.exceptions.ProtocolError as exc:
        return Fetched(url, error=f"connection broken before the whole body arrived ({_first_line(exc)})")
    except (requests.RequestException, urllib3.exceptions.HTTPError, ValueError) as exc:
        return Fetched(url, error=_reason(exc))


def _get(session: requests.Session, url: str, validators: Validators, settings: FeedSettings):
    if urlsplit(url).scheme not in ("http", "https"):
        raise ValueError(f"unsupported URL scheme in {url!r}")
    headers = {"User-Agent": settings.user_agent, "Accept": ACCEPT, "Accept-Encoding": "gzip, deflate"}
    if validators.etag:
        headers["If-None-Match"] = validators.etag
    if validators.last_modified:
        headers["If-Modified-Since"] = validators.last_modified
    return session.get(url, headers=headers, timeout=(settings.timeout, settings.timeout),
                       allow_redirects=False, stream=True)


def _result(url, final, moved, response, settings: FeedSettings, now: datetime) -> Fetched:
    status, headers = response.status_code, {k.lower(): v for k, v in response.headers.items()}
    common = dict(status=status, headers=headers, final_url=final, moved_to=moved)
    if status == 304:
        return Fetched(url, **common)
    if status != 200:
        response.close()
        return Fetched(url, **common, retry_after=retry_after(headers.get("retry-after", ""), now),
                       error=f"HTTP {status} {response.reason or ''}".strip())
    body = read_capped(response, settings.max_bytes, time.monotonic() + settings.timeout)
    if isinstance(body, str):
        return Fetched(url, **common, error=body)
    validators = Validators(headers.get("etag", ""), headers.get("last-modified", ""))
    return Fetched(url, **common, body=body, validators=validators)


def read_capped(response, limit: int, deadline: float) -> bytes | str:
    """The decoded body, or why not: it grew past `limit` (gzip bombs included) or it is still
    arriving at `deadline` (a server that dribbles bytes never times out a single read)."""
    chunks, size = [], 0
    try:
        # read1 returns what has arrived: a whole-chunk read would wait for 64 KiB before checking
        while chunk := response.raw.read1(64 * 1024, decode_content=True):
            size += len(chunk)
            if size > limit:
                return f"larger than {limit} bytes"
            if time.monotonic() > deadline:
                return "body still arriving after the time limit"
            chunks.append(chunk)
    finally:
        response.close()
    return b"".join(chunks)


def retry_after(value: str, now: datetime) -> datetime | None:
    """Retry-After as seconds or an HTTP date; None when absent or unreadable."""
    value = value.strip()
    # a number of seconds too large for a date (a server's bug) is read as "much later"
    return now + timedelta(seconds=min(int(value), 10**9)) if value.isdigit() else http_date(value)


def http_date(value: str) -> datetime | None:
    """An HTTP date header (Expires, Date, Retry-After) as an aware datetime; None when unreadable."""
    try:
        when = parsedate_to_datetime(value.strip())
    except (TypeError, ValueError, IndexError):
        return None
    return when if when.tzinfo else when.replace(tzinfo=timezone.utc)


def _first_line(exc: Exception) -> str:
    """urllib3 puts its own message first and the nested exception second."""
    text = str(exc.args[0]).strip() if exc.args else ""
    return (text.splitlines() or [type(exc).__name__])[0][:160]


def _reason(exc: Exception) -> str:
    """One readable line: requests' own messages nest three exception reprs deep."""
    text = str(exc)
    for needle, reason in (("resolve", "could not resolve the host name"), ("refused", "connection refused"),
                           ("CERTIFICATE", "TLS certificate not trusted"), ("reset", "connection reset")):
        if needle in text:
            return f"{type(exc).__name__}: {reason}"
    return f"{type(exc).__name__}: {text[:160]}"
