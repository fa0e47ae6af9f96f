"""Anki packages (.apkg) from rendered notes, with ids that never change.

Model ids and deck ids are derived from fixed names, so every build on every machine produces
the same ones: Anki then updates notes in place instead of creating a second note type. The
model schema (fields, templates) must never change shape: that would make every note conflict.
Each note is stamped with its own modification time (from the lock), because Anki skips an
update whose mtime is not newer than what it has.
"""

from __future__ import annotations

import hashlib
import io
import itertools
import json
import sqlite3
import zipfile
from dataclasses import dataclass
from pathlib import Path

import genanki

from pipeline.decks.cards import BASIC, CLOZE, REVERSED

SOURCE = '<div class="lip-source">{{Source}}</div>'
CSS = """\
.card { font-family: -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; font-size: 20px;
  line-height: 1.5; text-align: left; color: #1f2328; background-color: #ffffff; max-width: 42em; margin: 0 auto; }
.card.nightMode, .card.night_mode, .nightMode .card { color: #e6edf3; background-color: #1e1e1e; }
img { max-width: 100%; height: auto; }
.nightMode img, .night_mode img { background-color: #ffffff; border-radius: 4px; }
code { font-family: "JetBrains Mono", Menlo, Consolas, monospace; font-size: 0.85em;
  background-color: rgba(127, 127, 127, 0.15); padding: 0.1em 0.3em; border-radius: 3px; }
.highlight { border-radius: 6px; overflow-x: auto; }
.highlight pre { margin: 0; padding: 0.6em 0.8em; color: #1f2328; }
.highlight code { background: none; padding: 0; }
table { border-collapse: collapse; } td, th { border: 1px solid rgba(127, 127, 127, 0.4); padding: 0.2em 0.5em; }
.cloze { font-weight: bold; color: #0b5cad; }
.nightMode .cloze, .night_mode .cloze { color: #7cc4ff; }
.lip-source { margin-top: 1.5em; font-size: 0.7em; opacity: 0.7; }
.lip-source a { color: inherit; }
"""
IDENTITIES = "lip-cards.lock"  # the deck's lock lines, for `lip decks --recover`
FIELDS = [{"name": "Front"}, {"name": "Back"}, {"name": "Source"}]
CLOZE_FIELDS = [{"name": "Text"}, {"name": "Extra"}, {"name": "Source"}]
ANSWER = '{{FrontSide}}<hr id="answer">{{Back}}' + SOURCE


def stable_id(*names: str) -> int:
    """A positive 63-bit id from names: the same on every machine, for ever."""
    return int.from_bytes(hashlib.sha256("\x1f".join(names).encode()).digest()[:8], "big") >> 2 | 1 << 40


def _model(kind: str) -> genanki.Model:
    if kind == CLOZE:
        templates = [{"name": "Cloze", "qfmt": "{{cloze:Text}}",
                      "afmt": "{{cloze:Text}}<br>{{Extra}}" + SOURCE}]
        return genanki.Model(stable_id("lip-model", "cloze", "1"), "learn-in-public Cloze", fields=CLOZE_FIELDS,
                             templates=templates, css=CSS, model_type=genanki.Model.CLOZE)
    templates = [{"name": "Card 1", "qfmt": "{{Front}}", "afmt": ANSWER}]
    name = "learn-in-public Basic"
    if kind == REVERSED:
        templates.append({"name": "Card 2", "qfmt": "{{Back}}",
                          "afmt": '{{FrontSide}}<hr id="answer">{{Front}}' + SOURCE})
        name = "learn-in-public Basic (and reversed card)"
    return genanki.Model(stable_id("lip-model", kind, "1"), name, fields=FIELDS, templates=templates, css=CSS)


MODELS = {kind: _model(kind) for kind in (BASIC, REVERSED, CLOZE)}


@dataclass(frozen=True)
class PackagedNote:
    """Everything one Anki note needs, identity included."""

    guid: str
    kind: str
    fields: tuple[str, str, str]
    tags: tuple[str, ...]
    mtime: int
    media: tuple[tuple[str, Path], ...] = ()
    fingerprint: str = ""


class _StampedNote(genanki.Note):
    """A genanki note written with its own modification time instead of the package's."""

    def __init__(self, mtime: int, **kwargs) -> None:
        super().__init__(**kwargs)
        self.mtime = mtime

    def write_to_db(self, cursor, timestamp, deck_id, id_gen):
        super().write_to_db(cursor, self.mtime, deck_id, id_gen)


def deck_package(name: str, notes: tuple[PackagedNote, ...], timestamp: int, identities: str = "") -> bytes:
    """The .apkg bytes of one deck, the same bytes for the same notes (so an unchanged deck is
    never rewritten); media files are bundled under their package names, and `identities` (the
    deck's lock lines) as `lip-cards.lock`, which Anki ignores and `lip decks --recover` reads."""
    deck = genanki.Deck(stable_id("lip-deck", name), name)
    for note in notes:
        deck.add_note(_StampedNote(note.mtime, model=MODELS[note.kind], fields=list(note.fields),
                                   tags=list(note.tags), guid=note.guid))
    media = sorted(dict(pair for note in notes for pair in note.media).items())
    conn = sqlite3.connect(":memory:")
    genanki.Package(deck).write_to_db(conn.cursor(), timestamp, itertools.count(timestamp * 1000))
    conn.commit()
    database = conn.serialize()
    conn.close()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as package:
        _add(package, "collection.anki2", database)
        _add(package, "media", json.dumps({str(i): package_name for i, (package_name, _) in enumerate(media)}).encode())
        for i, (_, source) in enumerate(media):
            _add(package, str(i), source.read_bytes())
        if identities:
            _add(package, IDENTITIES, identities.encode("utf-8"))
    return buffer.getvalue()


def _add(package: zipfile.ZipFile, name: str, data: bytes) -> None:
    """A zip member with a fixed date, so the package's bytes depend on its content only."""
    info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    package.writestr(info, data, compresslevel=1)
