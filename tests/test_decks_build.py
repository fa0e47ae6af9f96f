"""Decks imported into a real Anki collection (the `anki` package): first import, then edits
(reworded question, typo fix, reorder, moved file) updated in place with review history kept."""

from __future__ import annotations

import shutil
from datetime import datetime, timezone
from pathlib import Path

import pytest
from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest
from anki.import_export_pb2 import ImportAnkiPackageUpdateCondition

from pipeline.decks.commands import write_decks
from pipeline.decks.lock import read_lock
from pipeline.project import Project

DATA = Path(__file__).parent / "data" / "decks" / "site"
NOW = datetime(2026, 11, 21, 12, tzinfo=timezone.utc)


@pytest.fixture
def site(tmp_path: Path) -> Project:
    shutil.copytree(DATA, tmp_path / "site")
    return Project(tmp_path / "site")


def build(project: Project, out: str = "out"):
    return write_decks(project, project.root / out, NOW)  # the same second every time, on purpose


def import_all(col: Collection, folder: Path, **options) -> dict[str, list]:
    """Import every package of `folder` with Anki's defaults (or the import dialog's `options`)."""
    totals: dict[str, list] = {"new": [], "updated": [], "duplicate": [], "conflicting": []}
    for apkg in sorted(folder.glob("*.apkg")):
        options_ = ImportAnkiPackageOptions(**options)
        request = ImportAnkiPackageRequest(package_path=str(apkg), options=options_)
        log = col.import_anki_package(request).log
        for name in totals:
            totals[name] += list(getattr(log, name))
    return totals


def built_and_imported(site: Project, tmp_path: Path) -> Collection:
    """Build the decks and import them into a fresh, real collection with Anki's defaults."""
    build(site)
    col = Collection(str(tmp_path / "c.anki2"))
    import_all(col, site.root / "out")
    return col


def notes_by_guid(col: Collection) -> dict[str, int]:
    return dict(col.db.all("select guid, id from notes"))


def field_text(col: Collection, search: str) -> str:
    (nid,) = col.find_notes(search)
    return "\n".join(col.get_note(nid).fields)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def answer_one_card(col: Collection) -> int:
    col.decks.select(col.decks.id_for_name("ML::Transformers"))
    card = col.sched.getCard()
    col.sched.answerCard(card, 3)
    return card.id


def test_first_import_creates_notes_and_cards(site: Project, tmp_path: Path):
    result = build(site)
    col = Collection(str(tmp_path / "c.anki2"))
    log = import_all(col, site.root / "out")
    assert len(log["new"]) == 7 and not log["updated"] and not log["duplicate"]
    # basic x4 (one card each), reversed (2 cards), cloze with c1 and c2 (2 cards)
    assert col.note_count() == 7 and col.card_count() == 9
    assert sum(d.cards for d in result.decks) == 9
    assert {"ML::Transformers", "ML::Basics"} <= {d.name for d in col.decks.all_names_and_ids()}
    col.close()


def test_math_code_and_media_survive(site: Project, tmp_path: Path):
    col = built_and_imported(site, tmp_path)
    qa = field_text(col, "np.sqrt")
    assert r"\(x^2\)" in qa and "$x^2$" not in qa and "<code>$x$</code>" in qa
    assert r"\(\sqrt{d_k}\)" in field_text(col, '"front:*dot product*"')
    assert r"\[" in field_text(col, '"front:Scaled dot-product attention"')
    media = sorted(p.name for p in Path(col.media.dir()).iterdir())
    assert len(media) == 2 and all(name.startswith("plot-") and name.endswith(".png") for name in media)
    for name in media:  # each card points at its own image
        assert f'src="{name}"' in field_text(col, f'"back:*{name}*"')
    assert not col.media.check().missing
    col.close()


def test_edits_update_notes_in_place_and_keep_review_history(site: Project, tmp_path: Path):
    col = built_and_imported(site, tmp_path)
    before = notes_by_guid(col)
    note_types = sorted(m.id for m in col.models.all_names_and_ids())
    reviewed = answer_one_card(col)
    attention = site.content / "posts/ml/attention.md"
    edit(attention, "Why is the dot product scaled by", "For what reason do we divide the dot product by")
    edit(attention, "An array; `$x$` stays", "An ndarray; `$x$` stays")
    cloze = "In self-attention, queries, keys and values come from {{c1::the same sequence}},\n" \
            "and the output has {{c2::one row per query}}.\n"
    edit(attention, cloze, "")
    edit(attention, "Attention in one page.", cloze + "\nAttention in one page.")
    moved = site.content / "posts/ml/basics/softmax-function.md"
    (site.content / "posts/ml/basics/softmax.md").rename(moved)

    build(site)
    log = import_all(col, site.root / "out")
    assert not log["new"] and not log["conflicting"]
    # reworded, typo-fixed, reordered cloze (its line moved, text the same: nothing to update),
    # both notes of the moved file (their link back to the post changed)
    updated = {n.id.nid for n in log["updated"]}
    assert len(updated) == 4 and updated <= set(before.values())
    # Anki lists notes it already had unchanged as "duplicate": they are the same notes, not copies
    assert {n.id.nid for n in log["duplicate"]} == set(before.values()) - updated
    assert notes_by_guid(col) == before and col.note_count() == 7 and col.card_count() == 9
    assert col.db.scalar("select count() from revlog where cid = ?", reviewed) == 1
    assert col.get_card(reviewed).type != 0  # still a learning/review card, not reset to new
    assert "For what reason" in field_text(col, '"front:For what reason*"')
    assert "An ndarray" in field_text(col, "ndarray")
    assert "softmax-function" in field_text(col, '"front:What does softmax return?"')
    assert sorted(m.id for m in col.models.all_names_and_ids()) == note_types  # no second note type
    col.close()


