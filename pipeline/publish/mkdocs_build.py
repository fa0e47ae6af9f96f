"""Run MkDocs on the generated docs folder, strictly, into a fresh folder; check the links of what
it built; only then swap it into `site/`."""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from pathlib import Path, PurePosixPath
from typing import Mapping

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, ConfigurationError, PluginError
from mkdocs.exceptions import BuildError as MkDocsBuildError

from pipeline.cache import Cache
from pipeline.errors import BuildError, ProblemsError
from pipeline.project import Project
from pipeline.publish.origins import Origins, origins_of
from pipeline.publish.plugin import LipPlugin
from pipeline.publish.sitecheck import broken_links
from pipeline.records import OutputFile
from pipeline.settings import Settings

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def mkdocs_config(project: Project, settings: Settings, plugin: LipPlugin | None = None, **overrides):
    """The user's mkdocs.yml, with the paths and URLs that lip owns filled in, and lip's plugin."""
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
    return with_lip_plugin(config, project, plugin)


def with_lip_plugin(config, project: Project, plugin: LipPlugin | None = None):
    """Add the `lip` plugin (cached renders) unless the user's mkdocs.yml already lists it.

    A caller that builds again and again (`lip serve`) passes the same `plugin` every time.
    """
    if "lip" not in config.plugins:
        if plugin is None:
            plugin = LipPlugin()
        plugin.load_config({"cache_dir": str(project.cache)}, str(project.mkdocs_yml))
        config.plugins["lip"] = plugin
    return config


def run_mkdocs(project: Project, settings: Settings,
               files: Mapping[PurePosixPath, OutputFile] | None = None) -> None:
    """Build into a sibling temporary folder and check its links; only a sound build replaces `site/`.

    `files` (the docs folder as rendered) lets messages name the user's sources, not docs paths.
    """
    origins = origins_of(project, files or {})
    temp = Path(tempfile.mkdtemp(prefix=".site-", dir=project.root))
    try:
        config = mkdocs_config(project, settings, site_dir=str(temp))
        config.plugins["lip"].config.previous_site = str(project.site)
        build_site(config, origins)
        check_links(config, origins, Cache(project.cache / "sitecheck"))
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)
        raise
    _swap(temp, project.site)


def build_site(config, origins: Origins, serve_url: str | None = None) -> list[str]:
    """One MkDocs build of `config`; returns its warnings, or raises them as one `BuildError`."""
    collect = _Collect()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(collect)
    previous_level = logger.level
    logger.setLevel(logging.WARNING)
    config.plugins.on_startup(command="serve" if serve_url else "build", dirty=False)
    try:
        mkdocs_build(config, serve_url=serve_url)
    except (Abort, ConfigurationError, PluginError, MkDocsBuildError) as exc:
        detail = "; ".join(collect.messages) or str(exc)
        raise BuildError(origins.explain(f"mkdocs build failed: {detail}")) from None
    finally:
        logger.removeHandler(collect)
        logger.setLevel(previous_level)
        _shut_down(config)
    return [origins.explain(message) for message in collect.messages]


def _shut_down(config) -> None:
    """Let plugins clean up (the blog plugin removes its temporary folder), even after a failure."""
    try:
        config.plugins.on_shutdown()
    except OSError:
        pass  # a plugin that failed before making its folder cannot remove it


def check_links(config, origins: Origins, cache: Cache | None = None) -> None:
    """Every internal link of the built site must reach a file; name the source of each that doesn't."""
    broken = broken_site_links(config, origins, cache)
    if broken:
        raise ProblemsError([BuildError(line) for line in broken])


def broken_site_links(config, origins: Origins, cache: Cache | None = None) -> list[str]:
    """One line per internal link of the built site that reaches no file, naming its source."""
    pages = config.plugins["lip"].pages  # built page -> docs file, recorded by the lip plugin
    source_of = lambda page: origins.source(pages.get(page, page))
    broken = broken_links(Path(config.site_dir), config.site_url or "", cache, source_of)
    return [str(link) for link in broken]


def _swap(new: Path, site: Path) -> None:
    old = site.with_name(".site-old")
    shutil.rmtree(old, ignore_errors=True)
    if site.exists():
        site.rename(old)
    new.rename(site)
    shutil.rmtree(old, ignore_errors=True)
