"""`lip build`, `lip check` and the rendering half of `lip serve`."""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path, PurePosixPath
from typing import Callable

from pipeline.blog import atom, home, pages
from pipeline.cache import Cache, digest
from pipeline.cheatsheets.sheets import sheet_routes
from pipeline.cheatsheets.site import site_files as cheatsheet_files
from pipeline.content.links import rewrite_links
from pipeline.content.posts import read_note
from pipeline.decks.site import site_files as deck_files
from pipeline.errors import ContentError, LipError, ProblemsError
from pipeline.feeds.site import site_files as digest_files
from pipeline.fsio import atomic_write_text
from pipeline.leads.site import site_files as lead_files
from pipeline.notebooks.posts import read_notebook_posts
from pipeline.project import BuildContext, Project
from pipeline.publish.mkdocs_build import run_mkdocs
from pipeline.records import OutputFile, Post, StageResult
from pipeline.settings import Settings
from pipeline.writer import claim_outputs, sync_folder

SITE_STAGES: tuple[Callable[[BuildContext], StageResult], ...] = (
    deck_files, cheatsheet_files, digest_files, lead_files,
)
THEME = Path(__file__).resolve().parent.parent / "theme"


@dataclass(frozen=True)
class BuildReport:
    """What a build did, for the CLI's summary and for tests that prove incremental work."""

    posts: int
    written: int = 0
    removed: int = 0
    converted: int = 0
    cached: int = 0
    notices: tuple[str, ...] = ()
    skipped: tuple[LipError, ...] = ()  # failures tolerated by --keep-going
    render_seconds: float = 0.0
    mkdocs_seconds: float = 0.0
    mkdocs_skipped: bool = False  # nothing MkDocs reads had changed since it built site/


def render_docs(
    project: Project, *, now: datetime | None = None, serve: bool = False,
    check: bool = False, keep_going: bool = False,
) -> tuple[dict[PurePosixPath, OutputFile], BuildReport]:
    """Read and render everything; raise every problem together unless `keep_going`."""
    started = time.perf_counter()
    now = now or datetime.now(timezone.utc)
    settings = project.settings()
    cache = Cache(project.cache / "notes", readonly=check)
    posts, result = published_posts(project, settings, now, serve, cache, check=check)
    result += blog_files(project, posts, settings, now)
    ctx = BuildContext(project, settings, posts, now, serve=serve, check=check)
    for stage in SITE_STAGES:
        result += stage(ctx)
    files, conflicts = claim_outputs(result.files)
    problems = list(result.errors) + conflicts
    if problems and not (keep_going and not conflicts):
        raise ProblemsError(problems)
    report = BuildReport(
        posts=len(posts), converted=result.converted + cache.misses,
        cached=result.cached + cache.hits, notices=result.notices, skipped=tuple(problems),
        render_seconds=time.perf_counter() - started,
    )
    return files, report


def published_posts(
    project: Project, settings: Settings, now: datetime, serve: bool = False,
    cache: Cache | None = None, check: bool = False,
) -> tuple[tuple[Post, ...], StageResult]:
    """Every post this build publishes (notes and notebooks, links resolved), and what failed."""
    cache = cache or Cache(project.cache / "notes")
    notes, note_errors = read_notes(project, cache)
    notebook_posts, result = read_notebook_posts(project, settings, now, check=check)
    result += StageResult(errors=tuple(note_errors) + duplicate_slugs(notes + notebook_posts))
    published = tuple(p for p in notes + notebook_posts if serve or p.is_published(now))
    posts, link_result = resolve_links(project, published, notes + notebook_posts)
    return posts, result + link_result


