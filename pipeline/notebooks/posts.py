"""Notebook posts: every notebook under the configured folders, as `Post` records plus the files
(images, downloads, scripts) they need in the docs folder.

Each notebook is converted once per distinct content (a content-hash cache in
`.lip/cache/notebooks`), so editing a note or another notebook never re-converts it; the blog
excerpt's separator is placed then too, from the text above the first code. A bad
notebook is one `ContentError` naming it (and its cell); the others still build. Never writes
into the docs folder itself and never rewrites a notebook.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, replace
from datetime import datetime
from importlib import resources
from pathlib import Path, PurePosixPath

from pipeline.blog.excerpt import MORE, with_excerpt
from pipeline.cache import MISSING, Cache, digest
from pipeline.content.frontmatter import Document
from pipeline.content.posts import post_from_document
from pipeline.content.slugs import slugify
from pipeline.decks.cards import card_blocks
from pipeline.errors import ContentError, LipError
from pipeline.notebooks.convert import Converted, Where, convert_cells
from pipeline.notebooks.execute import executed
from pipeline.notebooks.limits import download_too_big, within_limits
from pipeline.notebooks.links import SCRIPTS, header_links, under_title
from pipeline.notebooks.read import front_matter, kernel_of, language_of, load_notebook, notebook_title
from pipeline.project import Project
from pipeline.records import OutputFile, Post, StageResult
from pipeline.settings import Settings

VERSION = "4"  # bump when the conversion changes, so cached posts are made again
POSTS = PurePosixPath("blog/posts/notebooks")
ASSETS = PurePosixPath("assets")


@dataclass(frozen=True)
class Made:
    """One notebook's conversion: what the cache keeps."""

    post: Post | None
    files: tuple[OutputFile, ...] = ()
    problems: tuple[tuple[Path, str, int | None], ...] = ()  # ContentErrors don't pickle: their parts do
    notices: tuple[str, ...] = ()
    libraries: frozenset[str] = frozenset()
    ran: bool = True  # False when execution failed: never cached

    @property
    def errors(self) -> tuple[ContentError, ...]:
        return tuple(ContentError(*parts) for parts in self.problems)


def _made_with_errors(errors, ran: bool = True) -> Made:
    problems = tuple((e.path, e.message, e.line) if isinstance(e, ContentError) else (Path("."), str(e), None)
                     for e in errors)
    return Made(None, problems=problems, ran=ran)


def read_notebook_posts(
    project: Project, settings: Settings, now: datetime, *, check: bool = False
) -> tuple[tuple[Post, ...], StageResult]:
    """Every notebook as a post, the files the posts need, and one error per problem; a notebook
    with a problem is no post and brings no files (what `--keep-going` skips is really left out).

    With `check` (`lip check`) nothing is written, not even the caches.
    """
    cache = Cache(project.cache / "notebooks" / "posts", readonly=check)
    runs = Cache(project.cache / "notebooks" / "runs", readonly=check, versioned=False)
    made = [_made(path, project, settings, cache, runs, not check) for path in notebook_paths(project, settings)]
    errors = tuple(e for m in made for e in m.errors)
    made = [m for m in made if not m.problems]  # left out whole: no page, no files
    posts = tuple(m.post for m in made if m.post is not None)
    files = [f for m in made for f in m.files]
    shared, problems = shared_assets(frozenset().union(*(m.libraries for m in made)))
    files += shared
    errors += problems
    notices = tuple(n for m in made for n in m.notices)
    return posts, StageResult(tuple(files), errors, notices, cache.misses, cache.hits)


def notebook_paths(project: Project, settings: Settings) -> list[Path]:
    found: set[Path] = set()
    for folder in settings.notebooks.paths:
        root = project.content / folder
        found |= {p for p in root.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts}
    return sorted(found)


def _made(path: Path, project: Project, settings: Settings, cache: Cache, runs: Cache, store: bool) -> Made:
    data = path.read_bytes()
    key = digest("notebook-post", VERSION, str(path.resolve()), data, repr(settings.notebooks),
                 settings.repo_url, settings.branch)
    made = cache.get(key)
    if made is not MISSING:
        cache.hits += 1
        return made
    made = make_post(path, data, project, settings, runs, store)
    cache.misses += 1
    if made.ran and store:
        cache.put(key, made)
    return made


def make_post(path: Path, data: bytes, project: Project, settings: Settings, runs: Cache, store: bool = True) -> Made:
    """Read, optionally execute, and convert one notebook; its problems come back as errors."""
    try:
        notebook, version = load_notebook(path, data)
        front = front_matter(notebook, path)
    except ContentError as exc:
        return _made_with_errors((exc,))
    if front.meta.get("execute", settings.notebooks.execute) is True:
        kernel = str(front.meta.get("kernel") or kernel_of(notebook, settings.notebooks.kernel))
        try:
            notebook = executed(notebook, path, kernel, settings.notebooks.timeout, runs, store)
        except ContentError as exc:
            return _made_with_errors((exc,), ran=False)
        data = json.dumps(notebook, indent=1).encode()  # the download carries the fresh outputs
    trimmed = within_limits(notebook)
    if trimmed.changed:  # the download carries what the page shows, within the same limits
        data = json.dumps(trimmed.notebook, indent=1).encode()
    notices = (f"nbformat {version} notebook upgraded to 4 for this build",) if version < 4 else ()
    made = _post(path, trimmed.notebook, front, data, project, settings)
    where = project.relative(path)
    said = counted(notices + trimmed.notices + made.notices)
    return replace(made, notices=tuple(f"{where}: {n}" for n in said))


