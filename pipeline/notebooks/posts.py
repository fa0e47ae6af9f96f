"""Notebook posts: every notebook under the configured folders, as `Post` records plus the files
(images, downloads) they need in the docs folder."""

from __future__ import annotations

from datetime import datetime

from pipeline.project import Project
from pipeline.records import Post, StageResult
from pipeline.settings import Settings


def read_notebook_posts(project: Project, settings: Settings, now: datetime) -> tuple[tuple[Post, ...], StageResult]:
    return (), StageResult()
