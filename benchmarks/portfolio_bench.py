"""Portfolio: share previews (1200x630 PNG) for 24 pages, lip's Pillow drawing against the usual
peer, a headless browser screenshotting an HTML card (what og-image services and most static-site
recipes do), on the same titles and summaries.

- **lip cold**: `draw_preview` per page through the previews cache, cache empty.
- **lip cached**: the same pages again, nothing changed (what every later `lip build` costs).
- **Chromium screenshot**: one HTML card per page (same text, same size, the system's DejaVu
  font) rendered by headless Chromium through Playwright, `page.screenshot` to PNG; one browser
  started once (skipped when /usr/bin/chromium is missing).

Three interleaved rounds (a fresh cache each); each measure is the fastest of its rounds, since
the machine is shared.

Usage: .venv/bin/python benchmarks/portfolio_bench.py [--pages 24] [--rounds 3]
"""

from __future__ import annotations

import argparse
import html
import io
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from PIL import Image  # noqa: E402

from pipeline.cache import Cache  # noqa: E402
from pipeline.portfolio.preview import Card, cached_preview  # noqa: E402

CHROMIUM = Path("/usr/bin/chromium")
CARD_HTML = """<!doctype html><html><head><meta charset="utf-8"><style>
body {{ margin: 0; width: 1200px; height: 630px; background: #fafafa;
  font-family: "DejaVu Sans", sans-serif; }}
.bar {{ height: 14px; background: #3f51b5; }}
.kind {{ margin: 56px 80px 0; color: #3f51b5; font-size: 30px; }}
h1 {{ margin: 20px 80px; color: #1a237e; font-size: 64px; line-height: 1.2; }}
p {{ margin: 0 80px; color: #424242; font-size: 36px; }} </style></head>
<body><div class="bar"></div><div class="kind">{kind}</div><h1>{title}</h1><p>{summary}</p></body></html>"""


def cards(count: int) -> list[Card]:
    return [
        Card(
            f"Note {n}: softmax, temperature and sampling from a language model",
            f"What the temperature knob really does to a softmax, with NumPy code ({n}).",
            "Ada Example · example.github.io",
            "Post",
        )
        for n in range(count)
    ]


def run_lip(pages: list[Card], cache: Cache) -> tuple[float, list[bytes]]:
    started = time.perf_counter()
    images = [cached_preview(card, cache) for card in pages]
    return time.perf_counter() - started, images


def run_chromium(pages: list[Card]) -> tuple[float, list[bytes]]:
    from playwright.sync_api import sync_playwright

    started = time.perf_counter()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"]
        )
        page = browser.new_page(viewport={"width": 1200, "height": 630})
        images = []
        for card in pages:
            page.set_content(
                CARD_HTML.format(
                    kind=card.kind.upper(), title=html.escape(card.title), summary=html.escape(card.summary)
                )
            )
            images.append(page.screenshot(type="png"))
        browser.close()
    return time.perf_counter() - started, images


def sizes(images: list[bytes]) -> set[tuple[int, int]]:
    return {Image.open(io.BytesIO(data)).size for data in images}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=24)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    pages = cards(args.pages)
    cold, warm, chromium = [], [], []
    for _ in range(args.rounds):
        with tempfile.TemporaryDirectory() as folder:
            cache = Cache(Path(folder))
            seconds, images = run_lip(pages, cache)
            cold.append(seconds)
            warm.append(run_lip(pages, cache)[0])
        if CHROMIUM.is_file():
            seconds, shots = run_chromium(pages)
            chromium.append(seconds)
    count = args.pages
    print(f"{count} previews, fastest of {args.rounds} rounds; sizes lip {sizes(images)}")
    print(f"lip cold:            {min(cold):6.2f} s  ({sum(map(len, images)) / count / 1024:.0f} KiB each)")
    print(f"lip cached:          {min(warm):6.3f} s  ({min(cold) / min(warm):.0f}x faster than cold)")
    if chromium:
        print(
            f"Chromium screenshot: {min(chromium):6.2f} s  ({min(chromium) / min(cold):.1f}x lip cold; "
            f"sizes {sizes(shots)}, {sum(map(len, shots)) / count / 1024:.0f} KiB each)"
        )


if __name__ == "__main__":
    main()
