"""Packages: ids that never change, the same bytes for the same notes, media under package names."""

from __future__ import annotations

import io
import json
import sqlite3
import zipfile
from pathlib import Path

from pipeline.decks.cards import BASIC, CLOZE, REVERSED
from pipeline.decks.package import MODELS, PackagedNote, deck_package, stable_id

# Recorded once: users' collections hold these ids. If this test fails, every user's next import
# would create a second note type and conflict on every note: change the code, not the numbers.
MODEL_IDS = {BASIC: 1684286398172908346, REVERSED: 156411981925787754, CLOZE: 587305352726690928}


def test_model_and_deck_ids_never_change():
    assert {kind: model.model_id for kind, model in MODELS.items()} == MODEL_IDS
    assert stable_id("lip-deck", "ML::Transformers") == 2127565785007925992
    assert stable_id("lip-deck", "ML::Transformers") != stable_id("lip-deck", "ML::Basics")


def note(guid: str, mtime: int, media=()) -> PackagedNote:
    return PackagedNote(guid, BASIC, ("Q", "A", "src"), ("lip",), mtime, media)


def read(data: bytes) -> tuple[dict, list]:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        media = json.loads(package.read("media"))
        database = package.read("collection.anki2")
    conn = sqlite3.connect(":memory:")
    conn.deserialize(database)
    return media, conn.execute("select guid, mod from notes order by guid").fetchall()


def test_same_notes_same_bytes_wherever_the_media_lives(tmp_path: Path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a/p.png").write_bytes(b"img")
    (tmp_path / "b/p.png").write_bytes(b"img")
    one = deck_package("D", (note("g1", 100, (("p-1.png", tmp_path / "a/p.png"),)),), 100)
    two = deck_package("D", (note("g1", 100, (("p-1.png", tmp_path / "b/p.png"),)),), 100)
    assert one == two


def test_each_note_keeps_its_own_mtime_and_media_names(tmp_path: Path):
    (tmp_path / "p.png").write_bytes(b"img")
    media, rows = read(deck_package("D", (note("g1", 100), note("g2", 250, (("plot-ab.png", tmp_path / "p.png"),))), 250))
    assert rows == [("g1", 100), ("g2", 250)] and media == {"0": "plot-ab.png"}