def counted(notices: tuple[str, ...]) -> list[str]:
    """Each distinct notice once, in order, with how many times it came when more than once."""
    times = Counter(notices)
    return [n if times[n] == 1 else f"{n} ({times[n]} times)" for n in dict.fromkeys(notices)]


def _post(path: Path, notebook, front, data: bytes, project: Project, settings: Settings) -> Made:
    title = notebook_title(notebook, front, path)
    try:  # validated before converting, so the slug names the post's folder
        post = post_from_document(Document(path, front.meta, "", 1, front.key_lines), POSTS,
                                  fallback_title=title, kind="notebook")
    except LipError as exc:
        return _made_with_errors(_in_cell(e, front) for e in getattr(exc, "problems", (exc,)))
    post = post if "slug" in front.meta else _not_an_index_page(post)
    done = convert_cells(notebook.cells, language_of(notebook), Where(path, project.content, post.output, post.slug),
                         front.skip)
    body = (front.rest + "\n\n" if front.rest else "") + done.body
    return _finished(replace(post, body=body), done, data, project, settings)


def _finished(post: Post, done: Converted, data: bytes, project: Project, settings: Settings) -> Made:
    folder = post.output.parent / post.slug
    keep_download = settings.notebooks.download and post.extra.get("download", True) is not False
    too_big = download_too_big(len(data)) if keep_download else None
    links = header_links(post, project.relative(post.source), settings, download=not too_big)
    files = tuple(OutputFile(folder / name, blob, str(post.source)) for name, blob in done.files)
    if keep_download and not too_big:
        files += (OutputFile(folder / post.source.name, data, str(post.source)),)
    problems = tuple((post.source, problem, None) for problem in done.problems)
    body = excerpted(under_title(post.body, post.title, links), done.tail, post.source)
    post = replace(post, body=body, attached=tuple(f.path for f in files), cells=tuple(done.cells))
    notices = tuple(done.notices) + ((too_big,) if too_big else ())
    return Made(post, files, problems, notices, frozenset(done.libraries))


def excerpted(body: str, tail: str | None, source: Path) -> str:
    """`body` with the blog's excerpt separator exactly where the post page would place it
    (`with_excerpt`: after the first paragraph, before code or outputs), found by reading only
    the text above `tail` (what follows the first code cell's first block, where every excerpt
    has ended) instead of the whole notebook again. Left to the page when the author wrote a
    separator, when cards sit above `tail` (they are drawn before the excerpt is placed), or when
    no cut comes before `tail` (a block above runs on into it: an unclosed `<!--`, say)."""
    if tail is None or not body.endswith(tail) or MORE in body:
        return body
    head = body[: len(body) - len(tail)]
    if card_blocks(head, source):
        return body
    placed = with_excerpt(head)
    if placed.endswith(f"{MORE}\n\n"):
        return body
    return placed + tail.replace("\r\n", "\n").replace("\r", "\n")  # as with_excerpt reads the whole body


def _not_an_index_page(post: Post) -> Post:
    """A notebook named index.ipynb / README.ipynb (a course's table of contents) would be the
    folder's index page to MkDocs, published a folder higher than its links assume: it gets the
    slug `<folder>-index` instead (`slug:` in its front matter still wins)."""
    if post.slug not in ("index", "readme"):
        return post
    slug = slugify(f"{post.source.parent.name}-{post.slug}")
    return replace(post, slug=slug, output=post.output.with_name(f"{slug}.md"))


_WHERE = " in a first raw cell of YAML front matter (---) or in the notebook's metadata"


def _in_cell(error: LipError, front) -> LipError:
    """Point a front matter problem at its line in the first cell, or say where such keys go."""
    if not isinstance(error, ContentError):
        return error
    if error.message.startswith("missing "):
        return ContentError(error.path, error.message + _WHERE)
    if front.skip and error.line:
        return ContentError(error.path, f"cell 1, line {error.line}: {error.message}")
    return error


def shared_assets(libraries: frozenset[str]) -> tuple[list[OutputFile], tuple[LipError, ...]]:
    """The stylesheet every page lists (mkdocs.yml `extra_css`), and the scripts that notebook
    charts need, served by the site itself (never a CDN): only those some notebook uses."""
    here = resources.files("pipeline.notebooks")
    shared = lambda route, source: OutputFile(ASSETS / route, source.read_bytes(), "notebooks")
    files = [shared("stylesheets/notebooks.css", here / "notebooks.css")]
    if libraries:
        files.append(shared("javascripts/notebooks.js", here / "notebooks.js"))
    for name in SCRIPTS["vega"] if "vega" in libraries else ():
        files.append(shared(f"javascripts/{name}", here / "vendor" / name))
    if "plotly" not in libraries:
        return files, ()
    try:  # plotly's Python package ships the matching plotly.min.js
        plotly = (resources.files("plotly") / "package_data" / "plotly.min.js").read_bytes()
    except ModuleNotFoundError:
        return files, (LipError("notebooks have Plotly charts: `pip install plotly` so the site can serve plotly.min.js"),)
    return files + [OutputFile(ASSETS / "javascripts/plotly.min.js", plotly, "notebooks")], ()
