"""Lighthouse (mobile) on the example site: the home page and a notebook post, built two ways.

- **lip**: the site as `lip build` makes it, with `pipeline/theme/javascripts/loader.js` as the one
  script of `extra_javascript` (MathJax, Plotly and Vega fetched only where a page uses them).
- **MathJax everywhere**: the same content with MathJax's config and `tex-svg-full.js` in
  `extra_javascript`, the recipe Material's documentation gives and what lip shipped before:
  every page loads the 2.2 MB script.

Both are built by the real `lip build`, served on 127.0.0.1 under the site's base path (as GitHub
Pages serves it), and scored by the npm `lighthouse` package driving Debian's Chromium
(CHROME_PATH=/usr/bin/chromium). Lighthouse's default is a throttled mobile phone. Scores vary from
run to run by a few points; JavaScript bytes do not.

Setup: (cd benchmarks/lighthouse && npm ci)
Usage: .venv/bin/python benchmarks/lighthouse_bench.py   (JSON reports in benchmarks/out/)
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.e2e.conftest import base_path, copy_site_repo, serve  # noqa: E402

LIGHTHOUSE = REPO / "benchmarks" / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
OUT = REPO / "benchmarks" / "out"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
MATHJAX_EVERYWHERE = ("extra_javascript:\n  - assets/javascripts/mathjax-config.js\n"
                      "  - assets/javascripts/tex-svg-full.js\n")


def build(root: Path, mathjax_everywhere: bool) -> Path:
    copy_site_repo(REPO, root)
    if mathjax_everywhere:
        config = root / "mkdocs.yml"
        pattern = re.compile(r"^extra_javascript:\n(?:  - .*\n)+", re.M)
        text = pattern.sub(MATHJAX_EVERYWHERE, config.read_text())
        config.write_text(text)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(REPO)}
    subprocess.run([sys.executable, "-m", "pipeline", "-C", str(root), "build"], check=True, env=env,
                   capture_output=True, timeout=600)
    return root / "site"


def notebook_post(site: Path) -> str:
    """The URL path of the first post made from a notebook with a chart (else any notebook)."""
    posts = sorted(site.glob("blog/[0-9]*/[0-9]*/[0-9]*/*/index.html"))
    with_outputs = [p for p in posts if "nb-output" in p.read_text(encoding="utf-8")]
    charted = [p for p in with_outputs if "plotly" in p.read_text(encoding="utf-8")]
    return (charted or with_outputs)[0].parent.relative_to(site).as_posix() + "/"


def score(url: str, report: Path) -> dict:
    """Run Lighthouse on `url`; return its category scores and the JavaScript it measured."""
    flags = "--headless=new --no-sandbox --disable-gpu --no-first-run --disable-background-networking"
    command = [str(LIGHTHOUSE), url, "--output=json", f"--output-path={report}", "--quiet",
               "--max-wait-for-load=120000", f"--only-categories={','.join(CATEGORIES)}",
               f"--chrome-flags={flags}"]
    for attempt in range(3):  # on a loaded machine Lighthouse's 1 s wait for the page's HTML can run out
        done = subprocess.run(command, env={**os.environ, "CHROME_PATH": "/usr/bin/chromium"}, timeout=600,
                              capture_output=True, text=True, check=False)
        if done.returncode == 0:
            break
    else:
        sys.exit(f"lighthouse failed 3 times on {url}:\n{done.stderr[-2000:]}")
    data = json.loads(report.read_text())
    items = data["audits"]["resource-summary"]["details"]["items"]
    scripts = [i for i in items if i["resourceType"] == "script"]
    found = {c: round(data["categories"][c]["score"] * 100) for c in CATEGORIES}
    found["js_kb"] = round(scripts[0]["transferSize"] / 1000) if scripts else 0
    found["failing"] = sorted(a for c in ("accessibility", "best-practices", "seo")
                              for ref in data["categories"][c]["auditRefs"]
                              for a in [ref["id"]] if data["audits"][a].get("score") not in (None, 1)
                              and ref["weight"] > 0)
    return found


def main() -> None:
    if not LIGHTHOUSE.is_file():
        sys.exit("install Lighthouse first: (cd benchmarks/lighthouse && npm ci)")
    OUT.mkdir(parents=True, exist_ok=True)
    rows = []
    with tempfile.TemporaryDirectory() as temp:
        for name, everywhere in (("lip", False), ("MathJax everywhere", True)):
            root = Path(temp) / name.replace(" ", "-")
            site = build(root, everywhere)
            server, url = serve(site, base_path(root))
            try:
                for page, path in (("home", ""), ("notebook post", notebook_post(site))):
                    report = OUT / f"lighthouse-{root.name}-{page.replace(' ', '-')}.json"
                    rows.append((name, page, score(url + path, report)))
            finally:
                server.shutdown()
                server.server_close()
    print("| site | page | " + " | ".join(CATEGORIES) + " | JS (KB) | audits below 100 |")
    print("|---|---|" + "---|" * (len(CATEGORIES) + 2))
    for name, page, found in rows:
        print(f"| {name} | {page} | " + " | ".join(str(found[c]) for c in CATEGORIES)
              + f" | {found['js_kb']} | {', '.join(found['failing']) or '-'} |")
    lip = {page: found for name, page, found in rows if name == "lip"}
    for name, page, found in rows:
        if name != "lip" and lip[page]["js_kb"]:
            print(f"{page}: {name} loads {found['js_kb'] / lip[page]['js_kb']:.1f}x the JavaScript of lip")


if __name__ == "__main__":
    main()
