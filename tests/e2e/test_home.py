"""The home page as a visitor sees it: who the author is and the latest posts, newest first."""

from __future__ import annotations

import tomllib

import feedparser

from .browsing import broken_images
from .conftest import screenshot


def example_settings(site) -> dict:
    return tomllib.loads((site.root / "pyproject.toml").read_text())["tool"]["lip"]


def newest_titles(site, count: int) -> list[str]:
    feed = feedparser.parse((site.folder / "feed.xml").read_bytes())
    entries = sorted(feed.entries, key=lambda e: e.published_parsed, reverse=True)
    return [e.title for e in entries[:count]]


def test_home_page_shows_the_author_bio_and_avatar(site, desktop):
    settings = example_settings(site)
    desktop.goto(site.url)
    assert desktop.locator("article h1").inner_text().strip("¶ \n") == settings["author"]
    assert settings["bio"] in desktop.locator("article").inner_text()
    avatar = desktop.locator("article img").first
    assert avatar.get_attribute("alt") == settings["author"]
    assert not broken_images(desktop)
    assert avatar.bounding_box()["width"] >= 48


def test_home_page_lists_the_latest_posts_newest_first_and_they_open(site, desktop):
    settings = example_settings(site)
    expected = newest_titles(site, settings.get("latest_posts", 5))
    desktop.goto(site.url)
    listed = desktop.locator("article h2:has-text('Latest posts') + ul > li a")
    assert [t.strip() for t in listed.all_inner_texts()] == expected
    listed.first.click()
    desktop.wait_for_load_state()
    assert desktop.locator("article h1").inner_text().strip("¶ \n") == expected[0]


def test_home_page_screenshots_for_the_readme(site, desktop, phone):
    for page, name in ((desktop, "home"), (phone, "home-phone")):
        page.goto(site.url, wait_until="networkidle")
        assert screenshot(page, name).stat().st_size > 10_000


def test_home_page_links_in_text_differ_from_it_by_more_than_colour(site, phone):
    """A link inside text must be underlined (or bold), never told apart by its colour alone."""
    phone.goto(site.url)
    links = phone.locator("article :is(p, li) > a:not(.md-button):not(.md-tag)").evaluate_all(
        """as => as.map(a => [a.innerText.trim(), getComputedStyle(a).textDecorationLine,
          Number(getComputedStyle(a).fontWeight) - Number(getComputedStyle(a.parentElement).fontWeight)])""")
    assert len(links) >= 3, links
    plain = [text for text, decoration, bolder in links if "underline" not in decoration and bolder < 300]
    assert not plain, plain
