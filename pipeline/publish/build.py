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
from pipeline.cache import MISSING, Cache, code_version, digest
from pipeline.cheatsheets.site import site_files as cheatsheet_files
from pipeline.collector import fewer_collections
from pipeline.content.index import SiteIndex, Sources, build_index
from pipeline.content.links import rewrite_links
from pipeline.content.syntax import forget_readings
from pipeline.decks.site import site_files as deck_files
from pipeline.errors import ContentError, LipError, ProblemsError
from pipeline.feeds.site import site_files as digest_files
from pipeline.fsio import atomic_write_bytes, atomic_write_text, folder_mode
from pipeline.leads.site import site_files as lead_files
from pipeline.portfolio.home import home_showcase
from pipeline.portfolio.site import site_files as portfolio_files
from pipeline.project import BuildContext, Project
from pipeline.publish.read import read_site
from pipeline.records import OutputFile, Post, StageResult
from pipeline.settings import Settings
from pipeline.writer import claim_outputs, sync_folder

SITE_STAGES: tuple[Callable[[BuildContext], StageResult], ...] = (
    deck_files, cheatsheet_files, digest_files, lead_files, portfolio_files,
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


@dataclass(frozen=True)
class Rendered:
    """Everything a build would write, validated: the docs folder and the repository's own files."""

    files: dict[PurePosixPath, OutputFile]
    project_files: dict[PurePosixPath, OutputFile]
    report: BuildReport


def render_docs(
    project: Project, *, now: datetime | None = None, serve: bool = False,
    check: bool = False, keep_going: bool = False, on_stage: Callable[[str], None] = lambda name: None,
) -> tuple[dict[PurePosixPath, OutputFile], BuildReport]:
    """The docs folder's files and the report (see `render_site`); writes nothing but caches."""
    rendered = render_site(project, now=now, serve=serve, check=check, keep_going=keep_going,
                           on_stage=on_stage)
    return rendered.files, rendered.report


def render_site(
    project: Project, *, now: datetime | None = None, serve: bool = False,
    check: bool = False, keep_going: bool = False, on_stage: Callable[[str], None] = lambda name: None,
) -> Rendered:
    """Read, index and render everything; raise every problem together unless `keep_going`.
    `on_stage(name)` is told as each stage starts (for a progress display)."""
    started = time.perf_counter()
    now = now or datetime.now(timezone.utc)
    settings = project.settings()
    cache = Cache(project.cache / "notes", readonly=check)
    on_stage("notes and notebooks")
    posts, index, result = read_site(project, settings, now, serve, cache, check=check)
    links = Cache(project.cache / "links", readonly=check)
    sources = Sources(project, settings, posts, now, serve)
    kept, index, page_result = linked_pages(sources, index, links, keep_going, result.errors)
    result = without_attached(result, posts, kept, page_result.errors)
    posts = kept
    result += page_result + blog_files(project, posts, settings, now, index, links)
    ctx = BuildContext(project, settings, posts, now, serve=serve, check=check, index=index)
    for stage in SITE_STAGES:
        on_stage(stage.__module__.removesuffix(".site").rsplit(".", 1)[-1])  # pipeline.<stage>.site
        result += stage(ctx)
    files, conflicts = claim_outputs(result.files)
    project_files, project_conflicts = claim_outputs(result.project_files)
    problems = list(result.errors) + conflicts + project_conflicts
    if problems and not (keep_going and not conflicts + project_conflicts):
        raise ProblemsError(problems)
    report = BuildReport(
        posts=len(posts), converted=result.converted + cache.misses,
        cached=result.cached + cache.hits, notices=result.notices, skipped=tuple(problems),
        render_seconds=time.perf_counter() - started,
    )
    return Rendered(files, project_files, report)


@fewer_collections()  # a build keeps most of what it makes until it ends
def build(project: Project, *, now: datetime | None = None, keep_going: bool = False,
          on_stage: Callable[[str], None] = lambda name: None) -> BuildReport:
    """Validate everything, then write: the docs folder, `site/` (MkDocs, strict, swapped in),
    and only after both succeeded the repository files stages hand over (`content/cards.lock`)."""
    rendered = render_site(project, now=now, keep_going=keep_going, on_stage=on_stage)
    forget_readings()  # their memory goes to MkDocs instead of adding to the build's peak
    report = rendered.report
    written, removed = sync_folder(project.docs, rendered.files)
    stamp = site_stamp(project, rendered.files)
    stamp_file = project.cache / "site.stamp"
    if project.site.is_dir() and stamp_file.is_file() and stamp_file.read_text() == stamp:
        write_project_files(project, rendered.project_files)
        return replace(report, mkdocs_skipped=True)  # site/ was built from exactly these inputs
    started = time.perf_counter()
    stamp_file.unlink(missing_ok=True)
    on_stage("mkdocs")
    from pipeline.publish.mkdocs_build import run_mkdocs  # slow import: only when MkDocs runs

    run_mkdocs(project, project.settings(), rendered.files)
    folder_mode(project.site)
    atomic_write_text(stamp_file, stamp)
    write_project_files(project, rendered.project_files)
    return replace(report, written=written, removed=removed, mkdocs_seconds=time.perf_counter() - started)


def write_project_files(project: Project, files: dict[PurePosixPath, OutputFile]) -> None:
    """Each repository file, atomically and only when its bytes changed."""
    for rel, file in sorted(files.items()):
        target = project.root / rel
        if not (target.is_file() and target.read_bytes() == file.data):
            atomic_write_bytes(target, file.data)


def site_stamp(project: Project, files: dict[PurePosixPath, OutputFile]) -> str:
    """What `site/` depends on: every docs file, mkdocs.yml, the settings and the theme's version."""
    parts = [f"{path}\0{hashlib.sha256(f.data).hexdigest()}" for path, f in sorted(files.items())]
    configs = [p.read_bytes() for p in (project.mkdocs_yml, project.pyproject) if p.is_file()]
    versions = [metadata.version(name) for name in ("mkdocs", "mkdocs-material", "learn-in-public")]
    return digest(*parts, *configs, *versions, code_version())


def post_pages(posts: tuple[Post, ...], index: SiteIndex, settings: Settings, cache: Cache) -> StageResult:
    """Each post's page, its links resolved through the index, and the content files it links to;
    a post with a broken link has no page and brings no file (what `--keep-going` skips is left out)."""
    files, errors = [], []
    for post in posts:
        body, assets, problems = linked_body(post, index, cache)
        errors += problems
        if not problems:
            files.append(post_page(replace(post, body=body), settings, cache))
            files += [OutputFile(route, src.read_bytes(), str(src)) for src, route in assets]
    return StageResult(files=tuple(files), errors=tuple(errors))


def post_page(post: Post, settings: Settings, cache: Cache) -> OutputFile:
    """The post's page (`post` with its links resolved), made once per distinct post and settings."""
    key = digest("post-page", repr(post), repr(settings))
    return cache.get_or_make(key, lambda: pages.post_page(post, settings))


def linked_body(post: Post, index: SiteIndex, cache: Cache):
    """(body with resolved links, content files it uses, problems), from the cache when the post
    and the index are unchanged and every file it uses is still there; results with problems are
    never kept (creating the missing file must fix them)."""
    key = digest("post-links", str(post.source), str(post.output), str(post.body_line), post.body,
                 repr(post.cells), index.fingerprint)
    kept = cache.get(key)
    if kept is not MISSING and all(src.is_file() for src, _ in kept[1]):
        return kept[0], kept[1], ()
    done = rewrite_links(post.body, post.source, post.body_line, post.output, index)
    # a notebook's cells are read one by one only to name a problem the whole body has by cell
    problems = cell_errors(post, index) if post.cells and done.errors else list(done.errors)
    if not problems:
        cache.put(key, (done.body, done.assets))
    return done.body, done.assets, tuple(problems)


def linked_pages(
    sources: Sources, index: SiteIndex, cache: Cache, keep_going: bool, read: tuple[LipError, ...] = ()
) -> tuple[tuple[Post, ...], SiteIndex, StageResult]:
    """The post pages, and the posts and index they were made with. With `keep_going`, posts with
    a problem (a broken link, or one found while reading: `read`) are taken off the site and the
    others linked again without them, until none links to a post that is not there (a link to a
    skipped post is a broken link too)."""
    posts, settings = sources.posts, sources.settings
    result = post_pages(posts, index, settings, cache)
    errors: tuple[LipError, ...] = ()
    while keep_going and (failed := _named(read + result.errors) & {p.source for p in posts}):
        errors += result.errors
        posts = tuple(p for p in posts if p.source not in failed)
        sources = replace(sources, posts=posts, skipped=sources.skipped | {p.resolve() for p in failed})
        index = build_index(sources)
        result = post_pages(posts, index, settings, cache)
    return posts, index, replace(result, errors=errors + result.errors)


def without_attached(
    result: StageResult, posts: tuple[Post, ...], kept: tuple[Post, ...], errors: tuple[LipError, ...]
) -> StageResult:
    """`result` without the files (a notebook's images and download) of the posts not kept or
    named by an error, so nothing of a skipped post is published."""
    skipped = {p.source for p in posts} - {p.source for p in kept} | _named(errors)
    attached = {path for post in posts if post.source in skipped for path in post.attached}
    return replace(result, files=tuple(f for f in result.files if f.path not in attached))


def _named(errors: tuple[LipError, ...]) -> set[Path]:
    return {e.path for e in errors if isinstance(e, ContentError)}


def cell_errors(post: Post, index: SiteIndex) -> list[LipError]:
    """A notebook's broken links, named by Markdown cell and line."""
    errors: list[LipError] = []
    for number, text in post.cells:
        for error in rewrite_links(text, post.source, 1, post.output, index).errors:
            errors.append(ContentError(post.source, f"cell {number}, line {error.line}: {error.message}"))
    return errors


def blog_files(
    project: Project, posts: tuple[Post, ...], settings: Settings, now: datetime, index: SiteIndex,
    cache: Cache,
) -> StageResult:
    """Blog and tags indexes, authors, home page, feed and the theme's assets (what is made per
    post, a feed entry or a card count, is kept in `cache`)."""
    avatar = settings.avatar or "assets/avatar.svg"
    about = project.content / "about.md"
    text = about.read_text("utf-8") if about.is_file() else ""
    done = rewrite_links(text, about, 1, home.HOME, index)  # about.md's links, pointed from the home page
    files = [pages.blog_index(), pages.tags_page(), pages.authors_file(posts, settings, avatar)]
    files += [home.home_page(posts, settings, avatar, done.body, home_showcase(project, posts, now, cache))]
    files += [OutputFile(route, src.read_bytes(), str(src)) for src, route in done.assets]
    files += [atom.atom_feed(posts, settings, now, index, cache)]
    if not settings.avatar:
        files.append(pages.avatar_svg(settings.author))
    files += [OutputFile(PurePosixPath("assets") / p.relative_to(THEME).as_posix(), p.read_bytes(), "theme")
              for p in sorted(THEME.rglob("*")) if p.is_file()]
    return StageResult(files=tuple(files), errors=done.errors)
