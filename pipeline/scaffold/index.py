"""Does a package index serve a requirement? Asked by `lip doctor` about a site's `lip` dependency.

Reads the index's simple API (PEP 691 JSON, or the PEP 503 HTML page) for one project and returns
the versions of its files. The index is the one pip uses: `PIP_INDEX_URL`, else PyPI. One GET,
a short timeout, no retries; never writes anything.
"""

from __future__ import annotations

import os
from html.parser import HTMLParser

import requests
from packaging.utils import (
    InvalidSdistFilename,
    InvalidWheelFilename,
    canonicalize_name,
    parse_sdist_filename,
    parse_wheel_filename,
)

from pipeline.errors import LipError

PYPI_SIMPLE = "https://pypi.org/simple/"
_JSON = "application/vnd.pypi.simple.v1+json"


def index_url() -> str:
    return os.environ.get("PIP_INDEX_URL") or PYPI_SIMPLE


def served_versions(project: str, index: str, timeout: float = 10) -> tuple[str, ...]:
    """Every version `index` has a file for (empty when it does not know `project`)."""
    url = index.rstrip("/") + f"/{canonicalize_name(project)}/"
    try:
        response = requests.get(url, headers={"Accept": f"{_JSON}, text/html;q=0.1"}, timeout=timeout)
    except requests.RequestException as exc:
        raise LipError(f"{url}: cannot reach the package index ({type(exc).__name__})") from None
    if response.status_code == 404:
        return ()
    if not response.ok:
        raise LipError(f"{url}: the package index answered HTTP {response.status_code}")
    try:
        json = response.headers.get("content-type", "").startswith(_JSON)
        names = [f["filename"] for f in response.json()["files"]] if json else _anchor_texts(response.text)
    except (ValueError, KeyError, TypeError):
        raise LipError(f"{url}: not a package index page (PEP 503/691)") from None
    return tuple(sorted({v for v in map(_version_of, names) if v}))


def _version_of(filename: str) -> str:
    try:
        if filename.endswith(".whl"):
            return str(parse_wheel_filename(filename)[1])
        return str(parse_sdist_filename(filename)[1])
    except (InvalidWheelFilename, InvalidSdistFilename):
        return ""


class _Anchors(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.texts: list[str] = []
        self._inside = False

    def handle_starttag(self, tag: str, attrs) -> None:
        self._inside = tag == "a"

    def handle_endtag(self, tag: str) -> None:
        self._inside = False

    def handle_data(self, data: str) -> None:
        if self._inside and data.strip():
            self.texts.append(data.strip())


def _anchor_texts(html: str) -> list[str]:
    parser = _Anchors()
    parser.feed(html)
    return parser.texts
