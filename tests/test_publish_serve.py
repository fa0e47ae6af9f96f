"""`lip serve` for real: a server on 127.0.0.1 that re-renders when content/ changes."""

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from conftest import write


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str, want: str, timeout: float = 30.0) -> str:
    """Poll `url` until its text contains `want` (the server rebuilds in the background)."""
    deadline = time.monotonic() + timeout
    text = ""
    while time.monotonic() < deadline:
        try:
            text = urllib.request.urlopen(url, timeout=5).read().decode()
            if want in text:
                return text
        except OSError:
            pass
        time.sleep(0.5)
    raise AssertionError(f"{url} never contained {want!r}; last text: {text[:300]!r}")


def test_serve_previews_drafts_and_rebuilds_on_change(blog_project: Path):
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "pipeline", "serve", "-a", f"127.0.0.1:{port}"],
                              cwd=blog_project, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        base = f"http://127.0.0.1:{port}/"
        fetch(base + "blog/2026/01/25/draft/", "Not ready.")
        write(blog_project / "content/posts/new-idea.md", "---\ntitle: New idea\ndate: 2026-01-26\n---\n\nFresh words.\n")
        fetch(base + "blog/2026/01/26/new-idea/", "Fresh words.")
    finally:
        server.terminate()
        server.wait(timeout=10)
