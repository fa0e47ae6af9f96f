"""The `lip` MkDocs plugin: render each page's Markdown once per content, keep compiled templates.

MkDocs converts every page's Markdown on every build, and Material's blog plugin converts every
post again for each index, archive and category page that shows its excerpt. This plugin wraps
those two renders: the HTML (and the table of contents and anchors MkDocs keeps) is looked up in
lip's content-hash cache, keyed by the page's Markdown, its URL, the view it is shown in, the
Markdown settings, the URL of every file in the site and the versions of lip and the engine. It
also gives Jinja a bytecode cache, so templates are compiled once, not once a build.

A whole built page is reused too when everything its template sees is unchanged (see
`reuse.py`), so an edit re-renders that page and the index pages that list it. An excerpt that
must be rendered is rendered from the Markdown above its separator when that gives the same
excerpt (see `excerpts.py`). A `lip build` hard-links a static file from the site it replaces
when that site holds the same bytes, instead of copying it again.

It never changes what a page renders to: a cache hit hands MkDocs exactly what the same render
produced before, and a render that logged a warning (a broken link under `--strict`) is never
kept, so the warning comes back on every build until it is fixed.
"""

from __future__ import annotations

import contextlib
import copy
import functools
import json
import logging
import os
from importlib import metadata
from pathlib import Path
from typing import Any

import yaml
from jinja2 import FileSystemBytecodeCache
from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from pipeline.cache import MISSING, Cache, digest
from pipeline.publish import excerpts, material_shortcuts
from pipeline.publish.inplace import same_bytes
from pipeline.publish.reuse import context_key

FRONT_MATTER = digest("posts' front matter", yaml.__version__)
PACKAGES = ("learn-in-public", "mkdocs", "mkdocs-material", "markdown", "pymdown-extensions", "pygments")


class LipPluginConfig(Config):
    cache_dir = config_options.Type(str, default=".lip/cache")
    # The site a build replaces: a static file whose bytes it holds already is linked, not copied.
    previous_site = config_options.Type(str, default="")


