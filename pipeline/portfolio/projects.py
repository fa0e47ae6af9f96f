"""`content/projects/*.md`: one file per project, read and validated into `PortfolioProject`s.

Every problem names the file and the line of the key (a missing key: the front matter's first
line). Nothing here writes or asks the network; figures from GitHub come from the store.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import Any

from pipeline.content.frontmatter import Document, parse_document
from pipeline.content.posts import _flag, _names, _text, parse_date
from pipeline.errors import ContentError, LipError, ProblemsError
from pipeline.leads.repos import is_repository
from pipeline.settings import did_you_mean

FOLDER = PurePosixPath("projects")
REQUIRED = ("title", "summary", "date")
KNOWN = (*REQUIRED, "repo", "demo", "image", "tags", "featured")
IMAGE_TYPES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg")
_URL = re.compile(r"^https?://[^\s\"'<>]+$")


@dataclass(frozen=True)
class PortfolioProject:
    """One project: what the card shows, and the story (`body`, Markdown) of its own page."""

    source: Path
    name: str  # the file name without `.md`: the page is projects/<name>/
    title: str
    summary: str
    date: datetime
    body: str
    body_line: int = 1
    repo: str = ""
    demo: str = ""
    image: Path | None = None
    tags: tuple[str, ...] = ()
    featured: bool = False

    @property
    def output(self) -> PurePosixPath:
        return FOLDER / f"{self.name}.md"

    @property
    def url_path(self) -> str:
        return f"{FOLDER}/{self.name}/"

    @property
    def image_output(self) -> PurePosixPath | None:
        return FOLDER / self.name / self.image.name if self.image else None


def read_projects(content: Path) -> tuple[list[PortfolioProject], list[LipError]]:
    """Every project under `content/projects/`, newest first, and every problem found."""
    folder = content / "projects"
    projects, errors = [], []
    for path in sorted(folder.glob("*.md")) if folder.is_dir() else []:
        try:
            projects.append(read_project(path))
        except LipError as exc:
            errors += getattr(exc, "problems", (exc,))
    return sorted(projects, key=lambda p: (p.date, p.name), reverse=True), errors


def read_project(path: Path) -> PortfolioProject:
    doc = parse_document(path.read_text(encoding="utf-8"), path)
    problems = [
        ContentError(path, f"missing {key!r} in the front matter (a project needs {', '.join(REQUIRED)})", 1)
        for key in REQUIRED
        if key not in doc.meta
    ]
    problems += [
        ContentError(path, f"unknown key {key!r}{did_you_mean(str(key), KNOWN)}", doc.line_of(key))
        for key in doc.meta
        if key not in KNOWN
    ]
    values: dict[str, Any] = {}
    for key, check in _CHECKS.items():
        if key in doc.meta:
            try:
                values[key] = check(doc.meta[key], doc)
            except ValueError as exc:
                problems.append(ContentError(path, f"{key}: {exc}", doc.line_of(key)))
    if problems:
        raise ProblemsError(problems)
    return PortfolioProject(source=path, name=path.stem, body=doc.body, body_line=doc.body_line, **values)


def _required_text(value: Any, doc: Document) -> str:
    text = _text(value) if value is not None else ""
    if not text:
        raise ValueError("must not be empty")
    return text


def _repo(value: Any, doc: Document) -> str:
    repo = _text(value).removeprefix("https://github.com/").strip("/")
    if not is_repository(repo):
        raise ValueError(f"{value!r} is not owner/name")
    return repo


def _demo(value: Any, doc: Document) -> str:
    url = _text(value)
    if not _URL.match(url):
        raise ValueError(f"{value!r} is not an http(s) URL")
    return url


def _image(value: Any, doc: Document) -> Path:
    folder = doc.path.parent.resolve()
    image = (folder / _text(value)).resolve()
    if not image.is_relative_to(folder.parent):
        raise ValueError(f"{value!r} is outside content/")
    if image.suffix.lower() not in IMAGE_TYPES:
        raise ValueError(f"{value!r} is not an image ({', '.join(IMAGE_TYPES)})")
    if not image.is_file():
        raise ValueError(f"{value!r}: no such file next to {doc.path.name}")
    return image


def _date(value: Any, doc: Document) -> datetime:
    return parse_date(value)


_CHECKS = {
    "title": _required_text,
    "summary": _required_text,
    "date": _date,
    "repo": _repo,
    "demo": _demo,
    "image": _image,
    "tags": lambda value, doc: _names(value),
    "featured": lambda value, doc: _flag(value),
}
