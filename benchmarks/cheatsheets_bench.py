"""Cheatsheets: PDFs for 20 cheatsheets, cold and cached, against two peers on the same sheets.

Each sheet is the example NumPy essentials cheatsheet (code, tables, a definition, math) with its
own title and one extra line, so no two share a cache entry.

- **lip cold**: the cheatsheets stage as `lip build` runs it, empty cache: pages, index, and one
  PDF per sheet at the largest font that fits one page (multi-column, Pygments, math as text).
- **lip cached**: the same build again with nothing changed, then with one sheet edited.
- **plain WeasyPrint**: what a hand-written script does: `markdown` (tables, fenced code,
  codehilite) to HTML, one `write_pdf` per sheet, no columns, no fit check, no cache: every
  rebuild costs the same.
- **Chromium print**: the same plain HTML printed by headless Chromium (`page.pdf`, A4
  landscape) through Playwright, one page per sheet (skipped when /usr/bin/chromium is missing).

WeasyPrint is imported and warmed up (one tiny document) before anything is timed, so neither
side pays its one-off font setup. Each line gives wall time and this process's CPU time: on a
shared, loaded machine the CPU ratio is the steadier one.

Usage: .venv/bin/python benchmarks/cheatsheets_bench.py [--sheets 20]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import markdown
from pypdf import PdfReader

from pipeline.cheatsheets.settings import CheatsheetSettings
from pipeline.cheatsheets.site import site_files
from pipeline.project import BuildContext, Project
from pipeline.settings import Settings

NOW = datetime(2026, 11, 21, 12, tzinfo=UTC)
EXAMPLE = REPO / "content" / "cheatsheets" / "numpy-essentials.md"
CHROMIUM = Path("/usr/bin/chromium")


def make_project(folder: Path, count: int) -> Project:
    text = EXAMPLE.read_text(encoding="utf-8")
    sheets = folder / "content" / "cheatsheets"
    sheets.mkdir(parents=True)
    for n in range(count):
        sheet = text.replace("title: NumPy essentials", f"title: NumPy essentials {n}")
        (sheets / f"sheet-{n:02}.md").write_text(sheet + f"\n- Sheet number {n}.\n", encoding="utf-8")
    return Project(folder)


class Clock:
    """Wall and CPU seconds of one timed block."""

    def __enter__(self) -> "Clock":
        self.wall, self.cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc) -> None:
        self.wall, self.cpu = time.perf_counter() - self.wall, time.process_time() - self.cpu


def warm_up() -> None:
    from weasyprint import HTML

    HTML(string="<p>warm</p>").write_pdf()


def run_lip(project: Project, settings: Settings) -> tuple[Clock, int, int, list[int]]:
    with Clock() as clock:
        result = site_files(BuildContext(project, settings, (), NOW))
    pages = [len(PdfReader(BytesIO(f.data)).pages) for f in result.files if f.path.suffix == ".pdf"]
    return clock, result.converted, result.cached, pages


def plain_html(path: Path) -> str:
    body = path.read_text(encoding="utf-8").split("---", 2)[2]
    html = markdown.markdown(body, extensions=["tables", "fenced_code", "codehilite", "def_list"])
    return f'<!doctype html><html><head><meta charset="utf-8"></head><body>{html}</body></html>'


def run_weasyprint(paths: list[Path]) -> tuple[Clock, list[int]]:
    from weasyprint import CSS, HTML

    css = CSS(string="@page { size: A4 landscape; margin: 7mm } html { font-size: 8pt }")
    with Clock() as clock:
        pdfs = [HTML(string=plain_html(path)).write_pdf(stylesheets=[css]) for path in paths]
    return clock, [len(PdfReader(BytesIO(pdf)).pages) for pdf in pdfs]


def run_chromium(paths: list[Path]) -> tuple[float, list[int]] | None:
    if not CHROMIUM.exists():
        return None
    from playwright.sync_api import sync_playwright

    args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=args)
        page = browser.new_page()
        pdfs = []
        with Clock() as clock:
            for path in paths:
                page.set_content(plain_html(path))
                pdfs.append(page.pdf(format="A4", landscape=True))
        browser.close()
    return clock, [len(PdfReader(BytesIO(pdf)).pages) for pdf in pdfs]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sheets", type=int, default=20, help="How many cheatsheets.")
    parser.add_argument("--no-balance", action="store_true", help="Fill columns in order (balance_columns = false).")
    parser.add_argument("--no-chromium", action="store_true", help="Leave out the Chromium print.")
    options = parser.parse_args()
    count, settings = options.sheets, Settings(cheatsheets=CheatsheetSettings(balance_columns=not options.no_balance))
    folder = Path(tempfile.mkdtemp(prefix="lip-cheatsheets-bench-"))
    try:
        project = make_project(folder, count)
        paths = sorted((project.content / "cheatsheets").glob("*.md"))
        warm_up()
        cold = run_lip(project, settings)
        cached = run_lip(project, settings)
        paths[0].write_text(paths[0].read_text(encoding="utf-8") + "- One more line.\n", encoding="utf-8")
        edited = run_lip(project, settings)
        plain = run_weasyprint(paths)
        chromium = None if options.no_chromium else run_chromium(paths)
    finally:
        shutil.rmtree(folder)
    print(f"balance_columns = {settings.cheatsheets.balance_columns}")
    report(count, cold, cached, edited, plain, chromium)


def timing(clock: Clock) -> str:
    return f"{clock.wall:6.2f} s wall, {clock.cpu:6.2f} s CPU"


def report(count, cold, cached, edited, plain, chromium) -> None:
    print(f"{count} cheatsheets")
    print(f"lip cold:          {timing(cold[0])}  rendered {cold[1]}, cached {cold[2]}, "
          f"one-page PDFs {cold[3].count(1)}/{len(cold[3])}")
    print(f"lip cached:        {timing(cached[0])}  rendered {cached[1]}, cached {cached[2]} "
          f"({cold[0].wall / cached[0].wall:.0f}x faster than cold)")
    print(f"lip one edited:    {timing(edited[0])}  rendered {edited[1]}, cached {edited[2]}")
    print(f"plain WeasyPrint:  {timing(plain[0])}  one-page PDFs {plain[1].count(1)}/{len(plain[1])} "
          f"(pages: {sorted(set(plain[1]))}); every rebuild costs this")
    if chromium:
        ones = f"{chromium[1].count(1)}/{len(chromium[1])}"
        print(f"Chromium print:    {timing(chromium[0])}  one-page PDFs {ones} "
              f"(pages: {sorted(set(chromium[1]))}); every rebuild costs this")
    print(f"lip cold / plain WeasyPrint: {cold[0].wall / plain[0].wall:.2f}x wall, "
          f"{cold[0].cpu / plain[0].cpu:.2f}x CPU")


if __name__ == "__main__":
    main()
