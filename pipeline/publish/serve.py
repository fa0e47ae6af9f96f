"""`lip serve`: a warm preview server that rebuilds what an edit touches.

One process renders `content/` (drafts and future posts included), builds the site with MkDocs
in the same process and serves it on the address given, with live reload. On every change under
`content/` (or to `mkdocs.yml` / `pyproject.toml`) it renders again, writes only the docs files
whose bytes changed, and runs MkDocs again in the same warm process: the `lip` plugin hands
MkDocs the cached HTML of every page and excerpt that did not change, and reuses the pages whose
template inputs are unchanged, so only the edited pages and the index pages that list them are
rendered. A failed rebuild keeps the last good pages served and says what is wrong in one line
per problem, naming the user's source file and line, never a path of the generated docs folder.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path, PurePosixPath

import click
from mkdocs.livereload import LiveReloadServer

from pipeline.errors import ContentError, LipError
from pipeline.project import Project
from pipeline.publish.build import render_docs
from pipeline.publish.mkdocs_build import build_site, check_links, mkdocs_config
from pipeline.publish.origins import origins_of
from pipeline.records import OutputFile
from pipeline.writer import sync_folder

# Seconds between looks at the watched files. (System file events would also report every read
# of a file, and a build reads them all: each build would start the next one.)
POLL_SECONDS = 0.1


class Preview:
    """Renders and builds the preview site into `site_dir`; keeps what a next build can reuse."""

    def __init__(self, project: Project, site_dir: Path, url: str) -> None:
        self.project, self.site_dir, self.url = project, site_dir, url

    def rebuild(self) -> bool:
        """Render and build once; print what failed. True when the site was updated."""
        started = time.perf_counter()
        try:
            files, report = render_docs(self.project, serve=True, keep_going=True)
        except LipError as exc:
            return _failed(exc)
        for problem in report.skipped:
            click.secho(f"skipped: {problem}", fg="yellow", err=True)
        files = without_sources(files, report.skipped)
        sync_folder(self.project.docs, files)
        rendered = time.perf_counter()
        origins = origins_of(self.project, files)
        try:
            config = mkdocs_config(self.project, self.project.settings(), site_dir=str(self.site_dir),
                                   site_url=self.url)
            warnings = build_site(config, origins, serve_url=self.url)
            check_links(config, origins)
        except LipError as exc:
            return _failed(exc)
        for warning in warnings:
            click.secho(f"warning: {warning}", fg="yellow", err=True)
        done = time.perf_counter()
        click.echo(f"{time.strftime('%H:%M:%S')} rebuilt in {done - started:.2f}s "
                   f"(render {rendered - started:.2f}s, mkdocs {done - rendered:.2f}s)")
        return True


def without_sources(files: dict[PurePosixPath, OutputFile], problems) -> dict[PurePosixPath, OutputFile]:
    """Leave out every file made from a source that has a problem: skipped means not previewed."""
    bad = {Path(p.path).resolve() for p in problems if isinstance(p, ContentError)}
    if not bad:
        return files
    return {path: f for path, f in files.items() if Path(f.source).resolve() not in bad}


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
