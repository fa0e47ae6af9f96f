"""Blog pages for MkDocs Material: posts with normalized front matter, index pages, authors."""

from __future__ import annotations

import html
from pathlib import PurePosixPath
from typing import Any

import yaml

from pipeline.blog.excerpt import with_excerpt
from pipeline.blog.flashcards import render_flashcards
from pipeline.content.slugs import slugify
from pipeline.records import OutputFile, Post
from pipeline.settings import Settings

# Front matter keys MkDocs Material itself understands, passed through from the note.
MATERIAL_KEYS = ("pin", "readtime", "hide", "search", "comments")


def author_key(name: str) -> str:
    return slugify(name) or "author"


def post_page(post: Post, settings: Settings) -> OutputFile:
    """The Markdown page the blog plugin reads for `post`."""
    meta: dict[str, Any] = {
        "title": html.escape(post.title),  # MkDocs' templates insert the title unescaped
        "date": {"created": post.date} | ({"updated": post.updated} if post.updated else {}),
        "slug": post.slug,
        "authors": [author_key(a) for a in post.authors or (settings.author,)],
    }
    if post.description:
        meta["description"] = html.escape(post.description)
    if post.tags:
        meta["tags"] = list(post.tags)
    if post.categories:
        meta["categories"] = list(post.categories)
    if post.draft:  # only `lip serve` renders drafts; Material marks them as such
        meta["draft"] = True
    meta |= {k: v for k, v in post.extra.items() if k in MATERIAL_KEYS}
    front = "---\n" + yaml.safe_dump(meta, sort_keys=False, allow_unicode=True) + "---\n\n"
    text = front + with_excerpt(render_flashcards(post.body, post.source))
    return OutputFile(post.output, text.encode("utf-8"), str(post.source))


def authors_file(posts: tuple[Post, ...], settings: Settings, avatar: str) -> OutputFile:
    """`blog/.authors.yml`: the site's author plus anyone a post names."""
    authors = {author_key(settings.author): {
        "name": settings.author, "description": settings.bio or "Author", "avatar": avatar,
    }}
    for name in sorted({a for p in posts for a in p.authors}):
        authors.setdefault(author_key(name), {"name": name, "description": "Author", "avatar": avatar})
    text = yaml.safe_dump({"authors": authors}, sort_keys=False, allow_unicode=True)
    return OutputFile(PurePosixPath("blog/.authors.yml"), text.encode("utf-8"), "settings")


def blog_index() -> OutputFile:
    return OutputFile(PurePosixPath("blog/index.md"), b"# Blog\n", "blog")


def tags_page() -> OutputFile:
    text = "# Tags\n\nEvery post, by tag.\n\n<!-- material/tags -->\n"
    return OutputFile(PurePosixPath("tags.md"), text.encode("utf-8"), "blog")


def avatar_svg(name: str) -> OutputFile:
    """A default avatar with the author's initials, so the site needs no image from elsewhere."""
    initials = "".join(w[0] for w in name.split()[:2]).upper() or "?"
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64" role="img" '
        f'aria-label="{html.escape(name)}"><circle cx="32" cy="32" r="32" fill="#3f51b5"/>'
        '<text x="32" y="41" font-family="sans-serif" font-size="24" fill="#fff" '
        f'text-anchor="middle">{html.escape(initials)}</text></svg>'
    )
    return OutputFile(PurePosixPath("assets/avatar.svg"), svg.encode("utf-8"), "settings")
