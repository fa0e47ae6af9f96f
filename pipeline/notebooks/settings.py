"""Settings of the notebooks stage: the `[tool.lip.notebooks]` table of pyproject.toml."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class NotebookSettings:
    paths: tuple[str, ...] = ("notebooks",)
    execute: bool = False
    timeout: int = 120
    kernel: str = "python3"
    colab: bool = True
    binder: bool = True
    github: bool = True
    download: bool = True
