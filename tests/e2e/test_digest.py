"""The Digest in the browser: the example's empty state speaks to visitors; a digest published by
the real `lip follow` / `lip feeds update` / `lip digest` from feeds on 127.0.0.1 shows each
person's posts, and nothing from a hostile feed runs, loads or links to script."""

from __future__ import annotations

from .conftest import screenshot
from .hostile import FRIENDS, MARKER, PAYLOADS, dangerous_markup, ran_scripts


def test_digest_page_without_digests_shows_visitors_no_owner_instructions(site, desktop):
    desktop.goto(site.url)
    desktop.get_by_role("link", name="Digest", exact=True).first.click()
    desktop.wait_for_load_state()
    assert desktop.url == site.at("digest/")
    text = desktop.locator("article").inner_text()
    assert "No digest has been published yet" in text and "lip " not in text


def test_digest_shows_every_followed_persons_new_posts(hostile_site, desktop):
    desktop.goto(hostile_site.at("digest/"), wait_until="networkidle")
    article = desktop.locator("article")
    text = article.inner_text()
    for person, (_, posts) in FRIENDS.items():
        assert person in text
        for title, _ in posts:
            link = article.get_by_role("link", name=title)
            assert link.count() == 1, title
            assert link.get_attribute("href").startswith("http://127.0.0.1:")
    assert text.count(MARKER) == len(PAYLOADS)
    screenshot(desktop, "digest")


def test_hostile_feed_entries_never_run_load_or_link_script(hostile_site, desktop):
    dialogs = []
    desktop.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    pages = [hostile_site.at("digest/")]
    desktop.goto(pages[0], wait_until="networkidle")
    pages += desktop.locator("article a[href]").evaluate_all(
        "as => as.map(a => a.href).filter(h => /\\/digest\\/\\d{4}-\\d\\d-\\d\\d\\/$/.test(h))")
    assert len(pages) >= 2, "the digest archive links the day's page"
    for url in pages:
        desktop.goto(url, wait_until="networkidle")
        assert MARKER in desktop.locator("article").inner_text(), url
        assert not ran_scripts(desktop) and not dialogs, url
        assert not dangerous_markup(desktop), url
        assert desktop.locator("article").is_visible()  # the <style> never reached the page
    tracked = [u for u in desktop.traffic.requests if "tracker.invalid" in u or u.endswith("/x")]
    assert not tracked, tracked
