"""How big one output, and the `.ipynb` a post offers for download, may be.

Applied once to the notebook before it is converted, so the page and the download carry the same
outputs: a text output over the limit is cut, an image, HTML output or chart over its limit is
replaced by a one-line note saying what was left out, and a download still over its limit is not
offered. Each change is a notice naming the cell. Pure: returns a trimmed copy and the notices,
never touches the notebook it is given and never writes.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass
from typing import Any

from pipeline.notebooks.embedded import embedded
from pipeline.notebooks.read import joined

MAX_TEXT = 100_000  # characters of one text output (stream, traceback, text/plain)
MAX_HTML = 1_000_000  # characters of one HTML output that is not a chart
MAX_IMAGE = 5_000_000  # bytes of one image (decoded)
MAX_CHART = 5_000_000  # characters of one chart's JSON: Plotly, Vega, or a Vega spec inside HTML
MAX_DOWNLOAD = 25_000_000  # bytes of the .ipynb offered for download

_IMAGES = {"image/png": "PNG", "image/jpeg": "JPEG", "image/gif": "GIF", "image/svg+xml": "SVG"}


@dataclass(frozen=True)
class Trimmed:
    """The notebook within the limits, what was done (one line per change), whether anything was."""

    notebook: Any
    notices: tuple[str, ...] = ()

    @property
    def changed(self) -> bool:
        return bool(self.notices)


def within_limits(notebook: Any) -> Trimmed:
    """A copy of `notebook` whose outputs are all within the limits (the notebook itself if they are)."""
    notices: list[str] = []
    trimmed = copy.deepcopy(notebook)
    for number, cell in enumerate(trimmed.get("cells") or (), start=1):
        outputs = cell.get("outputs") if cell.get("cell_type") == "code" else None
        for output in outputs or ():
            notices += [f"cell {number}: {n}" for n in _trim(output)]
    return Trimmed(trimmed, tuple(notices)) if notices else Trimmed(notebook)


def download_too_big(size: int) -> str | None:
    """Why a download of `size` bytes is not offered, or None when it is."""
    if size <= MAX_DOWNLOAD:
        return None
    return f"the .ipynb download ({_size(size)}) is not offered: over the {_size(MAX_DOWNLOAD)} limit"


def _trim(output: dict) -> list[str]:
    kind = output.get("output_type")
    if kind == "stream":
        output["text"], notice = _cut(joined(output.get("text")), "text output")
        return [notice] if notice else []
    if kind == "error":
        trace, notice = _cut("\n".join(output.get("traceback") or ()), "error traceback")
        if notice:
            output["traceback"] = [trace]
        return [notice] if notice else []
    data = output.get("data")
    return _trim_data(data) if isinstance(data, dict) else []


def _trim_data(data: dict) -> list[str]:
    notices, left_out = [], []
    for mime in list(data):
        why = _over(mime, data[mime])
        if why:
            left_out.append(why)
            del data[mime]
    if "text/plain" in data:
        data["text/plain"], notice = _cut(joined(data["text/plain"]), "text output")
        notices += [notice] if notice else []
    if left_out:
        note = "; ".join(left_out)
        if not set(data) - {"text/plain"}:
            data["text/plain"] = f"[{note}]"
        notices.append(note)
    return notices


def _over(mime: str, value: Any) -> str | None:
    """Why an output of type `mime` is left out, or None when it is within its limit."""
    if mime in _IMAGES:
        text = joined(value)
        size = len(text.encode("utf-8")) if mime == "image/svg+xml" else _decoded_size("".join(text.split()))
        return _left_out(f"{_IMAGES[mime]} output", size, MAX_IMAGE)
    if mime == "text/plain":
        return None
    if mime == "text/html":
        text = joined(value)
        if len(text) <= MAX_HTML:
            return None
        spec = embedded(text).spec
        if spec is None:
            return _left_out("HTML output", len(text), MAX_HTML, "characters")
        return _left_out("chart in an HTML output", len(json.dumps(spec)), MAX_CHART, "characters")
    size = len(value) if isinstance(value, str) else len(json.dumps(value))
    return _left_out(f"{mime} output", size, MAX_CHART, "characters")


def _left_out(what: str, size: int, limit: int, unit: str = "bytes") -> str | None:
    if size <= limit:
        return None
    amount = (f"{size:,} characters", f"{limit:,}") if unit == "characters" else (_size(size), _size(limit))
    return f"{what} of {amount[0]} left out (over the {amount[1]} limit)"


def _cut(text: str, what: str) -> tuple[str, str | None]:
    if len(text) <= MAX_TEXT:
        return text, None
    kept = text[:MAX_TEXT] + f"\n\n[... {len(text) - MAX_TEXT:,} more characters not shown]"
    return kept, f"{what} of {len(text):,} characters cut to {MAX_TEXT:,}"


def _decoded_size(encoded: str) -> int:
    return len(encoded) * 3 // 4 - (len(encoded) - len(encoded.rstrip("=")))


def _size(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB"
