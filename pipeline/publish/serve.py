"""`lip serve`: a warm preview server that rebuilds what an edit touches.

One process renders `content/` (drafts and future posts included), builds the site with MkDocs
in the same process and serves it on the address given, with live reload. On every change under
`content/` (or to `mkdocs.yml` / `pyproject.toml`) it renders again, writes only the docs files
whose bytes changed, and runs MkDocs again in the same warm process: the `lip` plugin hands
MkDocs the cached HTML of every page and excerpt that did not change, and reuses the pages whose
template inputs are unchanged, so only the edited pages and the index pages that list them are
rendered; and MkDocs writes into the served folder only the files whose bytes change
(`inplace.py`), so an unchanged page is never missing while a build runs. Problems are printed
one line each, naming the user's source file and line, never a path of the generated docs
folder; a post with a problem is skipped and listed on no index page (the `--keep-going` rule of
`render_site`); a failed rebuild keeps the last good pages served.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

import click
from mkdocs.livereload import LiveReloadServer

from pipeline.cache import Cache
from pipeline.errors import ContentError, LipError
from pipeline.project import Project
from pipeline.publish.build import render_docs
from pipeline.publish.inplace import in_place
from pipeline.publish.mkdocs_build import broken_site_links, build_site, mkdocs_config
from pipeline.publish.origins import origins_of
from pipeline.publish.plugin import LipPlugin
from pipeline.writer import sync_folder

# Seconds between looks at the watched files. (System file events would also report every read
# of a file, and a build reads them all: each build would start the next one.)
POLL_SECONDS = 0.1


class Preview:
    """Renders and builds the preview site into `site_dir`; keeps what a next build can reuse."""

    def __init__(self, project: Project, site_dir: Path, url: str) -> None:
        self.project, self.site_dir, self.url = project, site_dir, url
        self.plugin = LipPlugin(warm=True)  # warm across builds: reuses unchanged pages

    def rebuild(self) -> bool:
        """Render and build once; print what failed. True when the site was updated."""
        started = time.perf_counter()
        try:
            files, report = render_docs(self.project, serve=True, keep_going=True)
        except LipError as exc:
            return _failed(exc)
        for problem in report.skipped:
            click.secho(f"skipped: {problem}", fg="yellow", err=True)
        sync_folder(self.project.docs, files)
        rendered = time.perf_counter()
        origins = origins_of(self.project, files)
        try:
            # Not strict: a page with a broken link is still worth previewing; it is reported.
            config = mkdocs_config(self.project, self.project.settings(), self.plugin,
                                   site_dir=str(self.site_dir), site_url=self.url, strict=False)
            with in_place(str(self.site_dir)):  # only the files whose bytes change are written
                warnings = build_site(config, origins, serve_url=self.url)
        except LipError as exc:
            return _failed(exc)
        warnings += broken_site_links(config, origins, Cache(self.project.cache / "sitecheck"))
        reported = {self.project.relative(Path(p.path))
                    for p in report.skipped if isinstance(p, ContentError)}
        for warning in warnings:  # what lip reported about a file already is said once
            if not any(f"'{source}" in warning for source in reported):
                click.secho(f"warning: {warning}", fg="yellow", err=True)
        done = time.perf_counter()
        click.echo(f"{time.strftime('%H:%M:%S')} rebuilt in {done - started:.2f}s "
                   f"(render {rendered - started:.2f}s, mkdocs {done - rendered:.2f}s, "
                   f"{self.plugin.reused} unchanged pages reused)")
        return True


def _failed(exc: LipError) -> bool:
    click.secho("rebuild failed; still serving the last good pages:", fg="red", err=True)
    for line in str(exc).splitlines():
        click.secho(f"  {line}", fg="red", err=True)
    return False


def serve_site(project: Project, dev_addr: str) -> None:
    """Serve the preview on `dev_addr` until interrupted."""
    host, _, port = dev_addr.rpartition(":")
    url = f"http://{host}:{port}/"
    site_dir = Path(tempfile.mkdtemp(prefix="lip-serve-"))
    preview = Preview(project, site_dir, url)
    server = _Server(builder=preview.rebuild, host=host, port=int(port), root=str(site_dir),
                     polling_interval=POLL_SECONDS)
    server.error_handler = lambda code: _error_page(site_dir, code)
    try:
        preview.rebuild()
        for path in (project.content, project.mkdocs_yml, project.pyproject):
            if path.exists():
                server.watch(str(path))
        try:
            server.serve()
        except KeyboardInterrupt:
            pass
        finally:
            server.shutdown()
    finally:
        shutil.rmtree(site_dir, ignore_errors=True)


class _Server(LiveReloadServer):
    def server_activate(self) -> None:
        super().server_activate()
        click.echo(f"ready: serving {self.url} (drafts included); edits under content/ reload the page")


def _error_page(site_dir: Path, code: int) -> bytes | None:
    page = site_dir / f"{code}.html"
    return page.read_bytes() if code in (404, 500) and page.is_file() else None
