"""Every page of the example site, in Chromium: nothing leaves 127.0.0.1, nothing logs an error,
the accessibility basics hold (alt text, one h1, headings in order, named links), and posts fit
a phone and a laptop without sideways scrolling."""

from __future__ import annotations

from .browsing import (
    SCROLL_SLACK,
    accessibility_problems,
    built_pages,
    horizontal_overflow,
    overflowing_elements,
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
