"""The blog's Atom feed (`feed.xml`), built from the posts themselves: no git history needed.

An entry's HTML is made once per distinct post, site URL and site index (kept in the build's
cache); nothing here writes anything else."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import datetime, timezone
from pathlib import PurePosixPath
from urllib.parse import urljoin

import markdown
import nh3

from pipeline.cache import Cache, digest
from pipeline.content.index import SiteIndex
from pipeline.content.links import rewrite_links
from pipeline.records import OutputFile, Post
from pipeline.settings import Settings

ATOM = "http://www.w3.org/2005/Atom"
FEED_PATH = PurePosixPath("feed.xml")
MAX_ENTRIES = 20


def atom_feed(posts: tuple[Post, ...], settings: Settings, now: datetime, index: SiteIndex,
              cache: Cache | None = None) -> OutputFile:
    """Valid Atom 1.0 with absolute URLs (relative ones when no `site_url` is set)."""
    base = settings.base_url
    newest = sorted(posts, key=lambda p: (p.date, p.slug), reverse=True)[:MAX_ENTRIES]
    feed = ET.Element("feed", xmlns=ATOM)
    _text(feed, "title", f"{settings.author}")
    _text(feed, "id", base + FEED_PATH.as_posix() if base else "urn:lip:feed")
    _text(feed, "updated", _stamp(max((_changed(p) for p in newest), default=now)))
    ET.SubElement(feed, "link", rel="self", href=base + FEED_PATH.as_posix())
    ET.SubElement(feed, "link", rel="alternate", href=base or "./")
    author = ET.SubElement(feed, "author")
    _text(author, "name", settings.author)
    _text(feed, "generator", "learn-in-public")
    for post in newest:
        feed.append(_entry(post, base, index, cache))
    ET.indent(feed)
    data = ET.tostring(feed, encoding="utf-8", xml_declaration=True)
    return OutputFile(FEED_PATH, data, "feed")


def _entry(post: Post, base: str, index: SiteIndex, cache: Cache | None) -> ET.Element:
    url = base + post.url_path
    entry = ET.Element("entry")
    _text(entry, "title", post.title)
    _text(entry, "id", url if base else f"urn:lip:post:{post.slug}")
    ET.SubElement(entry, "link", rel="alternate", type="text/html", href=url)
    _text(entry, "published", _stamp(post.date))
    _text(entry, "updated", _stamp(_changed(post)))
    for name in post.authors:
        _text(ET.SubElement(entry, "author"), "name", name)
    for tag in post.tags + post.categories:
        ET.SubElement(entry, "category", term=tag)
    if post.description:
        _text(entry, "summary", post.description)
    _text(entry, "content", cached_entry_html(post, base, index, cache), type="html")
    return entry


def cached_entry_html(post: Post, base: str, index: SiteIndex, cache: Cache | None) -> str:
    """`entry_html`, from `cache` when the post, the site URL and every page's place are unchanged."""
    if cache is None:
        return entry_html(post, base, index)
    key = digest("feed-entry", repr(post), base, index.fingerprint)
    return cache.get_or_make(key, lambda: entry_html(post, base, index))


def _html(body: str) -> str:
    return markdown.markdown(body, extensions=["fenced_code", "tables", "footnotes", "def_list"])


_PLACEHOLDER = "https://site.invalid/"  # stands for the site root when no `site_url` is set


def entry_html(post: Post, base: str, index: SiteIndex) -> str:
    """A post's body as feed HTML: links resolved through the index to full URLs (site-root
    relative without `site_url`), raw relative URLs taken from the post's page, and sanitized
    (no scripts, styles or stylesheet links: a feed reader shows third-party text)."""
    root = base or _PLACEHOLDER
    body = rewrite_links(post.body, post.source, post.body_line, post.output, index, base=root).body
    page = root + post.url_path

    def absolute(_element: str, attribute: str, value: str) -> str | None:
        if attribute not in ("href", "src"):
            return value
        url = urljoin(page, value)
        return url[len(_PLACEHOLDER):] if not base and url.startswith(_PLACEHOLDER) else url

    return nh3.clean(_html(body), attribute_filter=absolute)


def _changed(post: Post) -> datetime:
    return post.updated or post.date


def _stamp(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")


def _text(parent: ET.Element, tag: str, text: str, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, **attrs)
    element.text = text
    return element
