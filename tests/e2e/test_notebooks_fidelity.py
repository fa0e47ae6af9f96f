"""Real-notebook faults, looked at on a 390 px phone in Chromium: the example site plus the look-alike
notebooks of `tests/data/notebooks/lookalikes/` (trimmed from or made like real tutorial notebooks).
pandas tables look as in Jupyter and scroll inside themselves; Altair charts saved as HTML and
Plotly figures saved 600 px wide are drawn, within the screen; the Colab/Binder/GitHub/download
buttons are right under the title; hostile titles, LaTeX links and outputs run nothing."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from .browsing import SCROLL_SLACK, horizontal_overflow, overflowing_elements, post_pages
from .conftest import REPO, PHONE

LOOKALIKES = REPO / "tests/data/notebooks/lookalikes"


@pytest.fixture(scope="module")
def lookalike_site(served_site):
    def prepare(root: Path) -> None:
        for notebook in LOOKALIKES.glob("*.ipynb"):
            shutil.copy(notebook, root / "content/notebooks" / notebook.name)

    return served_site(Path(os.environ.get("LIP_E2E_REPO", REPO)), "lookalikes", prepare)


def open_post(site, page, slug: str) -> None:
    path = next(p for p in post_pages(site.folder) if p.rstrip("/").endswith("/" + slug))
    page.goto(site.at(path), wait_until="networkidle")


def fits_the_phone(page) -> list[str]:
    overflow = horizontal_overflow(page)
    return (
        []
        if overflow <= SCROLL_SLACK
        else [f"page scrolls {overflow}px sideways"] + overflowing_elements(page)
    )


TABLE_STYLE = """() => {
  const table = document.querySelector('article .nb-html table.dataframe');
  const box = table.closest('.nb-html');
  const style = e => getComputedStyle(e);
  const rows = [...table.querySelectorAll('tbody tr')];
  const cell = table.querySelector('tbody td'), index = table.querySelector('tbody th');
  return {padding: parseFloat(style(cell).paddingLeft) + parseFloat(style(cell).paddingRight),
          align: style(cell).textAlign, indexWeight: Number(style(index).fontWeight),
          stripes: style(rows[0]).backgroundColor !== style(rows[1]).backgroundColor,
          scrollsInside: box.scrollWidth > box.clientWidth && ['auto', 'scroll'].includes(style(box).overflowX),
          gap: cell.nextElementSibling.getBoundingClientRect().left - cell.getBoundingClientRect().right};
}"""


def test_pandas_tables_look_as_in_jupyter_and_scroll_inside_on_a_phone(lookalike_site, phone):
    open_post(lookalike_site, phone, "02-end-to-end-machine-learning-project")
    table = phone.evaluate(TABLE_STYLE)
    assert table["padding"] >= 8 and table["align"] == "right" and table["indexWeight"] >= 700, table
    assert table["stripes"] and table["scrollsInside"], table
    assert fits_the_phone(phone) == []


def test_altair_charts_saved_as_html_are_drawn_within_the_phone(lookalike_site, phone):
    open_post(lookalike_site, phone, "altair-html")
    phone.wait_for_function(
        "document.querySelectorAll('article .nb-vega.vega-embed canvas, "
        "article .nb-vega.vega-embed svg').length === 2"
    )
    widths = phone.locator("article .nb-vega.vega-embed").evaluate_all(
        "charts => charts.map(c => c.getBoundingClientRect().right)"
    )
    assert all(0 < right <= PHONE["width"] for right in widths), widths
    assert fits_the_phone(phone) == []
    assert not phone.traffic.foreign() and not phone.traffic.page_errors, phone.traffic.problems()


def test_plotly_figures_saved_600px_wide_fit_a_390px_phone(lookalike_site, phone):
    open_post(lookalike_site, phone, "plotly-fixed-width")
    phone.wait_for_selector("article .js-plotly-plot .main-svg")
    width = phone.locator("article .js-plotly-plot .main-svg").first.evaluate(
        "s => s.getBoundingClientRect().width"
    )
    assert 200 < width <= PHONE["width"] - 16, width
    assert phone.locator("article .js-plotly-plot .scatterlayer .point").count() == 12
    assert fits_the_phone(phone) == []


def test_buttons_are_under_the_title_before_any_cell_on_a_phone(lookalike_site, phone):
    for slug in ("02-end-to-end-machine-learning-project", "altair-html"):
        open_post(lookalike_site, phone, slug)
        order = phone.evaluate("""() => {
          const article = document.querySelector('article');
          const top = e => e ? e.getBoundingClientRect().top : Infinity;
          const title = article.querySelector('h1'), links = article.querySelector('.nb-links');
          const firstCell = article.querySelector('.highlight, .nb-output, details');
          return {title: top(title), links: top(links), cell: top(firstCell),
                  between: [...article.querySelectorAll('p, .highlight, .nb-output, table')]
                    .filter(e => top(e) > top(title) && top(e) < top(links)).length,
                  buttons: [...links.querySelectorAll('a.md-button')].map(a => a.textContent.trim())};
        }""")
        assert order["title"] < order["links"] < order["cell"] and order["between"] == 0, (slug, order)
        assert "Download .ipynb" in order["buttons"] and order["links"] < PHONE["height"], (slug, order)
        assert fits_the_phone(phone) == []


def test_hostile_title_latex_link_and_outputs_run_nothing(lookalike_site, phone):
    dialogs = []
    phone.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    open_post(lookalike_site, phone, "hostile")
    phone.wait_for_selector("article mjx-container")
    heading = phone.locator("article h1").first.text_content()
    assert heading.replace("¶", "").strip() == '<img src=x onerror="window.hacked=1"> & co'
    link = phone.evaluate("""() => {
      const math = document.querySelector('article mjx-container');
      return {links: [...math.querySelectorAll('a')].map(a => a.getAttribute('href') || a.getAttribute('xlink:href')),
              text: math.textContent, hacked: window.hacked};
    }""")
    assert not [h for h in link["links"] if h and h.lower().startswith("javascript")], link
    math = phone.locator("article mjx-container").first
    math.click()
    assert phone.evaluate("window.hacked") is None and dialogs == []
    svg = phone.locator("article img[src$='.svg']").first.get_attribute("src")
    response = phone.request.get(phone.url.rsplit("/", 1)[0] + "/" + svg)
    assert response.ok and b"onclick" not in response.body() and b'xlink:href="#dot"' in response.body()


def test_blog_index_excerpts_are_short_and_show_no_buttons_or_outputs(lookalike_site, phone):
    phone.goto(lookalike_site.at("blog/"), wait_until="networkidle")
    excerpts = phone.locator("article.md-post--excerpt").evaluate_all("""posts => posts.map(p => ({
      words: p.querySelector('.md-post__content').innerText.split(/\\s+/).length,
      buttons: [...p.querySelectorAll('.nb-links')].filter(e => e.offsetHeight > 0).length,
      outputs: p.querySelectorAll('.nb-output, .highlight').length}))""")
    assert excerpts and all(e["buttons"] == 0 and e["outputs"] == 0 for e in excerpts), excerpts
    assert max(e["words"] for e in excerpts) < 200, excerpts
