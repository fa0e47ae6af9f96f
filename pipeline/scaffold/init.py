"""`lip init DIR`: write a new site repository that builds and publishes as it is.

Refuses a folder that holds anything, so it can never overwrite a user's file; writes every
file atomically, and only after all of them rendered.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path, PurePosixPath

from pipeline.errors import LipError
from pipeline.fsio import atomic_write_text
from pipeline.scaffold.doctor import origin_url
from pipeline.scaffold.templates import (
    REQUIRED_WORKFLOWS,
    WORKFLOWS,
    SiteFacts,
    default_requirement,
    pages_url,
    project_name,
    site_files,
)


def init_site(
    target: Path, *, author: str = "Your Name", repo_url: str = "", site_url: str = "",
    branch: str = "main", requirement: str | None = None, today: date | None = None,
) -> list[Path]:
    """Write a new site into `target` (missing or empty); return the files written."""
    refuse_non_empty(target)
    facts = SiteFacts(
        name=project_name(target.resolve().name), author=author, repo_url=repo_url,
        site_url=site_url or pages_url(repo_url), branch=branch,
        requirement=requirement or default_requirement(origin_url), today=today or date.today(),
    )
    return write_files(target, site_files(facts))


def refuse_non_empty(target: Path) -> None:
    if target.exists() and not target.is_dir():
        raise LipError(f"{target}: is a file; `lip init` needs a new or empty folder")
    if target.is_dir() and any(target.iterdir()):
        raise LipError(f"{target}: folder is not empty; `lip init` only writes into a new or empty folder")


def write_files(target: Path, files: dict[PurePosixPath, str]) -> list[Path]:
    written = []
    for relative, text in sorted(files.items()):
        path = target.joinpath(*relative.parts)
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_text(path, text)
        written.append(path)
    return written


def rewrite_workflows(root: Path, branch: str) -> list[Path]:
    """Write the workflows lip ships into an existing site (`lip doctor --fix`): the required
    ones, and the optional ones the site already has."""
    folder = PurePosixPath(".github", "workflows")
    wanted = {folder / name for name in WORKFLOWS
              if name in REQUIRED_WORKFLOWS or root.joinpath(*folder.parts, name).exists()}
    files = site_files(replace(SiteFacts(name="site"), branch=branch))
    return write_files(root, {path: text for path, text in files.items() if path in wanted})
