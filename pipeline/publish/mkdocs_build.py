"""Run MkDocs on the generated docs folder, strictly, into a fresh folder swapped into `site/`."""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, ConfigurationError

from pipeline.errors import BuildError
from pipeline.project import Project
from pipeline.publish.plugin import LipPlugin
from pipeline.settings import Settings

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def mkdocs_config(project: Project, settings: Settings, **overrides):
    """The user's mkdocs.yml, with the paths and URLs that lip owns filled in."""
    values = {"docs_dir": str(project.docs), "site_dir": str(project.site), "strict": True}
    if settings.site_url:
        values["site_url"] = settings.site_url
    # repo_url is deliberately not given to MkDocs: Material's repository widget would make every
    # visitor's browser ask api.github.com for stars and forks. Link the repository in `social`.
    values["site_author"] = settings.author
    values |= overrides
    try:
        config = load_config(str(project.mkdocs_yml), **values)
    except (ConfigurationError, Abort) as exc:
        raise BuildError(f"{project.mkdocs_yml}: {exc}") from None
    return with_lip_plugin(config, project)


def with_lip_plugin(config, project: Project):
    """Add the `lip` plugin (cached renders) unless the user's mkdocs.yml already lists it."""
    if "lip" not in config.plugins:
        plugin = LipPlugin()
        plugin.load_config({"cache_dir": str(project.cache)}, str(project.mkdocs_yml))
        config.plugins["lip"] = plugin
    return config


def run_mkdocs(project: Project, settings: Settings) -> None:
    """Build into a sibling temporary folder; only a complete build replaces `site/`."""
    temp = Path(tempfile.mkdtemp(prefix=".site-", dir=project.root))
    collect = _Collect()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(collect)
    previous_level = logger.level
    logger.setLevel(logging.WARNING)
    try:
        mkdocs_build(mkdocs_config(project, settings, site_dir=str(temp)))
    except (Abort, ConfigurationError) as exc:
        shutil.rmtree(temp, ignore_errors=True)
        detail = "; ".join(collect.messages) or str(exc)
        raise BuildError(f"mkdocs build failed: {detail}") from None
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)
        raise
    finally:
        logger.removeHandler(collect)
        logger.setLevel(previous_level)
    _swap(temp, project.site)


def _swap(new: Path, site: Path) -> None:
    old = site.with_name(".site-old")
    shutil.rmtree(old, ignore_errors=True)
    if site.exists():
        site.rename(old)
    new.rename(site)
    shutil.rmtree(old, ignore_errors=True)
