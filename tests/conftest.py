"""Shared fixtures: small site repositories copied into a temporary folder for real builds."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"
REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def blog_project(tmp_path: Path) -> Path:
    """A copy of tests/data/blog: three notes (one draft, one future) and a strict mkdocs.yml."""
    root = tmp_path / "site-repo"
    shutil.copytree(DATA / "blog", root)
    return root


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def copy_example(root: Path) -> Path:
    """The repository's own example site (content, mkdocs.yml, settings) copied into `root`."""
    for name in ("content", "mkdocs.yml", "pyproject.toml"):
        source = REPO / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, root / name)
    return root
