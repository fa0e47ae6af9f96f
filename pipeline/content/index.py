"""The one site index: every source file -> its docs-folder path -> its URL, computed once per build.

Like MkDocs' `Files`, but for `content/`: every stage and the feed ask it where a source lands
(`url_of`, `entry`) and what a relative link means (`resolve`), so no stage keeps a route table
of its own and nothing works backwards from rewritten links. Drafts and future posts are absent
from a `lip build` index (present under `lip serve`): a link to one is a broken link, never a
copied file; so is a link to a post a `--keep-going` build skips for its problems. Any other
file under `content/` that a page links to is a media file, copied to `media/<its path in content>`.

A source kind is one small function from `Sources` to entries, listed in `SOURCE_KINDS`.
Reads folder listings only; never parses or writes a file.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from functools import cached_property
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import Callable, Iterable, Mapping
from urllib.parse import unquote

from pipeline.cache import digest
from pipeline.content.slugs import slugify
from pipeline.project import Project
from pipeline.records import Post
from pipeline.settings import Settings

MEDIA = PurePosixPath("media")
_EXTERNAL = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*:|#|/)")


@dataclass(frozen=True)
class Entry:
    """One source on the site: its docs-folder path, its URL (relative to the site root) and
    the files emitted beside it that its own body links to (a notebook's images, its download)."""

    source: Path  # resolved
    output: PurePosixPath
    url: str
    kind: str
    attached: frozenset[PurePosixPath] = frozenset()


@dataclass(frozen=True)
class Target:
    """Where a relative link lands: a page or file on the site, or a reason it lands nowhere."""

    output: PurePosixPath | None = None
    url: str = ""
    fragment: str = ""  # `#part` or `?query`, kept as written
    media: Path | None = None  # a content file to copy to `output`
    problem: str = ""


@dataclass(frozen=True)
class Sources:
    """What a source kind may look at to list its entries."""

    project: Project
    settings: Settings
    posts: tuple[Post, ...]  # every post read, published or not
    now: datetime
    serve: bool = False
    skipped: frozenset[Path] = frozenset()  # posts left off the site for their problems (resolved)


@dataclass(frozen=True)
class SiteIndex:
    content: Path
    entries: Mapping[Path, Entry]
    hidden: frozenset[Path] = frozenset()  # sources read but not on this site (drafts, future)
    by_output: Mapping[PurePosixPath, Entry] = field(default_factory=dict)
    skipped: frozenset[Path] = frozenset()  # posts a --keep-going build leaves out (also hidden)

    @cached_property
    def fingerprint(self) -> str:
        """Changes whenever any source's place on the site does (for caching resolved links)."""
        rows = sorted(f"{e.source}\0{e.output}\0{e.url}\0{sorted(map(str, e.attached))}"
                      for e in self.entries.values())
        return digest(*rows, "\0hidden", *sorted(map(str, self.hidden)))

    def entry(self, source: Path) -> Entry | None:
        return self.entries.get(source.resolve())

    def url_of(self, source: Path) -> str:
        """The URL (relative to the site root, e.g. `blog/2026/01/05/hello/`) of a source on the site."""
        return self.entries[source.resolve()].url

    def resolve(self, link: str, source: Path, page: PurePosixPath | None = None) -> Target | None:
        """What the relative `link`, written in `source` (whose page is `page`), points at.

        None for links this index does not route (external, `#anchor`, site-absolute `/x`).
        A link to one of the files emitted beside the page itself (`attached`) is that file.
        """
        bare = link[1:-1] if link.startswith("<") else link
        if not bare or _EXTERNAL.match(bare):
            return None
        path_part, sep, fragment = (re.split(r"([#?])", bare, maxsplit=1) + ["", ""])[:3]
        own = self.entry(source)
        if own is not None and page is not None:
            beside = PurePosixPath(posixpath.normpath(posixpath.join(str(page.parent), unquote(path_part))))
            if beside in own.attached:
                return Target(beside, beside.as_posix(), sep + fragment)
        resolved = (source.parent / unquote(path_part)).resolve()
        if resolved in self.entries:
            found = self.entries[resolved]
            return Target(found.output, found.url, sep + fragment)
        if resolved in self.skipped:
            return Target(problem=f"link {bare!r} points at a skipped post")
        if resolved in self.hidden:
            return Target(problem=f"link {bare!r} points at a draft or future post")
        content = self.content.resolve()
        if resolved.is_file() and resolved.is_relative_to(content):
            route = MEDIA / resolved.relative_to(content).as_posix()
            return Target(route, route.as_posix(), sep + fragment, media=resolved)
        return Target(problem=f"broken link {bare!r}: no such file")


def page_url(output: PurePosixPath) -> str:
    """The URL MkDocs gives a docs-folder Markdown page (directory URLs)."""
    if output.suffix != ".md":
        return output.as_posix()
    stem = output.with_suffix("")
    folder = stem.parent if stem.name in ("index", "README") else stem
    return "" if str(folder) == "." else f"{folder.as_posix()}/"


def post_entries(sources: Sources) -> Iterable[Entry | Path]:
    """Notes and notebooks: published ones by their blog URL. Every other note or notebook file
    (a draft, a future post, one that failed to read) is hidden (a bare Path): never media."""
    from pipeline.notebooks.posts import notebook_paths

    for post in sources.posts:
        if post.source.resolve() in sources.skipped:
            yield post.source.resolve()
        elif sources.serve or post.is_published(sources.now):
            attached = frozenset(post.attached)
            yield Entry(post.source.resolve(), post.output, post.url_path, post.kind, attached)
        else:
            yield post.source.resolve()
    notes = sources.project.content / "posts"
    yield from (p.resolve() for p in (notes.rglob("*.md") if notes.is_dir() else ()))
    yield from (p.resolve() for p in notebook_paths(sources.project, sources.settings))


def cheatsheet_entries(sources: Sources) -> Iterable[Entry]:
    """Hand-written cheatsheets: `content/cheatsheets/<name>.md` -> `cheatsheets/<slug>.md`."""
    from pipeline.cheatsheets.sheets import FOLDER

    folder = sources.project.content / "cheatsheets"
    for path in sorted(folder.glob("*.md")) if folder.is_dir() else ():
        output = FOLDER / f"{slugify(path.stem)}.md"
        yield Entry(path.resolve(), output, page_url(output), "cheatsheet")


def about_entries(sources: Sources) -> Iterable[Entry]:
    """`content/about.md` is part of the home page."""
    about = sources.project.content / "about.md"
    if about.is_file():
        yield Entry(about.resolve(), PurePosixPath("index.md"), "", "about")


def digest_entries(sources: Sources) -> Iterable[Entry]:
    """Published digests `content/<digests>/<day>.json` -> `digest/<day>.md`."""
    feeds = sources.settings.feeds
    folder = sources.project.content / feeds.digests
    paths = sorted(folder.glob("*.json")) if folder.is_dir() and feeds.site_digests > 0 else []
    for path in paths[-feeds.site_digests:] if paths else ():
        output = PurePosixPath("digest") / f"{path.stem}.md"
        yield Entry(path.resolve(), output, page_url(output), "digest")


def project_entries(sources: Sources) -> Iterable[Entry]:
    """Portfolio projects: `content/projects/<name>.md` -> `projects/<name>.md`."""
    folder = sources.project.content / "projects"
    if not folder.is_dir():
        return  # and `lip decks` never loads the portfolio stage (it brings requests along)
    from pipeline.portfolio.projects import FOLDER

    for path in sorted(folder.glob("*.md")):
        output = FOLDER / f"{path.stem}.md"
        yield Entry(path.resolve(), output, page_url(output), "project")


SOURCE_KINDS: tuple[Callable[[Sources], Iterable[Entry | Path]], ...] = (
    post_entries, cheatsheet_entries, about_entries, digest_entries, project_entries,
)


def build_index(sources: Sources, kinds: Iterable[Callable[[Sources], Iterable[Entry | Path]]] = SOURCE_KINDS
                ) -> SiteIndex:
    """The index of one build: every kind's entries; a bare Path is a source kept off the site."""
    entries: dict[Path, Entry] = {}
    hidden: set[Path] = set()
    for kind in kinds:
        for item in kind(sources):
            if isinstance(item, Entry):
                entries.setdefault(item.source, item)
            else:
                hidden.add(item)
    by_output = {entry.output: entry for entry in entries.values()}
    return SiteIndex(sources.project.content, entries, frozenset(hidden - set(entries)), by_output,
                     sources.skipped)