def test_rebuilding_in_the_same_second_still_updates(site: Project, tmp_path: Path):
    build(site)
    first = read_lock(site.content / "cards.lock")
    edit(site.content / "posts/ml/attention.md", "gradients vanish", "gradients vanish (they go to zero)")
    build(site)
    second = read_lock(site.content / "cards.lock")
    assert second.last_mtime == first.last_mtime + 1
    changed = {e.guid for e in second.entries} and [e for e in second.entries if e.mtime == second.last_mtime]
    assert len(changed) == 1 and "go to zero" in changed[0].back


def test_unchanged_notes_rebuild_byte_for_byte(site: Project):
    build(site)
    lock_text = (site.content / "cards.lock").read_text()
    packages = {p.name: p.read_bytes() for p in (site.root / "out").glob("*.apkg")}
    build(site, out="again")
    assert (site.content / "cards.lock").read_text() == lock_text
    assert {p.name: p.read_bytes() for p in (site.root / "again").glob("*.apkg")} == packages


def test_removed_card_is_tagged_in_the_collection(site: Project, tmp_path: Path):
    col = built_and_imported(site, tmp_path)
    edit(site.content / "posts/ml/basics/softmax.md", "Q: What does softmax return?\n"
         "A: A probability distribution over the classes.\n", "")
    result = build(site)
    assert [e.front for e in result.removed] == ["What does softmax return?"]
    log = import_all(col, site.root / "out")
    assert not log["new"] and len(log["updated"]) == 1 and len(log["duplicate"]) == 6
    (nid,) = col.find_notes("tag:lip::removed")
    assert "softmax" in col.get_note(nid).fields[0] and col.note_count() == 7
    col.close()


def test_explicit_id_wins_over_text(site: Project):
    build(site)
    guid = {e.id: e.guid for e in read_lock(site.content / "cards.lock").entries}["heatmap"]
    edit(site.content / "posts/ml/attention.md", "What does the heat map show?", "Totally different words?")
    edit(site.content / "posts/ml/attention.md", "Attention weights, one row per query.", "Unrelated.")
    build(site)
    assert {e.id: e.guid for e in read_lock(site.content / "cards.lock").entries if not e.removed}["heatmap"] == guid


def test_a_pinned_card_that_changes_kind_gets_a_new_note_not_a_conflict(site: Project, tmp_path: Path):
    col = built_and_imported(site, tmp_path)
    edit(site.content / "posts/ml/attention.md", '??? question "What does the heat map show?"',
         '??? question reverse "What does the heat map show?"')
    result = build(site)
    log = import_all(col, site.root / "out")
    assert not log["conflicting"] and len(log["new"]) == 1 and len(log["updated"]) == 1
    assert [(e.id, e.kind) for e in result.removed] == [("heatmap", "basic")]
    assert len(col.find_notes("tag:lip::removed")) == 1 and len(col.find_notes('"heat map show"')) == 2
    assert any("heatmap" in notice and "reversed" in notice for notice in result.notices)
    edit(site.content / "posts/ml/attention.md", 'reverse "What does the heat', '"What does the heat')  # back
    log = import_all(col, site.root / "out") if build(site) else None
    assert not log["conflicting"] and not log["new"] and len(log["updated"]) == 2
    col.close()


def test_a_cloze_next_to_math_with_closing_braces_imports_as_one_cloze(site: Project, tmp_path: Path):
    note = site.content / "posts/ml/basics/softmax.md"
    note.write_text(note.read_text() + "\nScores are {{c1::scaled}}: $\\frac{QK^\\top}{\\sqrt{d_k}}$.\n")
    col = built_and_imported(site, tmp_path)
    (nid,) = col.find_notes("note:*Cloze scaled")
    (card,) = col.get_note(nid).cards()
    assert r"\(\frac{QK^\top}{\sqrt{d_k}}\)" in card.question() and "[...]" in card.question()
    assert ">scaled<" in card.answer() and ">scaled<" not in card.question()
    col.close()


