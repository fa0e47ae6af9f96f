"""What the example notebooks ask the site to show: each code cell's input and output is shown,
collapsed or removed, by the hide conventions users already write (Jupyter Book tags, Quarto `#|`
options, fastpages comments). Read from the .ipynb files, independently of the notebooks stage."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

SHOWN, COLLAPSED, REMOVED = "shown", "collapsed", "removed"


@dataclass(frozen=True)
class Cell:
    notebook: Path
    index: int
    code: str          # one line of the cell's code that no other cell of the notebook has
    output: str        # one line of its text output ("" when it has none)
    images: int        # image outputs
    input_state: str
    output_state: str


def cell_states(tags: set[str], source: str) -> tuple[str, str]:
    """(input, output) state of a code cell under every supported hide convention."""
    options = dict(re.findall(r"^#\|\s*([\w-]+):\s*(\S+)", source, re.MULTILINE))
    first = source.strip().splitlines()[0].strip().lower() if source.strip() else ""
    if "remove-cell" in tags or options.get("include") == "false" or first == "#hide":
        return REMOVED, REMOVED
    inp = out = SHOWN
    if "hide-cell" in tags:
        inp = out = COLLAPSED
    if {"hide-input"} & tags or options.get("code-fold") == "true" or first in ("#collapse", "#collapse-hide"):
        inp = COLLAPSED
    if "hide-output" in tags or first == "#collapse_output":
        out = COLLAPSED
    if "remove-input" in tags or options.get("echo") == "false" or first == "#hide_input":
        inp = REMOVED
    if "remove-output" in tags or options.get("output") == "false":
        out = REMOVED
    return inp, out


def _text_output(outputs: list[dict]) -> str:
    for output in outputs:
        text = output.get("text") or (output.get("data", {}).get("text/plain") if output.get(
            "output_type") == "stream" else None)
        if output.get("output_type") == "stream" and text:
            lines = [line for line in "".join(text).splitlines() if len(line.strip()) > 4]
            return lines[0].strip() if lines else ""
    return ""


def code_cells(notebook: Path) -> list[Cell]:
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    code = [(i, c) for i, c in enumerate(cells) if c["cell_type"] == "code"]
    sources = ["".join(c["source"]) for _, c in code]
    found = []
    for (index, cell), source in zip(code, sources):
        lines = [ln.strip() for ln in source.splitlines() if ln.strip() and not ln.strip().startswith("#")]
        unique = [ln for ln in lines if sum(ln in s for s in sources) == 1]
        outputs = cell.get("outputs", [])
        images = sum(any(k.startswith("image/") for k in o.get("data", {})) for o in outputs)
        found.append(Cell(notebook, index, max(unique, key=len, default=""), _text_output(outputs),
                          images, *cell_states(set(cell.get("metadata", {}).get("tags", [])), source)))
    return found


def title_of(notebook: Path) -> str:
    """The notebook's title: metadata, a YAML first cell, or its first heading."""
    data = json.loads(notebook.read_text(encoding="utf-8"))
    meta = data.get("metadata", {}).get("lip", {})
    if meta.get("title"):
        return meta["title"]
    for cell in data["cells"]:
        found = re.search(r"^title:\s*[\"']?(.+?)[\"']?\s*$|^#\s+(.+)$", "".join(cell["source"]), re.MULTILINE)
        if found:
            return (found.group(1) or found.group(2)).strip()
    raise AssertionError(f"{notebook}: no title")


def markdown_words(notebook: Path) -> set[str]:
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    text = " ".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    return {w.lower() for w in re.findall(r"\b[A-Za-z]{6,}\b", text)}
