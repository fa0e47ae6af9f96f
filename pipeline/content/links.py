"""Relative links in notes: checked against `content/` and rewritten to where their targets land
in the docs folder. A link to nothing is a `ContentError` on its line; code is never touched."""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Mapping
from urllib.parse import unquote

from pipeline.content.syntax import map_lines_outside_fences, map_outside_code_spans
from pipeline.errors import ContentError

_INLINE = re.compile(r"(!?\[[^\]]*\]\()(<[^>]*>|[^)\s]+)")
_REFERENCE = re.compile(r"^(\s{0,3}\[[^\]^][^\]]*\]:\s*)(\S+)")
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

    def target_for(link: str, line: int) -> str:
        bare = link[1:-1] if link.startswith("<") else link
        if not bare or _EXTERNAL.match(bare):
            return link
        path_part, sep, fragment = (re.split(r"([#?])", bare, maxsplit=1) + ["", ""])[:3]
        resolved = (source.parent / unquote(path_part)).resolve()
        if resolved in routes and routes[resolved] is None:
            errors.append(ContentError(source, f"link {bare!r} points at a draft or future post", line))
            return link
        if resolved in routes:
            route = routes[resolved]
        elif resolved.is_file() and resolved.is_relative_to(content.resolve()):
            route = MEDIA / resolved.relative_to(content.resolve()).as_posix()
            assets[resolved] = route
        else:
            errors.append(ContentError(source, f"broken link {bare!r}: no such file", line))
            return link
        return posixpath.relpath(route, output.parent) + sep + fragment

    body = map_lines_outside_fences(
        body, lambda index, line: _rewrite_line(line, lambda link: target_for(link, body_line + index)))
    return Rewritten(body, tuple(assets.items()), tuple(errors))


def _rewrite_line(line: str, target_for) -> str:
    reference = _REFERENCE.match(line)
    if reference:
        return reference.group(1) + target_for(reference.group(2)) + line[reference.end():]
    return map_outside_code_spans(
        line, lambda part: _INLINE.sub(lambda m: m.group(1) + target_for(m.group(2)), part))
