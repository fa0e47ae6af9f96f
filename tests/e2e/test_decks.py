"""The Decks page in the browser: every deck downloads as a real .apkg that Anki imports with the
number of notes the page promises."""

from __future__ import annotations

import zipfile


def deck_rows(page) -> list[dict]:
    """The Decks page's table as a list of {header: cell text} plus the download link."""
    return page.evaluate("""() => {
      const table = document.querySelector('article table');
      if (!table) return [];
      const heads = [...table.querySelectorAll('thead th')].map(th => th.textContent.trim());
      return [...table.querySelectorAll('tbody tr')].map(tr => Object.fromEntries(
        [...tr.cells].map((td, i) => [heads[i], td.textContent.trim()])));
    }""")


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
    assert all(int(r["Notes"]) >= 1 for r in rows), rows


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
        assert imported_notes(saved, tmp_path) == int(row["Notes"]), row
