"""Relative links in notes: checked against `content/` and rewritten to where their targets land
in the docs folder. A link to nothing is a `ContentError` on its line; code is never touched."""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Mapping
from urllib.parse import unquote

from pipeline.content.syntax import read_markdown, replace_spans
from pipeline.errors import ContentError

_EXTERNAL = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*:|#|/)")
MEDIA = PurePosixPath("media")


@dataclass(frozen=True)
class Rewritten:
    body: str
    assets: tuple[tuple[Path, PurePosixPath], ...]  # (file in content/, path in docs folder)
    errors: tuple[ContentError, ...]


def rewrite_links(
    body: str, source: Path, body_line: int, output: PurePosixPath,
    content: Path, routes: Mapping[Path, PurePosixPath | None],
) -> Rewritten:
    """Point every relative link of `body` (from `source`) at its target's docs-folder path.

    `routes` maps resolved source files to their output paths (posts, cheatsheets); any other
    existing file under `content/` is an asset copied to `media/<its path in content>`.
    """
    assets: dict[Path, PurePosixPath] = {}
    errors: list[ContentError] = []

    def target_for(bare: str, line: int) -> str | None:
        if not bare or _EXTERNAL.match(bare):
            return None
        path_part, sep, fragment = (re.split(r"([#?])", bare, maxsplit=1) + ["", ""])[:3]
        resolved = (source.parent / unquote(path_part)).resolve()
        if resolved in routes and routes[resolved] is None:
            errors.append(ContentError(source, f"link {bare!r} points at a draft or future post", line))
            return None
        if resolved in routes:
            route = routes[resolved]
        elif resolved.is_file() and resolved.is_relative_to(content.resolve()):
            route = MEDIA / resolved.relative_to(content.resolve()).as_posix()
            assets[resolved] = route
        else:
            errors.append(ContentError(source, f"broken link {bare!r}: no such file", line))
            return None
        return posixpath.relpath(route, output.parent) + sep + fragment

    reading = read_markdown(body)
    changes = {}
    for link in reading.links:
        new = target_for(link.target, body_line + link.line)
        if new is not None:
            changes[link.start, link.end] = f"<{new}>" if " " in new or reading.text[link.start] == "<" else new
    return Rewritten(replace_spans(reading.text, changes), tuple(assets.items()), tuple(errors))
