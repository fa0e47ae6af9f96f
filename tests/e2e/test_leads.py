"""The Leads page in the browser: the example's empty state speaks to visitors (never owner
instructions, issue 12), and issue titles, labels and links from GitHub render as text, never as
code that runs."""

from __future__ import annotations

from .hostile import MARKER, PAYLOADS, dangerous_markup, ran_scripts


def test_leads_page_without_a_run_shows_visitors_no_owner_instructions(site, desktop):
    desktop.goto(site.url)
    desktop.get_by_role("link", name="Leads", exact=True).first.click()
    desktop.wait_for_load_state()
    assert desktop.url == site.at("leads/")
    text = desktop.locator("article").inner_text()
    assert "check back later" in text
    assert not any(word in text for word in ("lip leads", "GITHUB_TOKEN", "tool.lip", "lip build"))


def test_hostile_issue_titles_show_as_text_and_never_run(hostile_site, desktop):
    dialogs = []
    desktop.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    desktop.goto(hostile_site.at("leads/"), wait_until="networkidle")
    rows = desktop.locator("article table tbody tr")
    assert rows.count() == len(PAYLOADS)
    text = desktop.locator("article").inner_text()
    assert text.count(MARKER) == len(PAYLOADS)
    assert PAYLOADS["script"] in text  # shown literally, as the attacker typed it
    assert not ran_scripts(desktop) and not dialogs
    assert not dangerous_markup(desktop)
    assert not [u for u in desktop.traffic.requests if u.endswith("/x")]  # the img payload's src
