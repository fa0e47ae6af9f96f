"""`lip new post`: a new note with valid front matter."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import yaml

from pipeline.content.slugs import slugify
from pipeline.errors import LipError
from pipeline.project import Project


def new_post_text(title: str, when: date) -> str:
    meta = {"title": title, "date": when, "tags": [], "categories": [], "description": "", "draft": True}
    front = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, default_flow_style=None)
    return f"---\n{front}---\n\nWrite here. Set `draft: false` when it is ready to publish.\n"


def write_new_post(project: Project, title: str, when: date) -> Path:
    """Create `content/posts/<slug>.md`; never overwrites an existing file."""
    return create_from_title(project, "posts", title, new_post_text(title, when))


def create_from_title(project: Project, folder: str, title: str, text: str) -> Path:
    """Write `text` to `content/<folder>/<slug of title>.md`, refusing to overwrite anything."""
    slug = slugify(title)
    if not slug:
        raise LipError(f"title {title!r} has no letters or digits to make a file name from")
    path = project.content / folder / f"{slug}.md"
    if path.exists():
        raise LipError(f"{project.relative(path)} already exists; choose another title")
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as handle:
        handle.write(text)
    return path
