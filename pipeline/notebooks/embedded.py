"""What an HTML output carries besides markup: its scripts, and the Vega / Vega-Lite spec of a
chart saved as HTML (Altair's `html` renderer, `chart.save("x.html")`, Colab and Kaggle outputs).

The HTML is read with the standard library's HTML parser and each script's text is read as
JavaScript only as far as finding a JSON object literal that decodes (with `json`) into a dict
whose `$schema` names Vega. Pure: never runs, rewrites or trusts a script; returns data.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any

_DECODER = json.JSONDecoder()


@dataclass(frozen=True)
class Embedded:
    """The scripts of an HTML fragment, and the first Vega(-Lite) spec found in them."""

    scripts: int = 0
    spec: dict[str, Any] | None = None


class _Scripts(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self._inside = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script":
            self._inside = True
            self.texts.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._inside = False

    def handle_data(self, data: str) -> None:
        if self._inside:
            self.texts[-1] += data


def embedded(fragment: str) -> Embedded:
    """The scripts in `fragment` (an HTML output) and the Vega spec one of them draws, if any."""
    if "<script" not in fragment.lower():
        return Embedded()
    parser = _Scripts()
    parser.feed(fragment)
    parser.close()
    spec = next((s for s in map(vega_spec, parser.texts) if s is not None), None)
    return Embedded(len(parser.texts), spec)


def vega_spec(script: str) -> dict[str, Any] | None:
    """The first JSON object literal in `script` that is a Vega or Vega-Lite spec."""
    start = script.find("{")
    while start != -1:
        try:
            value, end = _DECODER.raw_decode(script, start)
        except ValueError:
            start = script.find("{", start + 1)
            continue
        if isinstance(value, dict) and "vega" in str(value.get("$schema", "")):
            return value
        start = script.find("{", end)
    return None