class LipPlugin(BasePlugin[LipPluginConfig]):
    """Cached page, excerpt and template renders, and a Jinja bytecode cache, under `cache_dir`."""

    def __init__(self, warm: bool = False) -> None:
        self.cache: Cache | None = None
        self.salt = ""
        self.pages: dict[str, str] = {}  # built page -> docs file, for messages about built pages
        # `lip serve` keeps one plugin across builds, and the cache entries (built pages among them)
        # its last build used in memory.
        self.warm = warm
        self.hot: dict[str, dict] = {}  # warm: the cache entries the last build used, by key
        self.hot_used: set[str] = set()
        self.reused = 0
        self.memo = _Remembered(self)  # reading times and search entries
        self.front_matter: dict = {}  # posts' parsed YAML per text, from the last build or the cache
        self.front_matter_used: set = set()
        self.front_matter_saved: set = set()  # the keys of what lip's cache holds
        self.pending: dict[str, dict] = {}

    @event_priority(100)  # before other plugins make Jinja environments of their own (search)
    def on_config(self, config):
        folder = Path(self.config.cache_dir)
        if not folder.is_absolute():
            folder = Path(config.config_file_path or ".").parent / folder
        self.cache = Cache(folder / "engine")
        self.folder = folder
        self.pending: dict[str, dict] = {}
        if not self.front_matter:
            self.front_matter.update((self._get(FRONT_MATTER) or {}).get("parsed", {}))
            self.front_matter_saved = set(self.front_matter)
        self.front_matter_used.clear()
        material_shortcuts.install(self.memo, self.front_matter, self.front_matter_used)
        self.reused = 0
        source = Path(config.config_file_path).read_bytes() if config.config_file_path else b""
        self.site_salt = digest(source, str(config.site_url), str(config.site_author))
        self.cut_excerpts = excerpts.usable(config.markdown_extensions, config.mdx_configs)
        self.toc_marker = str((config.mdx_configs.get("toc") or {}).get("marker", "[TOC]"))
        (folder / "jinja").mkdir(parents=True, exist_ok=True)
        self.bytecode = FileSystemBytecodeCache(str(folder / "jinja"))
        get_env = config.theme.get_env
        config.theme.get_env = lambda: self._with_bytecode(get_env())

    def _with_bytecode(self, env):
        env.bytecode_cache = self.bytecode  # compiled templates kept, for every environment made
        return env

    def on_files(self, files: Files, *, config) -> Files:
        # Every file's URL is part of the key: a link's output depends on where its target lands.
        self.salt = digest(settings_fingerprint(config), *sorted(f"{f.src_uri}\0{f.url}" for f in files))
        return files

    @event_priority(-100)  # after the blog plugin has made its list of posts
    def on_nav(self, nav, *, config, files):
        material_shortcuts.index_posts(config.plugins)
        return nav

    def on_env(self, env, *, config, files):
        self.pages = {f.dest_uri: f.src_uri for f in files.documentation_pages()}
        if self.config.previous_site and Path(self.config.previous_site).is_dir():
            # Only files nothing else writes to: a later write would go through the link.
            written = set(self.pages) | set(config.theme.static_templates)
            for file in files.static_pages() + files.media_files():
                if file._content is None and file.abs_src_path and file.dest_uri not in written:
                    file.copy_file = functools.partial(_copy_or_link, file, self.config.previous_site)
        get_template = env.get_template
        env.get_template = lambda name, *args, **kwargs: _Reusing(get_template(name, *args, **kwargs), self)
        return env

    def on_post_build(self, *, config) -> None:
        material_shortcuts.uninstall()
        kept = {key: self.front_matter[key] for key in self.front_matter_used}
        if set(kept) != self.front_matter_saved:
            self._keep(FRONT_MATTER, {"parsed": kept}, 0)  # what this build read, nothing older
            self.front_matter_saved = set(kept)
        self.front_matter.clear()
        self.front_matter.update(kept)
        self.hot = {key: self.hot[key] for key in self.hot_used}  # only what this build used
        self.hot_used = set()
        self._flush()

    def on_build_error(self, *, error) -> None:
        material_shortcuts.uninstall()

    @event_priority(-100)  # after the blog plugin has attached the post's excerpt
    def on_page_markdown(self, markdown: str, *, page: Page, config, files: Files) -> str:
        page.render = lambda config, files: self._render_page(page, config, files)
        excerpt = getattr(page, "excerpt", None)
        if excerpt is not None:
            excerpt.render = lambda view, separator: self._render_excerpt(excerpt, view, separator)
        return markdown

    def _render_page(self, page: Page, config, files: Files) -> None:
        key = digest(self.salt, "page", page.file.src_uri, page.url, page.markdown or "")
        saved = self._get(key)
        if saved is None:
            with _Warnings() as warned:
                type(page).render(page, config, files)
            saved = _page_state(page)
            self._keep(key, saved, warned.count)
        _restore_page(page, saved, files)

    def _render_excerpt(self, excerpt, view: Page, separator: str) -> None:
        post = excerpt.post
        key = digest(self.salt, "excerpt", post.file.src_uri, post.url, view.url, separator,
                     post.markdown or "", post.title or "", str(post._title_from_render))
        saved = self._get(key)
        if saved is None:
            with _Warnings() as warned:
                self._convert_excerpt(excerpt, view, separator)
            saved = {"content": excerpt.content, "more": excerpt.more, "toc": copy.deepcopy(excerpt.toc),
                     "markdown": excerpt.markdown}
            self._keep(key, saved, warned.count)
        for name, value in saved.items():
            setattr(excerpt, name, copy.deepcopy(value) if name == "toc" else value)

    def _convert_excerpt(self, excerpt, view: Page, separator: str) -> None:
        """Material's excerpt render, from the Markdown above the separator when that is exact."""
        post = excerpt.post
        cut = excerpts.head(post.markdown or "", separator, self.toc_marker) if self.cut_excerpts else None
        if cut is not None:
            whole, post.markdown = post.markdown, cut.markdown
            excerpt.more = None  # set again only when the render finds the separator
            try:
                type(excerpt).render(excerpt, view, separator)
            finally:
                post.markdown = whole
            # (The title Material adds to the index page's contents is above the separator: MkDocs
            # takes a title from a first-element h1 only, else Material writes one at the top.)
            found = excerpt.more is not None
            if found and not excerpts.ids_reach_head(excerpt.content, cut.rest):
                excerpt.more = excerpts.UNRENDERED
                return
        type(excerpt).render(excerpt, view, separator)

    def built_page(self, key: str) -> str | None:
        """The HTML a page template made from the context `key` fingerprints, if kept."""
        saved = self.pending.get(digest("page html", key)) or self._get(digest("page html", key))
        return saved["html"] if saved else None

    def keep_page(self, key: str, html: str) -> None:
        self._keep(digest("page html", key), {"html": html}, 0)

    def _get(self, key: str) -> dict | None:
        if self.cache is None:
            return None
        if key in self.hot:
            self.hot_used.add(key)
            return self.hot[key]
        value = self.cache.get(key)
        if value is MISSING:
            return None
        if self.warm:
            self.hot[key] = value
            self.hot_used.add(key)
        return value

    def _keep(self, key: str, value: dict, warnings: int) -> None:
        if not warnings:
            self.pending[key] = value
            if self.warm:
                self.hot[key] = value
                self.hot_used.add(key)

    def _flush(self) -> None:
        """Write what this (successful) build rendered to the cache, several files at a time."""
        if self.cache is None or not self.pending:
            return
        self.cache.put_many(self.pending)
        self.pending = {}


