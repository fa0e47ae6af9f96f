"""Cell outputs as page blocks: text, errors, images, tables, LaTeX and Plotly / Vega charts.

Every block is either escaped or sanitized HTML or Markdown that MkDocs renders; output text is
untrusted and never reaches the page raw. Images become files next to the post (never base64).
Plotly figures and Vega(-Lite) specs (also when saved inside an HTML output) are the rich outputs
rendered from data (JSON, escaped for a `<script>` data island), because their JSON is trusted by
type: the site's own scripts draw it. Outputs that need a live kernel or their own scripts
(widgets, JavaScript) fall back to the best static type saved with them, with a notice. Sizes are
limited before this runs (`limits.py`). Pure: returns blocks, files and notices, writes nothing.
"""

from __future__ import annotations

import base64
import binascii
import html
import json
from dataclasses import dataclass, field
from typing import Any

import markdown
import nh3

from pipeline.notebooks.embedded import embedded
from pipeline.notebooks.read import joined
from pipeline.notebooks.svg import safe_svg

PLOTLY = "application/vnd.plotly.v1+json"
VEGA = tuple(f"application/vnd.{kind}.v{n}+json" for kind in ("vegalite", "vega") for n in (6, 5, 4, 3))
IMAGES = {"image/svg+xml": "svg", "image/png": "png", "image/jpeg": "jpg", "image/gif": "gif"}
ORDER = (PLOTLY, *VEGA, *IMAGES, "text/html", "text/latex", "text/markdown", "text/plain")
# Outputs drawn by a live kernel or by scripts the page never runs: what each is called in a notice.
LIVE = {"application/vnd.jupyter.widget-view+json": "widget", "application/javascript": "JavaScript",
        "text/javascript": "JavaScript", "application/vnd.bokehjs_exec.v0+json": "Bokeh",
        "application/vnd.holoviews_exec.v0+json": "HoloViews"}
_TAGS = nh3.ALLOWED_TAGS | {"table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption",
                            "colgroup", "col", "span", "div", "pre", "code", "sup", "sub"}
_ATTRIBUTES = {"*": {"class", "title", "align"}, "th": {"colspan", "rowspan", "scope"},
               "td": {"colspan", "rowspan"}, "a": {"href"}, "img": {"src", "alt", "width", "height"}}


@dataclass
class Rendered:
    """The page blocks of one cell's outputs, the files they link, and what went wrong."""

    blocks: list[str] = field(default_factory=list)
    files: list[tuple[str, bytes]] = field(default_factory=list)  # name in the post's folder
    libraries: set[str] = field(default_factory=set)  # "plotly", "vega": scripts the page loads
    problems: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)  # what was shown instead of what, per cell


def render_outputs(outputs: list[dict], cell_no: int, folder: str) -> Rendered:
    """Render each output of cell `cell_no`; image links point into `folder` (the post's)."""
    done = Rendered()
    for index, output in enumerate(outputs):
        kind = output.get("output_type")
        if kind == "stream":
            name = "stderr" if output.get("name") == "stderr" else "stdout"
            done.blocks.append(_text_block(joined(output.get("text")), f"nb-{name}"))
        elif kind == "error":
            trace = "\n".join(output.get("traceback") or [f"{output.get('ename')}: {output.get('evalue')}"])
            done.blocks.append(_text_block(trace, "nb-error"))
        elif kind in ("execute_result", "display_data"):
            _rich(output.get("data") or {}, f"cell{cell_no}-output{index}", folder, done, cell_no)
    return done


def _rich(data: dict[str, Any], stem: str, folder: str, done: Rendered, cell_no: int) -> None:
    mime = next((m for m in ORDER if m in data), None)
    live = sorted({LIVE[m] for m in data if m in LIVE})
    if mime == "text/html":
        found = embedded(joined(data[mime]))
        if found.spec is not None:
            done.blocks.append(chart_block(found.spec, stem, "vega"))
            done.libraries.add("vega")
            return
        if found.scripts and not _has_content(sanitize(joined(data[mime]))):
            live.append("scripted HTML")
            mime = next((m for m in ORDER[ORDER.index(mime) + 1:] if m in data), None)
    if live:
        shown = f"shown as its saved {mime}" if mime else "left out: no static version was saved with it"
        done.notices.append(f"cell {cell_no}: {' and '.join(live)} output {shown}")
    if mime:
        _static(mime, data[mime], stem, folder, done, cell_no)


