"""Every page of the example site, in Chromium: nothing leaves 127.0.0.1, nothing logs an error,
the accessibility basics hold (alt text, one h1, headings in order, named links, readable
contrast), posts and nav pages fit a phone and a laptop without sideways scrolling or cut-off
tables, no page shows the owner's instructions to a visitor, and the heavy scripts load only
where they are used."""

from __future__ import annotations

import re

from .browsing import (
    SCROLL_SLACK,
    accessibility_problems,
    built_pages,
    clipped_table_cells,
    horizontal_overflow,
    low_contrast_text,
    overflowing_elements,
    page_with,
    post_pages,
)


def visit(page, url: str, wait_until: str = "networkidle") -> None:
    response = page.goto(url, wait_until=wait_until)
    assert response is not None and response.ok, f"{url}: HTTP {response and response.status}"


def test_every_page_stays_on_the_machine_logs_no_error_and_is_accessible(site, desktop):
    pages = built_pages(site.folder)
    assert len(pages) >= 8, pages
    traffic, accessibility = [], []
    for path in pages:
        desktop.traffic.__init__()
        visit(desktop, site.at(path))
        traffic += [f"{path}: {p}" for p in desktop.traffic.problems()]
        accessibility += [f"{path}: {p}" for p in accessibility_problems(desktop)]
    assert desktop.traffic.requests, "the request recorder saw nothing"
    assert not traffic, "\n".join(traffic)
    assert not accessibility, "\n".join(accessibility)


def test_posts_never_scroll_sideways_on_a_phone_or_a_laptop(site, phone, desktop):
    wide = []
    for page in (phone, desktop):
        for path in post_pages(site.folder):
            visit(page, site.at(path), "load")
            page.wait_for_function("() => !document.querySelector('.arithmatex:not(:has(mjx-container))')")
            overflow = horizontal_overflow(page)
            if overflow > SCROLL_SLACK:
                size = page.viewport_size
                wide.append(f"{path} at {size['width']}x{size['height']}: {overflow}px too wide, "
                            f"sticking out: {overflowing_elements(page)}")
    assert not wide, "\n".join(wide)


# What only the site's owner should read: commands, settings and files of the repository.
OWNER_INSTRUCTIONS = re.compile(
    r"\blip (?:build|check|serve|new|decks|follow|unfollow|following|feeds|digest|leads|init|doctor)\b"
    r"|GITHUB_TOKEN|LEADS_TOKEN|pyproject\.toml|\[tool\.lip|content/[\w./-]+")


def nav_pages(site, page) -> list[str]:
    """Every page the navigation links to (tabs and side navigation), home first."""
    page.goto(site.url, wait_until="load")
    hrefs = page.locator(".md-tabs a[href], .md-nav a[href]").evaluate_all("as => as.map(a => a.href)")
    pages = [site.url] + [h.split("#")[0] for h in hrefs if h.startswith(site.url)]
    return list(dict.fromkeys(pages))


def test_no_nav_page_shows_owner_instructions_to_a_visitor(site, phone, desktop):
    pages = nav_pages(site, desktop)
    assert len(pages) >= 6, pages
    found = []
    for page in (phone, desktop):
        for url in pages:
            visit(page, url, "load")
            text = page.evaluate("() => document.body.innerText")
            found += [f"{url} at {page.viewport_size['width']}px: {m.group(0)!r}"
                      for m in OWNER_INSTRUCTIONS.finditer(text)]
    assert not found, "\n".join(found)


def test_no_nav_page_is_cut_off_on_a_phone(site, phone):
    wide = []
    for url in nav_pages(site, phone):
        visit(phone, url, "load")
        overflow = horizontal_overflow(phone)
        if overflow > SCROLL_SLACK:
            wide.append(f"{url}: {overflow}px too wide, sticking out: {overflowing_elements(phone)}")
        wide += [f"{url}: {cut}" for cut in clipped_table_cells(phone)]
    assert not wide, "\n".join(wide)


def script_bytes(page, url: str) -> dict[str, int]:
    """Every JavaScript file `url` loads (workers included) and its size in bytes."""
    sizes: dict[str, int] = {}

    def record(response) -> None:
        if response.ok and response.request.resource_type == "script":
            sizes[response.url] = len(response.body())

    page.on("response", record)
    visit(page, url)
    page.wait_for_timeout(300)  # workers start after load
    page.remove_listener("response", record)
    return sizes


def test_home_page_loads_at_most_450_kb_of_javascript(site, phone):
    scripts = script_bytes(phone, site.url)
    assert any("loader.js" in u for u in scripts) and any("bundle" in u for u in scripts), scripts
    assert sum(scripts.values()) <= 450_000, scripts


def test_mathjax_and_chart_libraries_load_only_where_used_and_never_block_the_page(site, desktop):
    heavy = ("tex-svg", "plotly", "vega")
    for path in built_pages(site.folder):
        html = (site.folder / path / ("" if path.endswith(".html") else "index.html")).read_text("utf-8")
        sources = re.findall(r"<script\b[^>]*\bsrc=\"([^\"]+)\"", html)
        blocking = [s for s in sources if any(h in s for h in heavy)]
        assert not blocking, f"{path or 'home'}: loaded by a <script> tag, not the loader: {blocking}"
    for path, uses in (("", ()), (page_with(site.folder, 'class="arithmatex"'), ("tex-svg",))):
        scripts = script_bytes(desktop, site.at(path))
        assert [h for h in heavy if any(h in u for u in scripts)] == list(uses), (path, list(scripts))


COLOURS = ("black", "red", "green", "yellow", "blue", "magenta", "cyan", "white")
ANSI_CLASSES = [f"ansi-{c}{i}-fg" for c in COLOURS for i in ("", "-intense")]
ADD_ANSI_SAMPLES = """classes => document.querySelectorAll(
  'article pre.nb-text, article pre.nb-stderr, article pre.nb-error').forEach(pre => classes.forEach(c => {
    const span = document.createElement('span');
    span.className = c + ' lip-sample'; span.textContent = c + ' '; pre.appendChild(span); }))"""


def test_coloured_notebook_output_is_readable_on_its_background_in_light_and_dark(site, browser):
    """Every ANSI colour on every output background (text, stderr, error) reaches 4.5:1."""
    path = page_with(site.folder, "nb-error", "ansi-")
    low = []
    for scheme in ("light", "dark"):
        context = browser.new_context(viewport={"width": 390, "height": 844}, color_scheme=scheme)
        page = context.new_page()
        visit(page, site.at(path), "load")
        page.evaluate(ADD_ANSI_SAMPLES, ANSI_CLASSES)
        low += [f"{scheme}: {problem}" for problem in low_contrast_text(page, "article pre [class*=ansi-]")]
        context.close()
    assert not low, "\n".join(dict.fromkeys(low))


def test_material_parts_lighthouse_flags_are_fixed_on_every_nav_page(site, phone):
    """Lighthouse's accessibility audit found two of Material's own: the footer's copyright line
    (4.47:1) and the search dialog without a name."""
    for url in nav_pages(site, phone)[:3]:
        visit(phone, url, "load")
        assert not low_contrast_text(phone, ".md-copyright, .md-copyright *"), url
        assert phone.locator('.md-search[role="dialog"]').get_attribute("aria-label"), url
