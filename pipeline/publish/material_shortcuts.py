"""Two costs of Material's blog plugin that lip's caches make needless, removed during a build.

- Material makes a Python-Markdown converter for every post's excerpt when it reads the post
  (extension set-up costs more than a cached render). `lazy_markdown` makes it on first use, which
  never comes when lip's cache answers every excerpt render.
- Material parses every post's HTML again to estimate its reading time. `cached_readtime` keeps
  the answer per HTML and words-per-minute in lip's cache.

Both replace a name in Material's blog modules only between `install` and `uninstall` (the
`lip` plugin's build), and behave exactly like what they replace. Nothing here reads or writes
the user's files.
"""

from __future__ import annotations

from contextlib import suppress
from typing import Any, Callable

from markdown import Markdown

from pipeline.cache import Cache, digest

with suppress(ImportError):  # without Material there is nothing to shorten
    from material.plugins.blog import plugin as _blog
    from material.plugins.blog import structure as _structure

    _ORIGINALS = (_structure.Markdown, _blog.readtime)


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


def cached_readtime(cache: Cache, readtime: Callable[[str, int], int]) -> Callable[[str, int], int]:
    def remembered(html: str, words_per_minute: int) -> int:
        key = digest("readtime", html, str(words_per_minute))
        return cache.get_or_make(key, lambda: readtime(html, words_per_minute))
    return remembered


def install(cache: Cache) -> Callable[[], None]:
    """Put both shortcuts in place; returns `uninstall`, which puts Material's own back."""
    if "_ORIGINALS" not in globals():
        return lambda: None
    _structure.Markdown = LazyMarkdown
    _blog.readtime = cached_readtime(cache, _ORIGINALS[1])
    return uninstall


def uninstall() -> None:
    if "_ORIGINALS" in globals():
        _structure.Markdown, _blog.readtime = _ORIGINALS
