"""Choosing lip's one Markdown reading: speed, and agreement with what the site renders.

- **Python-Markdown**: what MkDocs renders the site with (the example `mkdocs.yml`'s
  `markdown_extensions`), one reused converter; links read back from its HTML. No line numbers.
- **markdown-it-py**: `pipeline.content.syntax.read_markdown` (CommonMark + tables, admonitions,
  definition lists, footnotes, math, with line maps and destination spans), cache bypassed.

Speed: every note of the example content and every Markdown cell of its notebooks, `--repeat`
times. Agreement: for each tricky case the set of relative link targets each parser finds must
be the set Python-Markdown (the site) renders as links.

Usage: .venv/bin/python benchmarks/markdown_bench.py [--repeat 50]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from html.parser import HTMLParser
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import markdown  # noqa: E402
import yaml  # noqa: E402

from pipeline.content.syntax import _read  # noqa: E402

CASES = {
    "4-backtick fence holding ```": "````md\n```\n[no](inside.md)\n```\n````\n\n[yes](after.md)\n",
    "~~~ inside ```": "```\n~~~\n[no](inside.md)\n```\n\n[yes](after.md)\n",
    "inline code in link text": "See [`np.dot` docs](dot.md) and `[no](span.md)`.\n",
    "admonition body": '??? question "Why?"\n\n    Because [yes](answer.md).\n\n    ```\n    [no](c.md)\n    ```\n',
    "Q:/A: paragraph": "Q: What is [x](x.md)?\nA: A [y](y.md).\n",
    "cloze paragraph": "The {{c1::softmax}} of [z](z.md) sums to 1.\n",
    "reference definition": "[a][r]\n\n[r]: ref.md\n",
    "table cell": "| a | b |\n|---|---|\n| [t](t.md) | `[no](n.md)` |\n",
    "content tab": "=== \"One\"\n\n    See [tab](tab.md).\n",
    "md_in_html block": "<div class=\"x\" markdown>\n[in](in.md)\n</div>\n\n<div>\n[raw](raw.md)\n</div>\n",
}


class _Hrefs(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found: set[str] = set()

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value and ":" not in value and not value.startswith("#"):
                self.found.add(value)


def site_converter() -> markdown.Markdown:
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text().replace("!!python", "#"))
    names, configs = [], {}
    for item in config["markdown_extensions"]:
        name, options = next(iter(item.items())) if isinstance(item, dict) else (item, {})
        if name != "pymdownx.snippets":
            names.append(name)
            configs[name] = options or {}
    return markdown.Markdown(extensions=names, extension_configs=configs)


def site_targets(converter: markdown.Markdown, text: str) -> set[str]:
    parser = _Hrefs()
    parser.feed(converter.reset().convert(text))
    return parser.found


def texts() -> list[str]:
    found = [p.read_text() for p in sorted((REPO / "content").rglob("*.md"))]
    for path in sorted((REPO / "content").rglob("*.ipynb")):
        cells = json.loads(path.read_text())["cells"]
        found += ["".join(c["source"]) for c in cells if c["cell_type"] == "markdown"]
    return found


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args()
    converter, corpus = site_converter(), texts()
    started = time.perf_counter()
    for _ in range(args.repeat):
        for text in corpus:
            converter.reset().convert(text)
    python_markdown = time.perf_counter() - started
    started = time.perf_counter()
    for _ in range(args.repeat):
        for text in corpus:
            _read.__wrapped__(text)
    markdown_it = time.perf_counter() - started
    size = sum(len(t) for t in corpus) * args.repeat
    print(f"{len(corpus)} texts x {args.repeat} ({size / 1e6:.1f} MB)")
    print(f"Python-Markdown (site extensions, HTML): 1.00; markdown-it-py reading: "
          f"{markdown_it / python_markdown:.2f}")
    agree = 0
    for name, text in CASES.items():
        site = site_targets(converter, text)
        ours = {link.target for link in _read.__wrapped__(text).links}
        agree += site == ours
        print(f"{'agree' if site == ours else 'DIFFER'}: {name}: site {sorted(site)} lip {sorted(ours)}")
    print(f"{agree}/{len(CASES)} cases agree with the site")


if __name__ == "__main__":
    main()