def build(project: Project, *, now: datetime | None = None, keep_going: bool = False) -> BuildReport:
    """Render into the docs folder, then build `site/` with MkDocs (strict) and swap it in."""
    files, report = render_docs(project, now=now, keep_going=keep_going)
    written, removed = sync_folder(project.docs, files)
    stamp = site_stamp(project, files)
    stamp_file = project.cache / "site.stamp"
    if project.site.is_dir() and stamp_file.is_file() and stamp_file.read_text() == stamp:
        return replace(report, mkdocs_skipped=True)  # site/ was built from exactly these inputs
    started = time.perf_counter()
    stamp_file.unlink(missing_ok=True)
    run_mkdocs(project, project.settings())
    atomic_write_text(stamp_file, stamp)
    return replace(report, written=written, removed=removed, mkdocs_seconds=time.perf_counter() - started)


def site_stamp(project: Project, files: dict[PurePosixPath, OutputFile]) -> str:
    """What `site/` depends on: every docs file, mkdocs.yml, the settings and the theme's version."""
    parts = [f"{path}\0{hashlib.sha256(f.data).hexdigest()}" for path, f in sorted(files.items())]
    configs = [p.read_bytes() for p in (project.mkdocs_yml, project.pyproject) if p.is_file()]
    versions = [metadata.version(name) for name in ("mkdocs", "mkdocs-material", "learn-in-public")]
    return digest(*parts, *configs, *versions)


def read_notes(project: Project, cache: Cache) -> tuple[tuple[Post, ...], list[LipError]]:
    """Every note under `content/posts/`, parsed once per distinct content (cached)."""
    posts, errors = [], []
    for path in sorted((project.content / "posts").rglob("*.md")):
        key = digest("note", str(path.resolve()), path.read_bytes())
        try:
            posts.append(cache.get_or_make(key, lambda path=path: read_note(path, project.content)))
        except LipError as exc:
            errors += getattr(exc, "problems", (exc,))
    return tuple(posts), errors


def duplicate_slugs(posts: tuple[Post, ...]) -> tuple[LipError, ...]:
    """Two posts with one slug would share a URL: name both files."""
    seen: dict[str, Post] = {}
    errors: list[LipError] = []
    for post in sorted(posts, key=lambda p: str(p.source)):
        first = seen.setdefault(post.slug, post)
        if first is not post:
            errors.append(ContentError(
                post.source, f"slug {post.slug!r} is already used by {first.source}", 1))
    return tuple(errors)


def resolve_links(
    project: Project, published: tuple[Post, ...], every: tuple[Post, ...]
) -> tuple[tuple[Post, ...], StageResult]:
    """Rewrite the relative links of notes to docs-folder paths, and copy the files they use."""
    routes = {p.source.resolve(): p.output for p in published}
    routes |= sheet_routes(project.content)
    unpublished = {p.source.resolve() for p in every} - set(routes)
    posts, files, errors = [], [], []
    for post in published:
        if post.kind != "note":
            posts.append(post)
            continue
        done = rewrite_links(post.body, post.source, post.body_line, post.output,
                             project.content, {**routes, **{u: None for u in unpublished}})
        posts.append(replace(post, body=done.body))
        files += [OutputFile(route, src.read_bytes(), str(src)) for src, route in done.assets]
        errors += done.errors
    return tuple(posts), StageResult(files=tuple(files), errors=tuple(errors))


def blog_files(project: Project, posts: tuple[Post, ...], settings: Settings, now: datetime) -> StageResult:
    """Post pages, blog and tags indexes, authors, home page, feed and the theme's assets."""
    avatar = settings.avatar or "assets/avatar.svg"
    about = project.content / "about.md"
    files = [pages.post_page(p, settings) for p in posts]
    files += [pages.blog_index(), pages.tags_page(), pages.authors_file(posts, settings, avatar)]
    files += [home.home_page(posts, settings, avatar, about.read_text("utf-8") if about.is_file() else "")]
    files += [atom.atom_feed(posts, settings, now)]
    if not settings.avatar:
        files.append(pages.avatar_svg(settings.author))
    files += [OutputFile(PurePosixPath("assets") / p.relative_to(THEME).as_posix(), p.read_bytes(), "theme")
              for p in sorted(THEME.rglob("*")) if p.is_file()]
    return StageResult(files=tuple(files))
