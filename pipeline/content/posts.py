"""Blog posts from Markdown notes: `content/posts/**/*.md` with YAML front matter.

Validation collects every problem of a post (a typo'd key, a bad date, a wrong type) instead of
stopping at the first, so `lip check` can report them all together.
"""

from __future__ import annotations

from datetime import date, datetime, time, timezone
from pathlib import Path, PurePosixPath
from typing import Any, Callable, Iterable

from pipeline.content.frontmatter import Document, parse_document
from pipeline.content.slugs import slugify
from pipeline.content.syntax import read_markdown
from pipeline.errors import ContentError, LipError, ProblemsError
from pipeline.records import Post
from pipeline.settings import did_you_mean

POST_KEYS = ("title", "date", "tags", "categories", "description", "draft", "slug", "authors")
# Keys other stages and MkDocs Material read; passed through untouched in `Post.extra`.
EXTRA_KEYS = (
    "updated", "deck", "cheatsheet", "execute", "kernel", "pin", "readtime", "links", "hide",
    "search", "comments", "image", "colab", "binder", "github", "download", "cards",
)
KNOWN_KEYS = POST_KEYS + EXTRA_KEYS
BLOG_POSTS = PurePosixPath("blog/posts")


def read_note(path: Path, content: Path) -> Post:
    """Read one note under `content/posts/` into a `Post`, or raise its problems together."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ContentError(path, f"not UTF-8 text (byte {exc.start})") from None
    document = parse_document(text, path)
    output_dir = BLOG_POSTS / path.parent.relative_to(content / "posts").as_posix()
    return post_from_document(document, output_dir, fallback_title=lambda: first_heading(document.body))


def post_from_document(
    doc: Document, output_dir: PurePosixPath, fallback_title: str | Callable[[], str | None] | None = None,
    kind: str = "note",
) -> Post:
    """Validate front matter into a `Post`; every problem of the document is raised at once.
    `fallback_title` (or what it returns: a body is read only when its title is needed) stands in
    for a missing title."""
    problems: list[LipError] = []

    def check(key: str, convert, default):
        if key not in doc.meta:
            return default
        try:
            return convert(doc.meta[key])
        except ValueError as exc:
            problems.append(ContentError(doc.path, f"{key}: {exc}", doc.line_of(key)))
            return default

    problems += unknown_key_problems(doc)
    title = check("title", _text, None) or (fallback_title() if callable(fallback_title) else fallback_title)
    if not title:
        problems.append(ContentError(doc.path, "missing 'title' (and no '# heading' to use)", 1))
    if "date" not in doc.meta:
        problems.append(ContentError(doc.path, "missing 'date' (e.g. date: 2026-01-31)", 1))
    when = check("date", parse_date, None)
    # The file name, not the title, names the URL: rewording a title never breaks a link.
    slug = check("slug", _slug, None) or slugify(doc.path.stem) or slugify(title or "") or "post"
    post = Post(
        source=doc.path,
        title=title or "",
        date=when or datetime.min.replace(tzinfo=timezone.utc),
        slug=slug,
        body=doc.body,
        output=output_dir / f"{slug}.md",
        body_line=doc.body_line,
        tags=check("tags", _names, ()),
        categories=check("categories", _names, ()),
        description=check("description", _text, ""),
        draft=check("draft", _flag, False),
        authors=check("authors", _names, ()),
        updated=check("updated", parse_date, None),
        kind=kind,
        extra={k: v for k, v in doc.meta.items() if k in EXTRA_KEYS},
    )
    if problems:
        raise ProblemsError(problems)
    return post


def unknown_key_problems(doc: Document) -> list[LipError]:
    """An unknown key close to a known one is a typo; other unknown keys pass through."""
    problems: list[LipError] = []
    for key in doc.meta:
        hint = str(key) not in KNOWN_KEYS and did_you_mean(str(key), KNOWN_KEYS)
        if hint:
            problems.append(ContentError(doc.path, f"unknown key {key!r}{hint}", doc.line_of(key)))
    return problems


def parse_date(value: Any) -> datetime:
    """YAML dates, datetimes and ISO strings; naive values are taken as UTC."""
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, date):
        moment = datetime.combine(value, time())
    elif isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value.strip())
        except ValueError:
            raise ValueError(f"{value!r} is not a date (use YYYY-MM-DD)") from None
    else:
        raise ValueError(f"{value!r} is not a date (use YYYY-MM-DD)")
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def first_heading(body: str) -> str | None:
    """The text of the first top-level `# heading` (never a `# comment` inside code)."""
    return next((b.title for b in read_markdown(body).blocks if b.kind == "heading" and b.level == 1), None)


def _text(value: Any) -> str:
    if not isinstance(value, (str, int, float)) or isinstance(value, bool):
        raise ValueError(f"expected text, got {value!r}")
    return str(value).strip()


def _names(value: Any) -> tuple[str, ...]:
    items: Iterable[Any] = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(i, (str, int)) for i in items):
        raise ValueError(f"expected a list of names, got {value!r}")
    return tuple(str(i).strip() for i in items if str(i).strip())


def _flag(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"expected true or false, got {value!r}")
    return value


def _slug(value: Any) -> str:
    slug = slugify(_text(value))
    if not slug:
        raise ValueError(f"{value!r} has no letters or digits to make a URL from")
    return slug