def _static(mime: str, value: Any, stem: str, folder: str, done: Rendered, cell_no: int) -> None:
    if mime == PLOTLY:
        done.blocks.append(chart_block(value, stem, "plotly"))
        done.libraries.add("plotly")
    elif mime in VEGA:
        done.blocks.append(chart_block(value, stem, "vega"))
        done.libraries.add("vega")
    elif mime in IMAGES:
        _image(mime, value, stem, folder, done, cell_no)
    elif mime == "text/html":
        done.blocks.append(f'<div class="nb-html">{sanitize(joined(value))}</div>')
    elif mime == "text/latex":
        done.blocks.append(latex_block(joined(value)))
    elif mime == "text/markdown":
        done.blocks.append(sanitize(markdown.markdown(joined(value), extensions=["tables"])))
    elif mime == "text/plain":
        done.blocks.append(_text_block(joined(value), "nb-result"))


def _image(mime: str, value: Any, stem: str, folder: str, done: Rendered, cell_no: int) -> None:
    name = f"{stem}.{IMAGES[mime]}"
    if mime == "image/svg+xml":
        svg = safe_svg(joined(value))
        if svg is None:
            done.notices.append(f"cell {cell_no}: SVG output left out: not a well-formed SVG document")
            return
        data = svg.encode("utf-8")
    else:
        try:
            data = base64.b64decode("".join(joined(value).split()), validate=True)
        except binascii.Error:
            done.notices.append(f"cell {cell_no}: {mime} output left out: not valid base64")
            return
    done.files.append((name, data))
    done.blocks.append(f"![Output of cell {cell_no}]({folder}/{name})")


def _has_content(fragment: str) -> bool:
    """Does sanitized HTML show anything: text, an image or a table?"""
    return bool(nh3.clean(fragment, tags=set()).strip()) or "<img" in fragment or "<table" in fragment


def sanitize(fragment: str) -> str:
    """Third-party HTML reduced to harmless markup: tables stay tables, scripts and styles go."""
    return nh3.clean(fragment, tags=_TAGS, attributes=_ATTRIBUTES, url_schemes={"http", "https"},
                     link_rel="noopener noreferrer nofollow")


def latex_block(text: str) -> str:
    """A LaTeX output as display math that pymdownx.arithmatex (generic) renders."""
    inner = text.strip()
    for left, right in (("$$", "$$"), ("\\[", "\\]"), ("$", "$")):
        if inner.startswith(left) and inner.endswith(right) and len(inner) > len(left) + len(right):
            inner = inner[len(left):-len(right)].strip()
            break
    return f"$$\n{inner}\n$$" if inner else ""  # arithmatex escapes what it wraps


def chart_block(figure: Any, stem: str, library: str) -> str:
    """A Plotly figure's or Vega spec's JSON in a data island, and the element `notebooks.js`
    draws it into (marked for the theme's script loader). Escaped so no string inside can close
    the island."""
    payload = json.dumps(figure, separators=(",", ":"))
    payload = payload.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return (f'<div class="nb-{library}" id="nb-{stem}" data-lip-script="{library}"></div>\n'
            f'<script type="application/json" class="nb-{library}-data" data-for="nb-{stem}">{payload}</script>')


def _text_block(text: str, css: str) -> str:
    if "\x1b[" in text:
        from nbconvert.filters.ansi import (
            ansi2html,  # imports all of nbconvert: only when needed
        )

        body = ansi2html(text)
    else:
        body = html.escape(text, quote=False)
    return f'<pre class="nb-text {css}">{body}</pre>'