def test_a_removed_cards_image_leaves_no_missing_media_in_anki(site: Project, tmp_path: Path):
    col = built_and_imported(site, tmp_path)
    card = '??? question "Which curve is this?"\n    ![curve](img/plot.png)\n'
    edit(site.content / "posts/ml/basics/softmax.md", card, "")
    assert build(site).removed
    fresh = Collection(str(tmp_path / "fresh.anki2"))  # and someone who first imports after the removal
    for collection in (col, fresh):
        import_all(collection, site.root / "out")
        (nid,) = collection.find_notes("tag:lip::removed")
        assert "curve" in collection.get_note(nid).fields[1]  # the alt text stays, the site path doesn't
        assert not collection.media.check().missing
        collection.close()


def test_a_renamed_deck_is_reported_with_the_anki_search_that_moves_its_cards(site: Project, tmp_path: Path):
    col = built_and_imported(site, tmp_path)
    edit(site.content / "posts/ml/basics/softmax.md", "deck: ML::Basics", 'deck: ML::Fundamentals "101"')
    result = build(site)
    log = import_all(col, site.root / "out")
    assert not log["new"] and len(log["updated"]) == 2
    old_deck = col.decks.id_for_name("ML::Basics")
    softmax = col.find_cards("tag:source::posts/ml/basics/softmax")
    assert {col.get_card(c).did for c in softmax} == {old_deck}  # Anki's way: cards stay in their deck
    (notice,) = [n for n in result.notices if "ML::Basics" in n]
    assert 'ML::Fundamentals "101"' in notice and "Change Deck" in notice
    search = notice.split("`")[1]
    moved = col.find_cards(search)
    assert len(moved) == 2 and {col.get_card(c).did for c in moved} == {old_deck}
    col.set_deck(moved, col.decks.id_for_name('ML::Fundamentals "101"'))
    assert not col.find_cards('"deck:ML::Basics" -"deck:ML::Basics::*"')
    col.close()


def reword_everything(site: Project) -> None:
    attention = site.content / "posts/ml/attention.md"
    edit(attention, "Why is the dot product scaled by", "Why do we scale the dot product by")
    edit(site.content / "posts/ml/basics/softmax.md", "over the classes.", "over all the classes.")
    edit(attention, "come from {{c1::the same sequence}}", "all come from {{c1::one sequence}}")


def test_a_deleted_lock_is_recovered_from_the_published_decks(site: Project, tmp_path: Path):
    from pipeline.publish.build import build as build_site

    build_site(site, now=NOW)
    reword_everything(site)
    build_site(site, now=NOW)
    col = Collection(str(tmp_path / "c.anki2"))
    import_all(col, site.site / "decks")
    (site.content / "cards.lock").unlink()
    report = build_site(site, now=NOW)
    assert any("recovered 7 card identities" in n and "site/decks" in n for n in report.notices)
    log = import_all(col, site.site / "decks")
    assert not log["new"] and not log["conflicting"] and col.note_count() == 7
    col.close()


@pytest.mark.parametrize("options, edits_arrive", [
    ({}, True),  # Anki's defaults: update notes if newer, no scheduling
    ({"update_notes": ImportAnkiPackageUpdateCondition.IMPORT_ANKI_PACKAGE_UPDATE_CONDITION_ALWAYS}, True),
    ({"with_scheduling": True, "merge_notetypes": True}, True),
    ({"update_notes": ImportAnkiPackageUpdateCondition.IMPORT_ANKI_PACKAGE_UPDATE_CONDITION_NEVER}, False),
])
def test_what_the_decks_page_says_about_import_options(site: Project, tmp_path: Path, options, edits_arrive):
    col = built_and_imported(site, tmp_path)
    reviewed = answer_one_card(col)
    edit(site.content / "posts/ml/attention.md", "gradients vanish", "gradients go to zero")
    build(site)
    import_all(col, site.root / "out", **options)
    assert col.db.scalar("select count() from revlog where cid = ?", reviewed) == 1
    assert col.get_card(reviewed).type != 0 and col.note_count() == 7  # history kept, nothing duplicated
    assert bool(col.find_notes('"go to zero"')) is edits_arrive
    col.close()


def test_links_in_cards_point_at_the_published_site(site: Project, tmp_path: Path):
    """Before: the fields kept `../attention.md#scores`, a link to nothing inside Anki."""
    softmax = site.content / "posts/ml/basics/softmax.md"
    softmax.write_text(softmax.read_text(encoding="utf-8") + "\nQ: Where is attention explained?\n"
                       "A: In [the attention note](../attention.md#scores), [its image](img/plot.png) and "
                       "[Wikipedia](https://en.wikipedia.org/wiki/Attention).\n", encoding="utf-8")
    col = built_and_imported(site, tmp_path)
    back = col.get_note(col.find_notes('"front:Where is attention explained?"')[0]).fields[1]
    assert 'href="https://test.example/site/blog/2026/03/14/attention/#scores"' in back
    assert 'href="https://test.example/site/media/posts/ml/basics/img/plot.png"' in back
    assert 'href="https://en.wikipedia.org/wiki/Attention"' in back
    assert ".md" not in back
    col.close()
