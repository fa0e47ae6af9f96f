"""Relative links of a Markdown body, resolved through the site index and rewritten in place.

For a page (`page` set) a link becomes the relative docs-folder path MkDocs resolves; for the
feed (`base` set) it becomes an absolute URL. A link to nothing, or to a draft, is a
`ContentError` on its line; code is never touched (the one Markdown reading decides what is code).
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from pipeline.content.index import SiteIndex
from pipeline.content.syntax import read_markdown, replace_spans
from pipeline.errors import ContentError


@dataclass(frozen=True)
class Rewritten:
    body: str
    assets: tuple[tuple[Path, PurePosixPath], ...]  # (file in content/, path in docs folder)
    errors: tuple[ContentError, ...]


def rewrite_links(
    body: str, source: Path, body_line: int, page: PurePosixPath, index: SiteIndex,
    *, written_for: PurePosixPath | None = None, base: str | None = None, images: bool = True,
) -> Rewritten:
    """Point every relative link of `body` (written in `source`) at its target on the site.

    `page` is the docs path the body lands on; `written_for` the page its links to files
    emitted beside a page were written for (default `page`); with `base`, links become
    `base + URL` instead of relative docs paths; with `images=False`, images are left as written.
    """
    assets: dict[Path, PurePosixPath] = {}
    errors: list[ContentError] = []
    reading = read_markdown(body)
    changes = {}
    for link in reading.links:
        if link.image and not images:
            continue
        target = index.resolve(link.target, source, written_for or page)
        if target is None:
            continue
        if target.problem:
            errors.append(ContentError(source, target.problem, body_line + link.line))
            continue
        if target.media is not None:
            assets[target.media] = target.output
        new = (base + target.url if base is not None else posixpath.relpath(target.output, page.parent)) \
            + target.fragment
        changes[link.start, link.end] = f"<{new}>" if " " in new or reading.text[link.start] == "<" else new
    return Rewritten(replace_spans(reading.text, changes), tuple(assets.items()), tuple(errors))
