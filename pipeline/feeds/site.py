"""What the feeds stage adds to the generated docs folder: the digest pages and their Atom feed.

Reads only the published digests under `content/digests/` (never the network, never SQLite), so
an offline `lip build` always works and shows exactly what was published.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from pipeline.errors import ContentError
from pipeline.feeds.digest import load_digest
from pipeline.feeds.opml import read_followed
from pipeline.feeds.render import atom_feed, digest_page, index_page
from pipeline.project import BuildContext, Project
from pipeline.records import OutputFile, StageResult
from pipeline.settings import Settings


def site_files(ctx: BuildContext) -> StageResult:
    """`digest/index.md` (latest + archive, or a visitor's empty state), one page per digest,
    `digest/feed.xml`."""
    feeds = ctx.settings.feeds
    folder = ctx.project.content / feeds.digests
    digests, errors = [], []
    for path in sorted(folder.glob("*.json")) if folder.is_dir() else ():
        try:
            digests.append(load_digest(path))
        except ContentError as exc:
            errors.append(exc)
    newest = tuple(sorted(digests, key=lambda d: d.day))
    digests = newest[-feeds.site_digests:] if feeds.site_digests > 0 else ()
    source = ctx.project.relative(folder)
    files = [_file("digest/index.md", index_page(digests, feeds.summary_chars, "feed.xml"), source)]
    files += [_file(f"digest/{d.day.isoformat()}.md", digest_page(d, feeds.summary_chars), source)
              for d in digests]
    title = f"Digest of {ctx.settings.author}" if ctx.settings.author else "Digest"
    feed = atom_feed(digests, ctx.settings.base_url, title, feeds.summary_chars)
    files.append(_file("digest/feed.xml", feed, source))
    return StageResult(files=tuple(files), errors=tuple(errors))


def _file(path: str, text: str, source: str) -> OutputFile:
    return OutputFile(PurePosixPath(path), text.encode("utf-8"), source)


def digest_status(project: Project, settings: Settings | None = None) -> str | None:
    """For `lip doctor`: what the owner should do when the Digest page has nothing to show, or
    None when a digest is published. Reads the OPML and the digests folder only."""
    feeds = (settings or project.settings()).feeds
    if any((project.content / feeds.digests).glob("*.json")):
        return None
    opml = project.content / feeds.opml
    if not opml.is_file() or not read_followed(opml):
        return ("the Digest page shows visitors an empty state: follow people first (`lip follow URL`, "
                f"into content/{feeds.opml}), then `lip feeds update` and `lip digest` "
                "(the daily workflow runs both)")
    return ("the Digest page shows visitors an empty state: no digest published yet; run "
            "`lip feeds update` then `lip digest` (the daily workflow runs both)")
