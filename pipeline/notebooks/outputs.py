"""Cell outputs as page blocks: text, errors, images, tables, LaTeX and Plotly charts.

Every block is either escaped or sanitized HTML or Markdown that MkDocs renders; output text is
untrusted and never reaches the page raw. Images become files next to the post (never base64).
Plotly figures and Vega(-Lite) specs are the rich outputs rendered from data (JSON, escaped for a
`<script>` data island), because their JSON is trusted by type: the site's own scripts draw it. Pure: returns blocks and files, writes nothing.
"""

from __future__ import annotations

import base64
import binascii
import html
import json
import re
from dataclasses import dataclass, field
from typing import Any

import markdown
import nh3

MAX_TEXT = 100_000  # characters of one text output kept on the page
MAX_HTML = 1_000_000  # an HTML output (a table) bigger than this is left out: no page should carry it
PLOTLY = "application/vnd.plotly.v1+json"
VEGA = tuple(f"application/vnd.{kind}.v{n}+json" for kind in ("vegalite", "vega") for n in (5, 4, 3))
IMAGES = {"image/svg+xml": "svg", "image/png": "png", "image/jpeg": "jpg", "image/gif": "gif"}
ORDER = (PLOTLY, *VEGA, *IMAGES, "text/html", "text/latex", "text/markdown", "text/plain")
_TAGS = nh3.ALLOWED_TAGS | {"table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption",
                            "colgroup", "col", "span", "div", "pre", "code", "sup", "sub"}
_SVG_ELEMENTS = re.compile(r"<(script|foreignObject|iframe|object|embed)\b.*?(</\1\s*>|/>)|<(script|foreignObject)\b[^>]*>",
                           re.IGNORECASE | re.DOTALL)
_SVG_HANDLERS = re.compile(r"\s+on\w+\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s>]+)", re.IGNORECASE)
_SVG_JS_LINKS = re.compile(r"((?:xlink:)?href)\s*=\s*[\"']\s*(?:javascript|data):[^\"']*[\"']", re.IGNORECASE)
_ATTRIBUTES = {"*": {"class", "title", "align"}, "th": {"colspan", "rowspan", "scope"},
               "td": {"colspan", "rowspan"}, "a": {"href"}, "img": {"src", "alt", "width", "height"}}


@dataclass
class Rendered:
    """The page blocks of one cell's outputs, the files they link, and what went wrong."""

    blocks: list[str] = field(default_factory=list)
    files: list[tuple[str, bytes]] = field(default_factory=list)  # name in the post's folder
    libraries: set[str] = field(default_factory=set)  # "plotly", "vega": scripts the page loads
    problems: list[str] = field(default_factory=list)


def render_outputs(outputs: list[dict], cell_no: int, folder: str) -> Rendered:
    """Render each output of cell `cell_no`; image links point into `folder` (the post's)."""
    done = Rendered()
    for index, output in enumerate(outputs):
        kind = output.get("output_type")
        if kind == "stream":
            name = "stderr" if output.get("name") == "stderr" else "stdout"
            done.blocks.append(_text_block(_joined(output.get("text")), f"nb-{name}", done, cell_no))
        elif kind == "error":
            trace = "\n".join(output.get("traceback") or [f"{output.get('ename')}: {output.get('evalue')}"])
            done.blocks.append(_text_block(trace, "nb-error", done, cell_no))
        elif kind in ("execute_result", "display_data"):
            _rich(output.get("data") or {}, f"cell{cell_no}-output{index}", folder, done, cell_no)
    return done


def _rich(data: dict[str, Any], stem: str, folder: str, done: Rendered, cell_no: int) -> None:
    mime = next((m for m in ORDER if m in data), None)
    if mime == PLOTLY:
        done.blocks.append(chart_block(data[PLOTLY], stem, "plotly"))
        done.libraries.add("plotly")
    elif mime in VEGA:
        done.blocks.append(chart_block(data[mime], stem, "vega"))
        done.libraries.add("vega")
    elif mime in IMAGES:
        name = f"{stem}.{IMAGES[mime]}"
        try:
            done.files.append((name, _image_bytes(mime, data[mime])))
        except binascii.Error:
            done.problems.append(f"cell {cell_no}: {mime} output is not valid base64")
            return
        done.blocks.append(f"![Output of cell {cell_no}]({folder}/{name})")
    elif mime == "text/html":
        fragment = _joined(data[mime])
        if len(fragment) > MAX_HTML:
            done.problems.append(f"cell {cell_no}: HTML output of {len(fragment):,} characters left out (over {MAX_HTML:,})")
            fragment = f"<p>[HTML output of {len(fragment):,} characters left out]</p>"
        done.blocks.append(f'<div class="nb-html">{sanitize(fragment)}</div>')
    elif mime == "text/latex":
        done.blocks.append(latex_block(_joined(data[mime])))
    elif mime == "text/markdown":
        done.blocks.append(sanitize(markdown.markdown(_joined(data[mime]), extensions=["tables"])))
    elif mime == "text/plain":
        done.blocks.append(_text_block(_joined(data[mime]), "nb-result", done, cell_no))


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
    draws it into. Escaped so no string inside can close the island."""
    payload = json.dumps(figure, separators=(",", ":"))
    payload = payload.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return (f'<div class="nb-{library}" id="nb-{stem}"></div>\n'
            f'<script type="application/json" class="nb-{library}-data" data-for="nb-{stem}">{payload}</script>')


def _text_block(text: str, css: str, done: Rendered, cell_no: int) -> str:
    if len(text) > MAX_TEXT:
        done.problems.append(f"cell {cell_no}: output of {len(text):,} characters cut to {MAX_TEXT:,}")
        text = text[:MAX_TEXT] + f"\n\n[... {len(text) - MAX_TEXT:,} more characters not shown]"
    if "\x1b[" in text:
        from nbconvert.filters.ansi import (
            ansi2html,  # imports all of nbconvert: only when needed
        )

        body = ansi2html(text)
    else:
        body = html.escape(text, quote=False)
    return f'<pre class="nb-text {css}">{body}</pre>'


def safe_svg(svg: str) -> str:
    """An SVG without scripts, event handlers or embedded HTML: opened on its own, it runs nothing."""
    svg = _SVG_ELEMENTS.sub("", svg)
    svg = _SVG_HANDLERS.sub("", svg)
    return _SVG_JS_LINKS.sub(r'\1="#"', svg)


def _image_bytes(mime: str, value: Any) -> bytes:
    text = _joined(value)
    if mime == "image/svg+xml":
        return safe_svg(text).encode("utf-8")
    return base64.b64decode(re.sub(r"\s+", "", text))


def _joined(value: Any) -> str:
    return "".join(value) if isinstance(value, list) else str(value or "")
