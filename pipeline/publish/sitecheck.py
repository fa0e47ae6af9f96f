"""After the engine has built the site: every internal `href`/`src` in its HTML must reach a file.

Engines have link bugs of their own (Zensical 0.0.73 mis-points links inside excerpts), so lip
looks at what was really built, not at what it handed the engine. Links are read with a real
HTML parser (libxml2's, through lxml, in C: the check reads every page of the site); a link is
internal when it is relative, root-relative or under the site's URL. The links of a page are
kept per page content in the cache, so an unchanged page costs a hash. This module only reads
the site; it never follows external links and never changes a file.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator
from urllib.parse import unquote, urlsplit

from lxml import etree

from pipeline.cache import MISSING, Cache, digest

_LINK_ATTRIBUTES = frozenset({"href", "src"})
_SKIP_SCHEMES = frozenset({"mailto", "tel", "data", "javascript", "blob", "about"})


@dataclass(frozen=True)
class BrokenLink:
    """A link on a built page that reaches no file of the site."""

    page: str  # the built page, relative to the site folder
    link: str  # as written in the page
    source: str  # the user's file the page was made from

    def __str__(self) -> str:
        return f"{self.source}: broken link {self.link!r} on the built page {self.page}"


def broken_links(
    site: Path, site_url: str = "", cache: Cache | None = None,
    source_of: Callable[[str], str] = lambda page: page,
) -> list[BrokenLink]:
    """Every internal link of every HTML page under `site` whose target does not exist."""
    base = urlsplit(site_url)
    files = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}
    new: dict[str, tuple] = {}  # links of pages not in the cache, kept after the check
    broken = []
    for page in sorted(f for f in files if f.endswith(".html")):
        for link, owner in _page_links(site / page, cache, new):
            target = _target(page, link, base)
            if target is not None and not _exists(target, files):
                broken.append(BrokenLink(page, link, source_of(_owner_page(page, owner, base))))
    if cache is not None:
        cache.put_many(new)
    return broken


def _owner_page(page: str, owner: str, base) -> str:
    """The built page whose source holds a link: the post of an excerpt, else the page itself."""
    target = _target(page, owner, base) if owner else None
    if target is None:
        return page
    target = target.rstrip("/")
    if target in ("", "."):
        return "index.html"
    return target if target.endswith(".html") else f"{target}/index.html"


def _page_links(path: Path, cache: Cache | None, new: dict[str, tuple]) -> tuple[tuple[str, str], ...]:
    data = path.read_bytes()
    key = digest("site links 3", data)
    links = cache.get(key) if cache is not None else MISSING
    if links is MISSING:
        links = new[key] = tuple(dict.fromkeys(_links(data.decode("utf-8", "replace"))))
    return links


def _links(html: str) -> Iterator[tuple[str, str]]:
    collector = _LinkCollector()
    parser = etree.HTMLParser(target=collector, huge_tree=True)
    parser.feed(html)
    parser.close()
    yield from collector.links


class _LinkCollector:
    """lxml parser target: collects (link, owner); owner is the post an excerpt links to, for
    links inside excerpts (libxml2's HTML parser in C: the check reads every built page)."""

    def __init__(self) -> None:
        self.links: list[tuple[str, str]] = []
        self.articles: list[str | None] = []  # per open <article>: its post's URL once known

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        classes = (attrs.get("class") or "").split()
        if tag == "article":
            self.articles.append("" if "md-post--excerpt" in classes else None)
        elif tag == "a" and "toclink" in classes and self.articles and self.articles[-1] == "":
            self.articles[-1] = attrs.get("href") or ""  # Material links an excerpt's title to its post
        owner = self.articles[-1] if self.articles and self.articles[-1] else ""
        self.links += [(value, owner) for name, value in attrs.items() if name in _LINK_ATTRIBUTES and value]

    def end(self, tag: str) -> None:
        if tag == "article" and self.articles:
            self.articles.pop()

    def close(self) -> None:
        pass


def _target(page: str, link: str, base) -> str | None:
    """The site path `link` on `page` points at, or None when it is not an internal link."""
    parts = urlsplit(link.strip())
    if parts.scheme in _SKIP_SCHEMES or not parts.path:
        return None  # another scheme, or an anchor/query on the page itself
    if parts.scheme or parts.netloc:
        if (parts.scheme, parts.netloc) != (base.scheme, base.netloc):
            return None  # another site
        if not parts.path.startswith(base.path or "/"):
            return None
        path = parts.path[len(base.path or "/"):]
    elif parts.path.startswith(base.path or "/"):
        path = parts.path[len(base.path or "/"):]
    elif parts.path.startswith("/"):
        path = parts.path[1:]
    else:
        path = posixpath.join(posixpath.dirname(page), parts.path)
    return unquote(posixpath.normpath(path) if path else ".") + ("/" if path.endswith("/") else "")


def _exists(target: str, files: set[str]) -> bool:
    target = target.rstrip("/")
    if target in ("", "."):
        return "index.html" in files
    return target in files or f"{target}/index.html" in files
