"""`lip serve`: render the docs folder (drafts included), let MkDocs serve it with live reload,
and re-render whenever a file under `content/` changes."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import click
from mkdocs.commands.serve import serve as mkdocs_serve

from pipeline.errors import LipError
from pipeline.project import Project
from pipeline.publish.build import render_docs
from pipeline.writer import sync_folder

POLL_SECONDS = 1.0


def content_state(content: Path) -> tuple[tuple[str, int, int], ...]:
    """A cheap fingerprint of content/: every file's path, size and modification time."""
    return tuple(sorted((str(p), s.st_size, s.st_mtime_ns) for p in content.rglob("*")
                        if p.is_file() and (s := p.stat())))


def render_for_preview(project: Project) -> None:
    try:
        files, _ = render_docs(project, serve=True, keep_going=True)
    except LipError as exc:  # keep serving the last good pages; show what is wrong
        click.secho(f"error: {exc}", fg="red", err=True)
        return
    sync_folder(project.docs, files)


def watch_content(project: Project, stop: threading.Event) -> None:
    seen = content_state(project.content)
    while not stop.wait(POLL_SECONDS):
        now = content_state(project.content)
        if now != seen:
            seen = now
            render_for_preview(project)
            click.echo(f"{time.strftime('%H:%M:%S')} content changed: re-rendered")


def serve_site(project: Project, dev_addr: str) -> None:
    render_for_preview(project)
    stop = threading.Event()
    watcher = threading.Thread(target=watch_content, args=(project, stop), daemon=True)
    watcher.start()
    try:
        mkdocs_serve(str(project.mkdocs_yml), livereload=True, dev_addr=dev_addr,
                     docs_dir=str(project.docs), site_url=f"http://{dev_addr}/")
    finally:
        stop.set()
