"""Who the user follows: `content/following.opml`, standard OPML that any feed reader imports.

Edits keep everything that was there (head, unknown attributes and namespaces, outlines without
feeds, comments) and are written atomically. Never fetches.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import ContentError
from pipeline.fsio import atomic_write_bytes


@dataclass(frozen=True)
class Followed:
    """One followed feed: its URL, the person's name, and the category it is filed under."""

    url: str
    title: str
    category: str = ""
    html_url: str = ""


EMPTY = """<?xml version="1.0" encoding="utf-8"?>
<opml version="2.0"><head><title>Following</title></head><body/></opml>
"""


def load_tree(path: Path) -> ET.ElementTree:
    """The parsed OPML file, or an empty one when it does not exist yet."""
    try:
        parser = ET.XMLParser(target=ET.TreeBuilder(insert_comments=True))
        root = ET.fromstring(path.read_bytes() if path.exists() else EMPTY, parser=parser)
    except ET.ParseError as exc:
        raise ContentError(path, f"not valid OPML: {exc}", exc.position[0]) from None
    if root.tag != "opml" or root.find("body") is None:
        raise ContentError(path, "not OPML: expected <opml> with a <body>")
    return ET.ElementTree(root)


def read_followed(path: Path) -> tuple[Followed, ...]:
    return followed_in(load_tree(path))


def followed_in(tree: ET.ElementTree) -> tuple[Followed, ...]:
    """Every outline with an xmlUrl, each URL once; its category is its own `category` or its
    parent's text."""
    found: dict[str, Followed] = {}
    for feed in outlines_in(tree):
        found.setdefault(feed.url, feed)
    return tuple(found.values())


def outlines_in(tree: ET.ElementTree):
    """Every outline with an xmlUrl as a `Followed`, in document order, duplicates included."""
    body = tree.getroot().find("body")
    for parent, outline in _walk(body):
        url = outline.get("xmlUrl", "").strip()
        if url:
            yield Followed(url, _title(outline) or url, _category(outline, parent, body),
                           outline.get("htmlUrl", ""))


def _walk(parent: ET.Element):
    """(parent, outline) pairs in document order."""
    for outline in list(parent.findall("outline")):
        yield parent, outline
        yield from _walk(outline)


def _title(outline: ET.Element) -> str:
    return (outline.get("title") or outline.get("text") or "").strip()


def _category(outline: ET.Element, parent: ET.Element, body: ET.Element) -> str:
    own = (outline.get("category") or "").strip().strip("/").split(",")[0]
    if own:
        return own
    return "" if parent is body else _title(parent)


def add_feed(tree: ET.ElementTree, feed: Followed) -> bool:
    """Add `feed` under its category's outline (made when missing); False when already followed."""
    if any(f.url == feed.url for f in followed_in(tree)):
        return False
    _append(tree.getroot().find("body"), feed, _categories(tree))
    return True


def _categories(tree: ET.ElementTree) -> dict[str, ET.Element]:
    """The top-level outlines without a feed, by title: where feeds of that category go."""
    found: dict[str, ET.Element] = {}
    for outline in tree.getroot().find("body").findall("outline"):
        if not outline.get("xmlUrl"):
            found.setdefault(_title(outline), outline)
    return found


def _append(body: ET.Element, feed: Followed, categories: dict[str, ET.Element]) -> None:
    parent = body
    if feed.category:
        parent = categories.get(feed.category)
        if parent is None:
            parent = categories[feed.category] = ET.SubElement(body, "outline", text=feed.category,
                                                               title=feed.category)
    attrs = {"type": "rss", "text": feed.title, "title": feed.title, "xmlUrl": feed.url}
    if feed.html_url:
        attrs["htmlUrl"] = feed.html_url
    ET.SubElement(parent, "outline", attrs)


def remove_feed(tree: ET.ElementTree, match: str) -> tuple[Followed, ...]:
    """Remove every outline whose xmlUrl, htmlUrl or title equals `match`; empty categories go."""
    removed, emptied = [], []
    body = tree.getroot().find("body")
    for parent, outline in list(_walk(body)):
        names = (outline.get("xmlUrl"), outline.get("htmlUrl"), _title(outline))
        if outline.get("xmlUrl") and match in names:
            removed.append(Followed(outline.get("xmlUrl"), _title(outline), _category(outline, parent, body)))
            parent.remove(outline)
            emptied.append(parent)
    for category in emptied:
        if category in body.findall("outline") and len(category) == 0:
            body.remove(category)
    return tuple(removed)


def rewrite_urls(tree: ET.ElementTree, moved: dict[str, str]) -> int:
    """Record permanent redirects: each outline's xmlUrl found in `moved` gets its new URL."""
    count = 0
    for outline in tree.getroot().iter("outline"):
        new = moved.get(outline.get("xmlUrl", ""))
        if new:
            outline.set("xmlUrl", new)
            count += 1
    return count


@dataclass(frozen=True)
class Merged:
    added: tuple[Followed, ...]
    duplicates: tuple[tuple[Followed, str], ...]  # outlines not added, with why: already followed, or twice


def merge(tree: ET.ElementTree, other: ET.ElementTree, default_category: str = "") -> Merged:
    """Add the feeds of another reader's export that are not followed yet, in one pass; the
    outlines left out are returned, not dropped silently."""
    known = {f.url: "already followed" for f in followed_in(tree)}
    body, categories = tree.getroot().find("body"), _categories(tree)
    added, duplicates = [], []
    for feed in outlines_in(other):
        if feed.url in known:
            duplicates.append((feed, known[feed.url]))
            continue
        feed = feed if feed.category else Followed(feed.url, feed.title, default_category, feed.html_url)
        _append(body, feed, categories)
        known[feed.url] = "listed twice in the import"
        added.append(feed)
    return Merged(tuple(added), tuple(duplicates))


def save_tree(tree: ET.ElementTree, path: Path) -> None:
    ET.indent(tree, space="  ")
    atomic_write_bytes(path, ET.tostring(tree.getroot(), encoding="utf-8", xml_declaration=True) + b"\n")
