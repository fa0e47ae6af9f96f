"""Reuse a built page when everything its template sees is unchanged (used by `lip serve`).

A page's HTML is a function of its template and the context MkDocs and the plugins hand it:
the page (content, table of contents, metadata, neighbours), the navigation, the posts and
pagination of a blog index, the tags. `context_key` fingerprints that context; a value it does
not know how to fingerprint makes the key None, and the page is rendered as usual. So a page is
reused only when the key proves its inputs equal: a miss costs time, never a stale page.
It never reads or writes files.
"""

from __future__ import annotations

import hashlib
from datetime import date
from enum import Enum
from typing import Any

from mkdocs.config.base import Config
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File
from mkdocs.structure.nav import Link, Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, TableOfContents

# Context entries that are the same for every page of one build, or that no template shows.
_GLOBAL = frozenset({"config", "build_date_utc", "pages"})
_DEPTH = 8


class _Unknown(Exception):
    """A value this module cannot fingerprint: the page must be rendered."""


def context_key(salt: str, template: str, context: Any) -> str | None:
    """A digest of everything in `context` a page template can show, or None if unsure."""
    hasher = hashlib.sha256(f"{salt}\0{template}".encode())
    try:
        for name in sorted(k for k in context.keys() if k not in _GLOBAL):
            hasher.update(f"\0{name}={_fp(context[name], 0, set())}".encode())
    except _Unknown:
        return None
    return hasher.hexdigest()


def _fp(value: Any, depth: int, seen: set[int]) -> str:
    if value is None or isinstance(value, (str, int, float, bool, Enum)):
        return repr(value)
    if isinstance(value, date):
        return value.isoformat()
    if depth > _DEPTH or id(value) in seen:
        raise _Unknown
    seen.add(id(value))  # `seen`: the values above this one (a value inside itself is unknown)
    try:
        if isinstance(value, (list, tuple, set, frozenset)):
            items = [_fp(v, depth + 1, seen) for v in value]
            return "[" + ",".join(sorted(items) if isinstance(value, (set, frozenset)) else items) + "]"
        if isinstance(value, dict):
            return "{" + ",".join(f"{_fp(k, depth + 1, seen)}:{_fp(v, depth + 1, seen)}"
                                  for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))) + "}"
        return _object(value, depth, seen)
    finally:
        seen.discard(id(value))


def _object(value: Any, depth: int, seen: set[int]) -> str:
    if isinstance(value, Page):
        return _page(value, depth, seen) if depth <= 1 else _link(value)
    if isinstance(value, (Link, File)):
        return _link(value)
    if isinstance(value, Section):
        return f"section({value.title!r},{_fp(value.children, depth + 1, seen)})"
    if isinstance(value, Navigation):
        return f"nav({_fp(value.items, depth + 1, seen)},{_link(value.homepage)})"
    if isinstance(value, (TableOfContents, AnchorLink)):
        return _toc(value)
    if isinstance(value, Config):  # a blog author, a post's settings
        return f"config({_fp(dict(value.items()), depth + 1, seen)})"
    if isinstance(value, BasePlugin):
        return type(value).__qualname__  # its settings come from mkdocs.yml, part of the salt
    if hasattr(value, "page_count") and hasattr(value, "item_count"):  # a blog index's pagination
        return f"pages({value.page},{value.page_count},{value.item_count},{value.items_per_page})"
    if callable(value) and getattr(value, "__closure__", None) is not None:
        cells = [c.cell_contents for c in value.__closure__]  # the blog's pager: its pagination
        return f"fn({value.__qualname__},{_fp(cells, depth + 1, seen)})"
    if hasattr(value, "__dict__") and not callable(value) and type(value).__module__.startswith("material."):
        return f"{type(value).__qualname__}({_fp(vars(value), depth + 1, seen)})"
    raise _Unknown


def _link(value: Any) -> str:
    """A page, link or file as another page shows it: where it is, what it is called."""
    if value is None:
        return "None"
    if isinstance(value, File):
        return f"file({value.src_uri!r},{value.url!r})"
    meta = getattr(value, "meta", None) or {}
    return f"link({value.title!r},{getattr(value, 'url', None)!r},{_fp(dict(meta), 2, set())})"


def _toc(toc: TableOfContents | AnchorLink | None) -> str:
    if toc is None:
        return "None"
    items = toc.items if isinstance(toc, TableOfContents) else toc.children
    head = "" if isinstance(toc, TableOfContents) else f"{toc.title!r},{toc.id!r},{toc.level}"
    return f"toc({head}[{','.join(_toc(item) for item in items)}])"


def _page(page: Page, depth: int, seen: set[int]) -> str:
    """The page a template renders (or an excerpt it lists): all it shows of it."""
    # An excerpt of a post titled by its first heading has no title of its own (no template asks).
    title = getattr(page, "title", None)
    parts = [type(page).__qualname__, page.url, title, page.content or "", _toc(page.toc)]
    parts += [str(getattr(page, name, None)) for name in ("canonical_url", "edit_url", "is_homepage")]
    parts += [_link(getattr(page, name, None)) for name in ("previous_page", "next_page", "parent")]
    for name in ("meta", "authors", "categories", "more"):
        parts.append(_fp(getattr(page, name, None), depth + 1, seen))
    config = getattr(page, "config", None)  # a blog post's own settings (date, readtime, ...)
    if config is not None:
        parts.append(_fp(dict(config.items()), depth + 1, seen))
    return hashlib.sha256("\0".join(map(str, parts)).encode()).hexdigest()
