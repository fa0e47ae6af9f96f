"""Cheatsheets in the browser: the index shows each one, a cheatsheet flows into columns on a
laptop and stacks into one column on a phone without sideways scrolling, and its PDF downloads."""

from __future__ import annotations

import io

from pypdf import PdfReader

from .browsing import SCROLL_SLACK, horizontal_overflow, overflowing_elements
from .conftest import screenshot

# The distinct left edges of a cheatsheet's section headings are its columns (whatever the CSS
# technique: multi-column, grid or flex).
COLUMNS = """() => {
  const sheet = document.querySelector('.lip-cheatsheet');
  if (!sheet) return null;
  const blocks = [...sheet.querySelectorAll('h2, h3')]
    .map(e => e.getBoundingClientRect()).filter(r => r.width > 0 && r.height > 0);
  return new Set(blocks.map(r => Math.round(r.left / 8))).size;
}"""


def letters(text: str) -> str:
    return "".join(c for c in text.lower() if c.isalnum())


def cheatsheet_pages(site, page) -> list[str]:
    """URLs of the cheatsheets linked from the Cheatsheets index page."""
    page.goto(site.at("cheatsheets/"))
    hrefs = page.locator("article a[href]").evaluate_all("as => as.map(a => a.href)")
    pages = {h.split("#")[0] for h in hrefs}
    return sorted(h for h in pages if h.startswith(site.at("cheatsheets/"))
                  and h != site.at("cheatsheets/") and not h.endswith(".pdf"))


def test_cheatsheets_index_is_in_the_nav_and_links_every_cheatsheet(site, desktop):
    desktop.goto(site.url)
    desktop.get_by_role("link", name="Cheatsheets", exact=True).first.click()
    desktop.wait_for_load_state()
    assert desktop.url == site.at("cheatsheets/")
    assert len(cheatsheet_pages(site, desktop)) >= 2  # the example has two


def test_cheatsheets_use_columns_on_a_laptop_and_one_column_on_a_phone(site, desktop, phone):
    for url in cheatsheet_pages(site, desktop):
        for page, wide in ((desktop, True), (phone, False)):
            page.goto(url, wait_until="networkidle")
            columns = page.evaluate(COLUMNS)
            assert columns is not None, f"{url}: no .lip-cheatsheet element"
            assert (columns >= 2) if wide else (columns == 1), (url, page.viewport_size, columns)
            overflow = horizontal_overflow(page)
            assert overflow <= SCROLL_SLACK, (url, page.viewport_size, overflowing_elements(page))


def test_every_cheatsheet_links_a_pdf_that_opens_with_its_title(site, desktop):
    for url in cheatsheet_pages(site, desktop):
        desktop.goto(url)
        title = desktop.locator("article h1").first.inner_text().strip("¶ \n")
        link = desktop.locator("article a[href$='.pdf']").first
        response = desktop.request.get(link.evaluate("a => a.href"))
        assert response.ok and response.body().startswith(b"%PDF"), url
        pdf = PdfReader(io.BytesIO(response.body()))
        assert len(pdf.pages) >= 1
        text = " ".join(page.extract_text() for page in pdf.pages)
        assert letters(title) in letters(text), (title, text[:200])


def test_cheatsheet_screenshot_for_the_readme(site, desktop):
    desktop.goto(cheatsheet_pages(site, desktop)[0], wait_until="networkidle")
    assert screenshot(desktop, "cheatsheet").stat().st_size > 10_000
