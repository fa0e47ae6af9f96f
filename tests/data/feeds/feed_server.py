"""A real HTTP feed server on 127.0.0.1 for the feeds tests and benchmark.

Routes map a path to a `Route`: a body with ETag/Last-Modified (answers 304 to a matching
conditional GET), a status with headers (redirects, 410, 429), gzip, a delay before answering,
or a body dribbled slowly. Every request is logged so tests can check what was asked.
"""

from __future__ import annotations

import gzip
import hashlib
import re
import sys
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    content_type: str = "application/rss+xml"
    validators: bool = True  # send ETag and Last-Modified, answer 304 when they match
    gzip: bool = False
    dribble: float = 0.0  # seconds between 1-byte writes
    cut: int | None = None  # send only this many body bytes (the full Content-Length), then hang up
    stall: float = 0.0  # seconds to wait after the first half of the body


class FeedServer:
    def __init__(self, latency: float = 0.0, host: str = "127.0.0.1"):
        self.routes: dict[str, Route] = {}
        self.log: list[tuple[str, dict[str, str]]] = []
        self.spans: list[tuple[float, float]] = []  # (start, end) of every answered request
        self.latency = latency
        self.httpd = _QuietServer((host, 0), _handler(self))
        self.httpd.daemon_threads = True
        self.httpd.request_queue_size = 512
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    def url(self, path: str) -> str:
        return self.base + path

    def __enter__(self) -> FeedServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def requests_for(self, path: str) -> list[dict[str, str]]:
        return [headers for p, headers in self.log if p == path]

    def peak_concurrency(self) -> int:
        """The most requests this server was answering at the same time."""
        return peak_overlap(self.spans)


def peak_overlap(spans: list[tuple[float, float]]) -> int:
    events = sorted([(start, 1) for start, _ in spans] + [(end, -1) for _, end in spans])  # ends sort first
    peak = current = 0
    for _, step in events:
        current += step
        peak = max(peak, current)
    return peak


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request, client_address) -> None:
        """A client that hangs up (size cap, time limit, closed keep-alive) is normal here."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def _handler(server: FeedServer):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args) -> None:
            pass

        def do_GET(self) -> None:
            start = time.monotonic()
            try:
                self._answer()
            finally:
                server.spans.append((start, time.monotonic()))

        def _answer(self) -> None:
            server.log.append((self.path, dict(self.headers)))
            if server.latency:
                time.sleep(server.latency)
            route = server.routes.get(self.path)
            if route is None:
                return self._send(404, {}, b"not found")
            etag = '"' + hashlib.sha1(route.body).hexdigest()[:16] + '"'
            modified = "Sat, 21 Nov 2026 10:00:00 GMT"
            headers = {"Content-Type": route.content_type, **route.headers}
            if route.status == 200 and route.validators:
                headers.update({"ETag": etag, "Last-Modified": modified})
                if self.headers.get("If-None-Match") == etag:
                    return self._send(304, {"ETag": etag, **route.headers}, b"")  # caching headers too
            body = route.body
            if route.gzip and "gzip" in self.headers.get("Accept-Encoding", ""):
                body, headers["Content-Encoding"] = gzip.compress(body), "gzip"
            self._send(route.status, headers, body, route.dribble, route)

        def _send(self, status: int, headers: dict[str, str], body: bytes, dribble: float = 0.0,
                  route: Route | None = None) -> None:
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            try:
                if route and route.cut is not None:
                    self.wfile.write(body[:route.cut])
                    self.wfile.flush()
                    self.close_connection = True
                    return
                if route and route.stall:
                    self.wfile.write(body[:len(body) // 2])
                    self.wfile.flush()
                    time.sleep(route.stall)
                    body = body[len(body) // 2:]
                if not dribble:
                    self.wfile.write(body)
                for i in range(len(body) if dribble else 0):
                    self.wfile.write(body[i:i + 1])
                    self.wfile.flush()
                    time.sleep(dribble)
            except (BrokenPipeError, ConnectionResetError):
                pass

    return Handler


_HEADER = re.compile(rb"^Header:\s*([A-Za-z-]+):\s*(.*?)\s*$", re.M)
_EXPECT = re.compile(rb"^Expect:\s*(.*?)\s*$", re.M)


def corpus_route(body: bytes) -> Route:
    """A file of feedparser's test corpus served as its header comment says (`Header: Status: 302`,
    `Header: Content-type: ...`, any other header)."""
    route = Route(body, content_type="application/xml")
    for name, value in _HEADER.findall(body[:3000]):
        name, value = name.decode(), value.decode()
        if name.lower() == "status":
            route.status = int(value)
        elif name.lower() == "content-type":
            route.content_type = value
        else:
            route.headers[name] = value
    return route


def corpus_expectation(body: bytes) -> str:
    """The Python expression feedparser's own test suite checks against its result for this file."""
    found = _EXPECT.search(body[:3000])
    return found.group(1).decode("unicode_escape") if found else ""


def rss(title: str, items: list[tuple[str, str, str]], link: str = "https://example.org/") -> bytes:
    """A small RSS 2.0 feed; items are (guid, title, RFC 822 date)."""
    entries = "".join(
        f"<item><guid>{guid}</guid><title>{t}</title><link>{link}{guid}</link><pubDate>{d}</pubDate>"
        f"<description>&lt;p&gt;About {t}. &lt;a href=\"/rel/{guid}\"&gt;more&lt;/a&gt;&lt;/p&gt;</description></item>"
        for guid, t, d in items)
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{title}</title>'
            f"<link>{link}</link>{entries}</channel></rss>").encode()
