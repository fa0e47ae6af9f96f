"""Frozen records passed between stages. No I/O here."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import Any, Mapping

from pipeline.errors import LipError


@dataclass(frozen=True)
class Post:
    """A blog post, from a Markdown note or a notebook, ready to render.

    `body` is Markdown whose relative links are as written, relative to `source` (the site
    index resolves them); `body_line` is the line of `source` where the body starts, so later
    stages can name lines. A notebook post also links to files emitted beside its page
    (`attached`, docs-folder paths) and keeps its Markdown cells (`cells`: number, text) so a
    bad link is named by cell.
    """

    source: Path
    title: str
    date: datetime
    slug: str
    body: str
    output: PurePosixPath
    body_line: int = 1
    tags: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    description: str = ""
    draft: bool = False
    authors: tuple[str, ...] = ()
    updated: datetime | None = None
    kind: str = "note"
    extra: Mapping[str, Any] = field(default_factory=dict)
    attached: tuple[PurePosixPath, ...] = ()
    cells: tuple[tuple[int, str], ...] = ()

    def is_published(self, now: datetime) -> bool:
        """Drafts and future-dated posts are previewed by `lip serve` but never published."""
        return not self.draft and self.date <= now

    @property
    def url_path(self) -> str:
        """The site path MkDocs Material's blog gives this post (`post_url_format`)."""
        return f"blog/{self.date:%Y/%m/%d}/{self.slug}/"


@dataclass(frozen=True)
class OutputFile:
    """One file of the generated docs folder, and the source that claims it."""

    path: PurePosixPath
    data: bytes
    source: str


@dataclass(frozen=True)
class StageResult:
    """What a stage adds to the docs folder, and what went wrong per item."""

    files: tuple[OutputFile, ...] = ()
    errors: tuple[LipError, ...] = ()
    notices: tuple[str, ...] = ()
    converted: int = 0
    cached: int = 0
    # Files of the user's repository outside the docs folder (`content/cards.lock`, ...), paths
    # relative to the project root. Only the final writer writes them, after everything validated.
    project_files: tuple[OutputFile, ...] = ()

    def __add__(self, other: StageResult) -> StageResult:
        return StageResult(
            self.files + other.files,
            self.errors + other.errors,
            self.notices + other.notices,
            self.converted + other.converted,
            self.cached + other.cached,
            self.project_files + other.project_files,
        )
