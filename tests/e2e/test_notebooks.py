"""Notebook posts in the browser, checked against what each example notebook asks for: removed
cells are absent from the page, collapsed ones are closed and open on a click, shown ones are
visible; output images have pixels and are files; the Plotly chart is drawn with every point from
the site's own script; search finds words that only a notebook has."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .browsing import broken_images, post_pages
from .conftest import screenshot
from .notebook_cells import (
    COLLAPSED,
    REMOVED,
    SHOWN,
    code_cells,
    markdown_words,
    title_of,
)
from .test_posts import search

# Where `text` is on the page: the innermost code/pre/output element holding it, whether a
# reader sees it, and the <details> around it.
FIND = """text => {
  const norm = s => s.replace(/\\s+/g, ' ');
  const want = norm(text);
  const hits = [...document.querySelectorAll('article pre, article code, article .nb-output')]
    .filter(e => norm(e.textContent).includes(want));
  if (!hits.length) return null;
  const el = hits[hits.length - 1];
  const details = el.closest('details');
  const box = el.getBoundingClientRect();
  const seen = el.checkVisibility({visibilityProperty: true}) && box.width > 0 && box.height > 0
    && (!details || details.open);  // closed <details> content is not rendered, whatever its box
  return {visible: seen, inDetails: !!details, open: !!(details && details.open)};
}"""


def notebooks(site) -> list[Path]:
    found = sorted((site.root / "content" / "notebooks").rglob("*.ipynb"))
    assert found, "the example content has notebooks"
    return found


def notebook_page(site, page, notebook: Path) -> str:
    """Open the post made from `notebook` (found by its title among the blog's posts)."""
    title = title_of(notebook)
    for path in post_pages(site.folder):
        if f">{title}<" in (site.folder / path / "index.html").read_text(encoding="utf-8"):
            page.goto(site.at(path), wait_until="networkidle")
            return path
    raise AssertionError(f"no post titled {title!r} for {notebook.name}")


def check_text(page, text: str, state: str, what: str) -> list[str]:
    """Problems with how `text` (a cell's code or output) appears, given its expected state."""
    if not text:
        return []
    where = page.evaluate(FIND, text)
    if state == REMOVED:
        return [f"{what} should be absent but is on the page: {text!r}"] if where else []
    if where is None:
        return [f"{what} is missing: {text!r}"]
    if state == SHOWN and not where["visible"]:
        return [f"{what} should be visible: {text!r} {where}"]
    if state == COLLAPSED and (not where["inDetails"] or where["open"] or where["visible"]):
        return [f"{what} should be collapsed (closed <details>): {text!r} {where}"]
    return []


def open_collapsed(page, text: str) -> bool:
    """Click the summary of the <details> holding `text`; is the text visible then?"""
    summary = page.evaluate_handle(
        """text => [...document.querySelectorAll('article details')]
            .filter(d => d.textContent.replace(/\\s+/g, ' ').includes(text.replace(/\\s+/g, ' ')))
            .pop().querySelector('summary')""", text).as_element()
    summary.click()
    return page.evaluate(FIND, text)["visible"]


def test_hidden_cells_are_absent_collapsed_ones_open_and_shown_ones_visible(site, desktop):
    problems, collapsed = [], 0
    for notebook in notebooks(site):
        path = notebook_page(site, desktop, notebook)
        for cell in code_cells(notebook):
            label = f"{notebook.name} cell {cell.index}"
            problems += check_text(desktop, cell.code, cell.input_state, f"{label} code")
            problems += check_text(desktop, cell.output, cell.output_state, f"{label} output")
            for text, state in ((cell.code, cell.input_state), (cell.output, cell.output_state)):
                if text and state == COLLAPSED and not problems:
                    collapsed += 1
                    if not open_collapsed(desktop, text):
                        problems.append(f"{label}: {text!r} still hidden after opening ({path})")
    assert not problems, "\n".join(problems)
    assert collapsed >= 2, "the example notebooks collapse some cells"


def test_notebook_images_are_files_with_pixels(site, desktop):
    for notebook in notebooks(site):
        wanted = sum(c.images for c in code_cells(notebook) if c.output_state != REMOVED)
        notebook_page(site, desktop, notebook)
        sources = desktop.locator("article .nb-output img, article img").evaluate_all(
            "imgs => imgs.map(i => i.getAttribute('src'))")
        assert len([s for s in sources if "avatar" not in s]) >= wanted, (notebook.name, sources)
        assert not [s for s in sources if s.startswith("data:")], "images must be files, not base64"
        assert not broken_images(desktop), notebook.name


def test_notebook_posts_offer_the_notebook_itself_for_download(site, desktop):
    for notebook in notebooks(site):
        notebook_page(site, desktop, notebook)
        link = desktop.locator("article a[href$='.ipynb']:not([href^='http'])").first
        response = desktop.request.get(link.evaluate("a => a.href"))
        assert response.ok, notebook.name
        served = json.loads(response.body())
        original = json.loads(notebook.read_text(encoding="utf-8"))
        assert served["nbformat"] == 4 and len(served["cells"]) == len(original["cells"])


def plotly_points(notebook: Path) -> int:
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    figures = [o["data"]["application/vnd.plotly.v1+json"] for c in cells for o in c.get("outputs", [])
               if "application/vnd.plotly.v1+json" in o.get("data", {})]
    return sum(len(trace.get("x", [])) for figure in figures for trace in figure["data"])


def test_plotly_chart_is_drawn_with_every_point_from_the_sites_own_script(site, desktop):
    charted = [nb for nb in notebooks(site) if plotly_points(nb)]
    assert charted, "an example notebook has a Plotly chart"
    for notebook in charted:
        notebook_page(site, desktop, notebook)
        desktop.wait_for_selector("article .js-plotly-plot .main-svg")
        drawn = desktop.locator("article .js-plotly-plot .scatterlayer .point").count()
        assert drawn == plotly_points(notebook), notebook.name
        scripts = [u for u in desktop.traffic.requests if "plotly" in u.lower()]
        assert scripts and all(u.startswith(site.url) for u in scripts), scripts
        chart = desktop.locator("article .js-plotly-plot").first
        chart.scroll_into_view_if_needed()
        desktop.evaluate("() => document.querySelector('article .js-plotly-plot')"
                         ".scrollIntoView({block: 'center'})")
        screenshot(desktop, "notebook")


def words_only_in(site, notebook: Path) -> list[str]:
    """Words of the notebook's prose that no other note, notebook or page source contains."""
    others = " ".join(p.read_text(encoding="utf-8", errors="replace").lower()
                      for p in (site.root / "content").rglob("*") if p.is_file() and p != notebook
                      and p.suffix in (".md", ".ipynb", ".opml"))
    return sorted(w for w in markdown_words(notebook) if w[:5] not in others)


def test_search_finds_a_word_that_only_a_notebook_has(site, desktop):
    notebook = notebooks(site)[0]
    words = words_only_in(site, notebook)
    if not words:
        pytest.fail(f"{notebook.name} has no word of its own to search for")
    found = search(desktop, site, words[0])
    assert title_of(notebook) in found, (words[0], found)