class _Remembered:
    """A dict-like store for small answers: in memory, then the cache (written after the build)."""

    def __init__(self, plugin: LipPlugin) -> None:
        self.plugin, self.values = plugin, {}

    def __contains__(self, key: str) -> bool:
        if key not in self.values:
            saved = self.plugin._get(key)
            if saved is None:
                return False
            self.values[key] = saved["value"]
        return True

    def __getitem__(self, key: str) -> Any:
        return self.values[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.values[key] = value
        self.plugin._keep(key, {"value": value}, 0)


class _Reusing:
    """A page template that hands back the page's last HTML when its context is unchanged."""

    def __init__(self, template, plugin: LipPlugin) -> None:
        self.template, self.plugin = template, plugin

    def __getattr__(self, name: str):
        return getattr(self.template, name)

    def render(self, *args, **kwargs) -> str:
        context = args[0] if args else kwargs
        page = context.get("page") if hasattr(context, "get") else None
        if page is None:
            return self.template.render(*args, **kwargs)
        key = context_key(self.plugin.salt + self.plugin.site_salt, self.template.name, context)
        if key is None:
            return self.template.render(*args, **kwargs)
        html = self.plugin.built_page(key)
        if html is None:
            html = self.template.render(*args, **kwargs)
            self.plugin.keep_page(key, html)
        else:
            self.plugin.reused += 1
        return html


def settings_fingerprint(config) -> str:
    """What every render depends on besides the page: Markdown settings, URL style, versions."""
    versions = [metadata.version(name) for name in PACKAGES]
    settings = {"extensions": config.markdown_extensions, "configs": config.mdx_configs,
                "directory_urls": config.use_directory_urls, "versions": versions}
    return json.dumps(settings, sort_keys=True, default=_stable)


def _stable(value: Any) -> str:
    # Extension settings can hold functions (custom fences): name them, never their address.
    return getattr(value, "__qualname__", None) or type(value).__qualname__


def _copy_or_link(file, previous_site: str, dirty: bool = False) -> None:
    """MkDocs' copy of a static file, or a hard link to the previous site's copy of the same bytes
    (that site is removed once the new one replaces it, so nothing else shares the file)."""
    old = os.path.join(previous_site, file.dest_uri)
    if not dirty and same_bytes(file.abs_src_path, old):
        os.makedirs(os.path.dirname(file.abs_dest_path), exist_ok=True)
        with contextlib.suppress(OSError):  # another file system, or no hard links: copy
            os.link(old, file.abs_dest_path)
            return
    type(file).copy_file(file, dirty)


def _page_state(page: Page) -> dict:
    links = {f.src_uri: anchors for f, anchors in (page.links_to_anchors or {}).items()}
    # Copies: other plugins change a page's table of contents later (tags listings, excerpts).
    return {"content": page.content, "toc": copy.deepcopy(page.toc), "title": page._title_from_render,
            "anchors": page.present_anchor_ids, "links": links}


def _restore_page(page: Page, saved: dict, files: Files) -> None:
    page.content = saved["content"]
    page.toc = copy.deepcopy(saved["toc"])
    page._title_from_render = saved["title"]
    page.present_anchor_ids = saved["anchors"]
    links = {files.get_file_from_path(src): anchors for src, anchors in saved["links"].items()}
    page.links_to_anchors = {f: a for f, a in links.items() if f is not None}


class _Warnings(logging.Handler):
    """Counts the warnings MkDocs and its extensions log during one render."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1

    def __enter__(self) -> _Warnings:
        logging.getLogger("mkdocs").addHandler(self)
        return self

    def __exit__(self, *exc) -> None:
        logging.getLogger("mkdocs").removeHandler(self)
