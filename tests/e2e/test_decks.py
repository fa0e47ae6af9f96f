"""The Decks page in the browser: every deck downloads as a real .apkg that Anki imports with the
number of notes the page promises, and a 390 px phone shows each download with its import advice."""

from __future__ import annotations

import zipfile

from .browsing import SCROLL_SLACK, clipped_table_cells, horizontal_overflow


def deck_rows(page) -> list[dict]:
    """The Decks page's table: each deck's name, card and note counts, and download link."""
    return page.evaluate("""() => [...document.querySelectorAll('article tbody tr')].map(tr => ({
      name: tr.cells[0].querySelector('strong').textContent, cards: +tr.dataset.cards,
      notes: +tr.dataset.notes, counts: tr.cells[0].querySelector('small').textContent,
      href: tr.querySelector('a[download]').getAttribute('href')}))""")


def imported_notes(apkg, tmp_path) -> int:
    """Import the package into a fresh, real Anki collection and count its notes."""
    from anki.collection import (
        Collection,
        ImportAnkiPackageOptions,
        ImportAnkiPackageRequest,
    )
    collection = Collection(str(tmp_path / f"{apkg.stem}.anki2"))
    try:
        collection.import_anki_package(ImportAnkiPackageRequest(
            package_path=str(apkg), options=ImportAnkiPackageOptions()))
        return collection.note_count()
    finally:
        collection.close()


def test_decks_page_is_in_the_nav_and_lists_the_decks(site, desktop):
    desktop.goto(site.url)
    desktop.get_by_role("link", name="Decks", exact=True).first.click()
    desktop.wait_for_load_state()
    assert desktop.url == site.at("decks/")
    rows = deck_rows(desktop)
    assert rows, "the example site's notes have flashcards, so the Decks page lists decks"
    assert all(r["notes"] >= 1 and f"from {r['notes']} note" in r["counts"] for r in rows), rows


def test_every_deck_downloads_as_an_apkg_that_anki_imports(site, desktop, tmp_path):
    desktop.goto(site.at("decks/"))
    rows = deck_rows(desktop)
    links = desktop.locator("article a[href$='.apkg']")
    assert links.count() == len(rows) >= 1
    for index, row in enumerate(rows):
        with desktop.expect_download() as download_info:
            links.nth(index).click()
        download = download_info.value
        saved = tmp_path / download.suggested_filename
        download.save_as(saved)
        assert saved.suffix == ".apkg"
        with zipfile.ZipFile(saved) as package:
            assert {"collection.anki2", "collection.anki21"} & set(package.namelist())
        assert saved.name == row["href"] and imported_notes(saved, tmp_path) == row["notes"], row


def test_on_a_phone_every_download_is_in_view_with_its_import_advice(site, phone):
    phone.goto(site.at("decks/"))
    assert horizontal_overflow(phone) <= SCROLL_SLACK and not clipped_table_cells(phone)
    links = phone.locator("article a[href$='.apkg']")
    assert links.count() >= 1
    for index in range(links.count()):
        box = links.nth(index).bounding_box()
        assert 0 <= box["x"] and box["x"] + box["width"] <= 390, box
        advice = links.nth(index).locator("xpath=..").inner_text()
        assert "review history" in advice and "If newer" in advice, advice
