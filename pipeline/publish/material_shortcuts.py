"""Four costs of Material's plugins that lip's caches make needless, removed during a build.

- Material makes a Python-Markdown converter for every post's excerpt when it reads the post
  (extension set-up costs more than a cached render). `lazy_markdown` makes it on first use, which
  never comes when lip's cache answers every excerpt render.
- Material parses every post's HTML again to estimate its reading time. `cached_readtime` keeps
  the answer per HTML and words-per-minute.
- Material's search plugin parses every page's HTML into index entries on every build.
  `cached_search_entries` keeps a page's entries per URL, title, HTML, contents and metadata.

- Material's blog reads every post's front matter with PyYAML on every build. `RememberedYaml`
  keeps each parse per text and loader (the `lip` plugin keeps them in memory for `lip serve` and
  in lip's cache for the next `lip build`) and hands out a deep copy, so nothing a build changes
  leaks into the next.

- Material's blog asks `page in posts` of every page twice a build, and a list compares a page
  with every post (`Page.__eq__`: same title and same `File` object). `PostList` answers the same
  question comparing only the posts whose `File` is the page's.

Reading times and search entries go to the `memo` the `lip` plugin passes: its memory, then
lip's cache.

Each replaces a name in Material's modules only between `install` and `uninstall` (the
`lip` plugin's build), and behave exactly like what they replace. Nothing here reads or writes
the user's files.
"""

from __future__ import annotations

import copy
import json
from contextlib import suppress
from typing import Any, Callable

import yaml

from markdown import Markdown

from pipeline.cache import digest

with suppress(ImportError):  # without Material there is nothing to shorten
    from material.plugins.blog import plugin as _blog
    from material.plugins.blog import structure as _structure
    from material.plugins.search.plugin import SearchIndex as _SearchIndex

    _ORIGINALS = (_structure.Markdown, _blog.readtime, _SearchIndex.add_entry_from_context, _structure.yaml)


class LazyMarkdown:
    """`Markdown(**options)` that is only built when something uses it."""

    def __init__(self, **options: Any) -> None:
        self._options = options
        self._registered: list[tuple] = []
        self._md: Markdown | None = None

    def _real(self) -> Markdown:
        if self._md is None:
            self._md = Markdown(**self._options)
            for args, kwargs in self._registered:
                self._md.treeprocessors.register(*args, **kwargs)
        return self._md

    @property
    def treeprocessors(self):
        return self._real().treeprocessors if self._md is not None else _DeferredRegistry(self)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real(), name)


class _DeferredRegistry:
    """Records `register` calls until the converter exists; anything else builds it."""

    def __init__(self, lazy: LazyMarkdown) -> None:
        self._lazy = lazy

    def register(self, *args: Any, **kwargs: Any) -> None:
        self._lazy._registered.append((args, kwargs))

    def __getitem__(self, key: Any) -> Any:
        return self._lazy._real().treeprocessors[key]

    def __getattr__(self, name: str) -> Any:
        return getattr(self._lazy._real().treeprocessors, name)


class RememberedYaml:
    """PyYAML's `load` for Material's post reader, remembered per (text, loader); other names pass.
    `parsed` may come from an earlier build; `used` collects the keys this build asked for."""

    def __init__(self, parsed: dict, used: set | None = None) -> None:
        self._parsed, self._used = parsed, set() if used is None else used

    def load(self, stream: Any, Loader: Any) -> Any:  # noqa: N803 (PyYAML's own name)
        if not isinstance(stream, str):
            return yaml.load(stream, Loader)
        key = (f"{Loader.__module__}.{Loader.__qualname__}", stream)
        if key not in self._parsed:
            self._parsed[key] = yaml.load(stream, Loader)
        self._used.add(key)
        return copy.deepcopy(self._parsed[key])

    def __getattr__(self, name: str) -> Any:
        return getattr(yaml, name)


class PostList(list):
    """A blog's posts; `in` compares a page only with the posts made from the same `File` object
    (`Page.__eq__` holds only then, and `File` has no `__eq__`: it is the same object or unequal)."""

    def __contains__(self, page: object) -> bool:
        file = getattr(page, "file", None)
        return any(post is page or (post.file is file and post == page) for post in self)


def index_posts(plugins: Any) -> None:
    """Give every Material blog plugin of the build a `PostList` of its posts (after `on_files`)."""
    if "_ORIGINALS" not in globals():
        return
    for plugin in plugins.values():
        if isinstance(plugin, _blog.BlogPlugin) and type(plugin.blog.posts) is list:
            plugin.blog.posts = PostList(plugin.blog.posts)


def cached_readtime(memo: dict, readtime: Callable[[str, int], int]) -> Callable[[str, int], int]:
    def remembered(html: str, words_per_minute: int) -> int:
        key = digest("readtime", html, str(words_per_minute))
        if key not in memo:
            memo[key] = readtime(html, words_per_minute)
        return memo[key]
    return remembered


def cached_search_entries(memo: dict, add_entry: Callable) -> Callable:
    def remembered(index, page) -> None:
        meta = json.dumps(page.meta, sort_keys=True, default=str)
        key = digest("search entries", page.url, str(page.title), page.content or "", _toc(page.toc), meta)
        if key not in memo:
            before = len(index.entries)
            add_entry(index, page)
            memo[key] = copy.deepcopy(index.entries[before:])
        else:
            index.entries.extend(copy.deepcopy(memo[key]))
    return remembered


def _toc(toc) -> str:
    items = getattr(toc, "items", None) or getattr(toc, "children", None) or []
    return "[" + ",".join(f"{item.title!r}:{item.id!r}:{_toc(item)}" for item in items) + "]"


def install(memo: dict, parsed: dict | None = None, used: set | None = None) -> Callable[[], None]:
    """Put the shortcuts in place; returns `uninstall`, which puts Material's own back."""
    if "_ORIGINALS" not in globals():
        return lambda: None
    _structure.Markdown = LazyMarkdown
    _structure.yaml = RememberedYaml({} if parsed is None else parsed, used)
    _blog.readtime = cached_readtime(memo, _ORIGINALS[1])
    _SearchIndex.add_entry_from_context = cached_search_entries(memo, _ORIGINALS[2])
    return uninstall


def uninstall() -> None:
    if "_ORIGINALS" in globals():
        _structure.Markdown, _blog.readtime, _SearchIndex.add_entry_from_context, _structure.yaml = _ORIGINALS
