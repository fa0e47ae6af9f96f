"""Markdown syntax every stage that reads Markdown by hand must respect: code is never touched.

Two fence patterns on purpose: `FENCE` matches a fence at any indentation (inside admonitions and
list items too), `TOP_LEVEL_FENCE` only where CommonMark opens one at the top level.
"""

from __future__ import annotations

import re
from typing import Callable

FENCE = re.compile(r"^\s*(```|~~~)")
TOP_LEVEL_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")  # closed by a run of as many backticks
CODE_SPAN_SPLIT = re.compile(r"(`+[^`]*`+)")  # for re.split: spans land at odd indexes


def map_lines_outside_fences(text: str, change: Callable[[int, str], str]) -> str:
    """`change(index, line)` for every line outside fenced code; fence lines stay as they are."""
    lines = text.splitlines(keepends=True)
    in_fence = False
    for index, line in enumerate(lines):
        if FENCE.match(line):
            in_fence = not in_fence
            continue
        if not in_fence:
            lines[index] = change(index, line)
    return "".join(lines)


def map_outside_code_spans(line: str, change: Callable[[str], str]) -> str:
    """`change(part)` for every part of `line` that is not inside a code span."""
    parts = CODE_SPAN_SPLIT.split(line)
    for i in range(0, len(parts), 2):
        parts[i] = change(parts[i])
    return "".join(parts)
