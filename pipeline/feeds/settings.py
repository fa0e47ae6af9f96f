"""Settings of the feeds stage: the `[tool.lip.feeds]` table of pyproject.toml."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FeedSettings:
    opml: str = "following.opml"
    workers: int = 16
    timeout: float = 20.0
    max_bytes: int = 15 * 1024 * 1024
