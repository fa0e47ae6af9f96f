"""Which parts of a cell a reader sees: the hide conventions authors already write, read alike.

Jupyter Book / MyST tags (`remove-input`, `hide-output`, ...), Quarto `#|` options (`echo`,
`output`, `include`, `code-fold`) and fastpages comments (`#hide`, `#collapse`, ...) all decide
the same two things: is the input shown, collapsed or removed, and is the output. "Hide" means
collapsed but present; "remove" means gone. Pure functions: no I/O, never touches outputs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

SHOW, HIDE, REMOVE = "show", "hide", "remove"
_RANK = {SHOW: 0, HIDE: 1, REMOVE: 2}

_QUARTO = re.compile(r"^\s*#\|\s*([\w-]+)\s*:\s*(.*?)\s*$")
_FASTPAGES = re.compile(r"^\s*#\s*(hide_input|hide-input|hide|collapse_output|collapse-output|"
                        r"collapse_show|collapse-show|collapse_hide|collapse-hide|collapse)\s*$")

# tag -> (input, output) decisions
_TAGS = {
    "remove-cell": (REMOVE, REMOVE), "remove_cell": (REMOVE, REMOVE),
    "remove-input": (REMOVE, SHOW), "remove_input": (REMOVE, SHOW),
    "remove-output": (SHOW, REMOVE), "remove_output": (SHOW, REMOVE),
    "hide-cell": (HIDE, HIDE), "hide_cell": (HIDE, HIDE),
    "hide-input": (HIDE, SHOW), "hide_input": (HIDE, SHOW), "hide-code": (HIDE, SHOW),
    "hide-output": (SHOW, HIDE), "hide_output": (SHOW, HIDE),
}
_COMMENTS = {
    "hide": (REMOVE, REMOVE), "hide_input": (REMOVE, SHOW), "hide-input": (REMOVE, SHOW),
    "collapse": (HIDE, SHOW), "collapse_hide": (HIDE, SHOW), "collapse-hide": (HIDE, SHOW),
    # fastpages' collapse_show is "collapsible, open by default": still shown here
    "collapse_show": (SHOW, SHOW), "collapse-show": (SHOW, SHOW),
    "collapse_output": (SHOW, HIDE), "collapse-output": (SHOW, HIDE),
}
_FALSE, _TRUE = ("false", "no", "0"), ("true", "yes", "1")


@dataclass(frozen=True)
class Visibility:
    """How a code cell appears: each of input and output is SHOW, HIDE (collapsed) or REMOVE."""

    input: str = SHOW
    output: str = SHOW
    source: str = ""  # the code without `#|` option lines and fastpages directive comments


def cell_visibility(source: str, tags: Iterable[str] = ()) -> Visibility:
    """Combine every convention found in a cell; the strongest decision (remove > hide) wins."""
    decisions = [_TAGS[t] for t in tags if t in _TAGS]
    kept: list[str] = []
    for line in source.splitlines():
        quarto, comment = _QUARTO.match(line), _FASTPAGES.match(line)
        if quarto:
            decisions.append(_quarto_option(quarto.group(1), quarto.group(2)))
        elif comment:
            decisions.append(_COMMENTS[comment.group(1).lower()])
        else:
            kept.append(line)
    shown_input = _strongest(d[0] for d in decisions)
    shown_output = _strongest(d[1] for d in decisions)
    return Visibility(shown_input, shown_output, "\n".join(kept).strip("\n"))


def _quarto_option(name: str, value: str) -> tuple[str, str]:
    value = value.strip("'\"").lower()
    if name == "echo" and value in _FALSE:
        return REMOVE, SHOW
    if name == "output" and value in _FALSE:
        return SHOW, REMOVE
    if name == "include" and value in _FALSE:
        return REMOVE, REMOVE
    if name == "code-fold" and (value in _TRUE or value == "show"):
        return (HIDE if value in _TRUE else SHOW), SHOW
    return SHOW, SHOW


def _strongest(decisions: Iterable[str]) -> str:
    return max(decisions, key=_RANK.__getitem__, default=SHOW)
