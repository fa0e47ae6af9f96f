"""The read phase of a build: every note and notebook read once, the site index, and what failed.

Shared by `lip build`, `lip check`, `lip serve` and `lip decks` (which needs only this phase), so
it imports no stage's site module, no MkDocs, no PyGitHub and no nbconvert exporter at import
time. Never writes into the docs folder; the only thing it writes is the notes cache.
"""

from __future__ import annotations

from datetime import datetime

from pipeline.cache import Cache, digest
from pipeline.content.index import SiteIndex, Sources, build_index
from pipeline.content.posts import read_note
from pipeline.errors import ContentError, LipError
from pipeline.notebooks.posts import read_notebook_posts
from pipeline.project import Project
from pipeline.records import Post, StageResult
from pipeline.settings import Settings
from pipeline.wording import counted

NOTES = "notes"  # the notes cache's one entry: note key -> Post


def read_site(
    project: Project, settings: Settings, now: datetime, serve: bool = False,
    cache: Cache | None = None, check: bool = False,
) -> tuple[tuple[Post, ...], SiteIndex, StageResult]:
    """The read phase: every note and notebook read once, the site index, and what failed."""
    cache = cache or Cache(project.cache / "notes")
    notes, note_errors = read_notes(project, cache)
    notebook_posts, result = read_notebook_posts(project, settings, now, check=check)
    every = notes + notebook_posts
    result += StageResult(errors=tuple(note_errors) + duplicate_slugs(every))
    index = build_index(Sources(project, settings, every, now, serve))
    held = () if serve else tuple(p for p in every if not p.is_published(now))
    result += StageResult(notices=held_back_notice(project, held))
    return tuple(p for p in every if index.entry(p.source)), index, result


def held_back_notice(project: Project, held: tuple[Post, ...]) -> tuple[str, ...]:
    """One line naming the drafts and future-dated posts this build leaves out (none when none)."""
    if not held:
        return ()
    drafts = sum(1 for p in held if p.draft)
    kinds = [counted(drafts, "draft")] if drafts else []
    kinds += [counted(len(held) - drafts, "post dated in the future", "posts dated in the future")] \
        if len(held) > drafts else []
    names = ", ".join(project.relative(p.source) for p in held)
    return (f"skipped {' and '.join(kinds)} (`lip serve` previews them): {names}",)


def read_notes(project: Project, cache: Cache) -> tuple[tuple[Post, ...], list[LipError]]:
    """Every note under `content/posts/`, parsed once per distinct content and path. The cache
    keeps them in one entry (`NOTES`), rewritten only when a note changed: one file to read and
    write instead of one per note. Its `hits` and `misses` count notes."""
    kept = cache.get_table(NOTES)
    posts, errors, fresh = [], [], {}
    for path in sorted((project.content / "posts").rglob("*.md")):
        key = digest("note", str(path.resolve()), path.read_bytes())
        post = kept.get(key)
        if post is None:
            try:
                post = read_note(path, project.content)
            except LipError as exc:
                errors += getattr(exc, "problems", (exc,))
                continue
            cache.misses += 1
        else:
            cache.hits += 1
        posts.append(post)
        fresh[key] = post
    cache.put_table(NOTES, fresh, kept)
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
