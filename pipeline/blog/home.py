"""The home page: who the author is, and their latest posts."""

from __future__ import annotations

import html
import posixpath
from pathlib import PurePosixPath

from pipeline.records import OutputFile, Post
from pipeline.settings import Settings

HOME = PurePosixPath("index.md")


def home_page(posts: tuple[Post, ...], settings: Settings, avatar: str, about: str = "",
              showcase: tuple[str, str] = ("", "")) -> OutputFile:
    """`index.md`: avatar, name, bio, social links, an optional about text, featured projects,
    the latest posts and the activity calendar (`showcase`: Markdown from the portfolio stage)."""
    lines = [
        "---", "hide:", "  - navigation", "  - toc", "---", "",
        '<div class="lip-hero" markdown>',
        f'![{html.escape(settings.author)}]({avatar}){{ .lip-avatar width="96" height="96" }}',
        "", f"# {settings.author}", "",
    ]
    if settings.bio:
        lines += [settings.bio, ""]
    if settings.social:
        links = " · ".join(f"[{html.escape(s.name)}]({s.url})" for s in settings.social)
        lines += [links, ""]
    lines += ["</div>", ""]
    if about.strip():
        lines += [about.strip(), ""]
    featured, activity = showcase
    if featured:
        lines += [featured, ""]
    lines += ["## Latest posts", ""]
    lines += latest_posts_list(posts, settings.latest_posts) or ["Nothing published yet."]
    lines += ["", "[All posts](blog/index.md) · [Tags](tags.md) · [Atom feed](feed.xml)", ""]
    if activity:
        lines += [activity, ""]
    return OutputFile(HOME, "\n".join(lines).encode("utf-8"), "home")


def latest_posts_list(posts: tuple[Post, ...], count: int) -> list[str]:
    newest = sorted(posts, key=lambda p: (p.date, p.slug), reverse=True)[:count]
    items = []
    for post in newest:
        link = posixpath.relpath(str(post.output), str(HOME.parent))
        summary = f" — {post.description}" if post.description else ""
        items.append(f"- **[{_inline(post.title)}]({link})** · {post.date:%Y-%m-%d}{summary}")
    return items


def _inline(text: str) -> str:
    """Title text safe inside a Markdown link label."""
    return html.escape(text).replace("[", "\\[").replace("]", "\\]")
