"""Where things live in a learn-in-public repository, and the context every stage receives."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.errors import LipError
from pipeline.records import Post
from pipeline.settings import Settings, load_settings

if TYPE_CHECKING:
    from pipeline.content.index import SiteIndex


@dataclass(frozen=True)
class Project:
    """The paths of one site repository. Only `root` is chosen; the rest is convention."""

    root: Path

    @property
    def content(self) -> Path:
        return self.root / "content"

    @property
    def mkdocs_yml(self) -> Path:
        return self.root / "mkdocs.yml"

    @property
    def pyproject(self) -> Path:
        return self.root / "pyproject.toml"

    @property
    def docs(self) -> Path:
        """The generated MkDocs docs folder: ignored by git, never edited by hand."""
        return self.root / "build" / "docs"

    @property
    def site(self) -> Path:
        return self.root / "site"

    @property
    def cache(self) -> Path:
        """Conversion caches: safe to delete, kept between CI runs to save time."""
        return self.root / ".lip" / "cache"

    @property
    def state(self) -> Path:
        """Pipeline state (feeds database, leads results): kept between CI runs."""
        return self.root / ".lip" / "state"

    def settings(self) -> Settings:
        return load_settings(self.pyproject)

    def relative(self, path: Path) -> str:
        """`path` as the user sees it in messages: relative to the project root."""
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return str(path)


def find_project(start: Path) -> Project:
    """The nearest folder at or above `start` holding `mkdocs.yml`."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / "mkdocs.yml").is_file():
            return Project(folder)
    raise LipError(f"{start}: no mkdocs.yml here or above; run `lip init DIR` to start a site")


@dataclass(frozen=True)
class BuildContext:
    """What every site stage receives: read-only facts about this build."""

    project: Project
    settings: Settings
    posts: tuple[Post, ...]
    now: datetime
    serve: bool = False
    check: bool = False  # `lip check`: read and validate, write nothing (not even lock files)
    index: SiteIndex | None = None  # the build's site index; made from `posts` when not given

    @cached_property
    def site(self) -> SiteIndex:
        """The one site index: where every source lands and what every relative link means."""
        if self.index is not None:
            return self.index
        from pipeline.content.index import Sources, build_index
        return build_index(Sources(self.project, self.settings, self.posts, self.now, self.serve))
