"""YAML front matter with line numbers, so every mistake names the line it is on."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from pipeline.errors import ContentError


class _Loader(yaml.SafeLoader):
    """Safe YAML whose impossible dates (2026-13-45) stay text, so validation can name the line."""

    def construct_yaml_timestamp(self, node):
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:
            return self.construct_scalar(node)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_yaml_timestamp)


@dataclass(frozen=True)
class Document:
    """A text file split into its front matter and its body."""

    path: Path
    meta: dict[str, Any]
    body: str
    body_line: int = 1
    key_lines: dict[str, int] = field(default_factory=dict)

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, 1)


def parse_document(text: str, path: Path, first_line: int = 1) -> Document:
    """Split `---` front matter from the body; `first_line` is where `text` starts in `path`."""
    lines = re.split(r"(?<=\n)", text)  # only \n ends a line: the body comes back byte for byte
    if not lines or lines[0].rstrip() != "---":
        return Document(path, {}, text, first_line)
    for index, line in enumerate(lines[1:], start=1):
        if line.rstrip() in ("---", "..."):
            meta, key_lines = parse_yaml_mapping("".join(lines[1:index]), path, first_line + 1)
            body = "".join(lines[index + 1 :])
            return Document(path, meta, body, first_line + index + 1, key_lines)
    raise ContentError(path, "front matter opened with '---' is never closed", first_line)


def parse_yaml_mapping(text: str, path: Path, first_line: int) -> tuple[dict, dict[str, int]]:
    """Parse YAML that must be a mapping; returns it and the line of each top-level key."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        meta = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        if mark is None or mark.line >= text.count("\n"):  # "got end of stream": point at what was left open
            mark = getattr(exc, "context_mark", None) or mark
        line = first_line + mark.line if mark else first_line
        reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise ContentError(path, f"invalid YAML front matter: {reason}", line) from None
    finally:
        loader.dispose()
    if meta is None:
        return {}, {}
    if not isinstance(meta, dict):
        raise ContentError(path, "front matter must be a mapping of keys to values", first_line)
    return meta, _key_lines(node, path, first_line)


def _key_lines(node: yaml.MappingNode, path: Path, first_line: int) -> dict[str, int]:
    lines: dict[str, int] = {}
    for key_node, _ in node.value:
        key = str(key_node.value)
        line = first_line + key_node.start_mark.line
        if key in lines:
            raise ContentError(path, f"duplicate key {key!r} (first on line {lines[key]})", line)
        lines[key] = line
    return lines
