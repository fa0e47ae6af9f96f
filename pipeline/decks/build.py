"""The decks stage end to end: posts -> cards -> rendered notes -> GUIDs -> stamped lock -> .apkg bytes.

Reads posts, images, the lock and the conversion cache; writes only the cache (and only when
`store` is True). It never writes the lock or a package: its callers do that, after every card
of every post was read and validated, so a bad card leaves nothing half-updated.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from pipeline.cache import Cache, digest
from pipeline.content.slugs import slugify
from pipeline.decks.cards import CLOZE, REVERSED, Card, duplicate_ids, extract_cards
from pipeline.decks.lock import Lock, LockEntry, read_lock
from pipeline.decks.match import CardKey, assign_guids
from pipeline.decks.package import PackagedNote, deck_package
from pipeline.decks.render import Note, Renderer, deck_for, image_finder, render_card, tags_for
from pipeline.errors import LipError
from pipeline.project import Project
from pipeline.records import Post
from pipeline.settings import Settings

VERSION = "decks-1"  # bump when rendering or packaging changes what a cached entry holds
REMOVED_TAG = "lip::removed"
_CLOZE_NUMBER = re.compile(r"\{\{c(\d+)::")


@dataclass(frozen=True)
class DeckFile:
    name: str
    filename: str
    notes: int
    cards: int
    removed: int
    data: bytes


@dataclass(frozen=True)
class DeckBuild:
    decks: tuple[DeckFile, ...] = ()
    lock: Lock | None = None  # None: nothing to write (errors, or the lock could not be read)
    removed: tuple[LockEntry, ...] = ()  # cards gone from the notes, still shipped with the removed tag
    errors: tuple[LipError, ...] = ()
    converted: int = 0
    cached: int = 0


def build_decks(project: Project, settings: Settings, posts: tuple[Post, ...], now: datetime,
                store: bool = True) -> DeckBuild:
    """Every deck of `posts`, and the lock that goes with them; `store=False` writes nothing."""
    lock_path = project.content / settings.decks.lock_file
    try:
        lock = read_lock(lock_path)
    except LipError as exc:
        return DeckBuild(errors=(exc,))
    cache = Cache(project.cache / "decks")
    notes, errors = read_notes(project, settings, posts, cache, store)
    errors += duplicate_ids(tuple(n.card for n in notes))
    if errors:
        return DeckBuild(errors=tuple(errors), converted=cache.misses, cached=cache.hits)
    keys = [card_key(n.card, project.content) for n in notes]
    new_lock, stamped = stamp(lock, notes, keys, assign_guids(keys, lock.entries), int(now.timestamp()))
    removed = tuple(e for e in new_lock.entries
                    if e.removed and now.timestamp() - e.removed < settings.decks.removed_days * 86400)
    decks = package_decks(stamped, removed, cache, store)
    return DeckBuild(decks, new_lock, removed, (), cache.misses, cache.hits)


def read_notes(project: Project, settings: Settings, posts: tuple[Post, ...], cache: Cache,
               store: bool) -> tuple[list[Note], list[LipError]]:
    """Rendered notes of every post, from the cache when the post and its images are unchanged."""
    renderer, notes, errors = Renderer(), [], []
    for post in sorted(posts, key=lambda p: str(p.source)):
        deck = deck_for(post, project.content, settings.decks.default_deck)
        key = digest(VERSION, str(post.source), post.body, str(post.body_line), post.title, post.url_path,
                     deck, "\n".join(post.tags), settings.base_url)
        done = _cached(cache, key)
        if done is None:
            done = post_notes(post, project.content, renderer, deck, settings.base_url)
            if not done[1]:
                cache.get_or_make(key, lambda: (done[0], _media_stamps(done[0])), store=store)
        notes += done[0]
        errors += done[1]
    return notes, errors


def post_notes(post: Post, content: Path, renderer: Renderer, deck: str,
               base_url: str) -> tuple[list[Note], list[LipError]]:
    cards, errors = extract_cards(post.body, post.source, post.body_line)
    errors, notes = list(errors), []
    find, tags = image_finder(post, content), tags_for(post, content)
    for card in cards:
        note, problems = render_card(card, post, renderer, find, deck, tags, base_url)
        notes += [note] if note else []
        errors += problems
    return notes, errors


def card_key(card: Card, content: Path) -> CardKey:
    try:
        source = card.source.relative_to(content).as_posix()
    except ValueError:
        source = card.source.as_posix()
    return CardKey(source, card.kind, card.front, card.back, card.card_id)


def stamp(lock: Lock, notes: list[Note], keys: list[CardKey], guids: tuple[str, ...],
          now: int) -> tuple[Lock, list[tuple[PackagedNote, str]]]:
    """The next lock and the packaged notes: a note whose content changed (or that is new or was
    just removed) gets a timestamp strictly above every earlier one; the others keep theirs."""
    timestamp = max(now, lock.last_mtime + 1)
    old = lock.by_guid()
    entries, packaged = [], []
    for note, key, guid in zip(notes, keys, guids):
        fingerprint = digest(note.card.kind, note.deck, *note.fields, *note.tags, *(m for m, _ in note.media))
        previous = old.get(guid)
        unchanged = previous is not None and previous.digest == fingerprint and not previous.removed
        mtime = previous.mtime if unchanged else timestamp
        entries.append(LockEntry(guid, key.source, key.kind, note.deck, key.front, key.back, key.card_id,
                                 fingerprint, mtime, 0))
        packaged.append((PackagedNote(guid, note.card.kind, note.fields, note.tags, mtime, note.media), note.deck))
    active = set(guids)
    for entry in lock.entries:
        if entry.guid not in active:
            entries.append(entry if entry.removed else replace(entry, removed=timestamp, mtime=timestamp))
    changed = any(e.mtime == timestamp for e in entries)
    return Lock(tuple(entries), timestamp if changed else lock.last_mtime), packaged


def package_decks(stamped: list[tuple[PackagedNote, str]], removed: tuple[LockEntry, ...], cache: Cache,
                  store: bool) -> tuple[DeckFile, ...]:
    """One .apkg per deck; a deck whose notes are all unchanged comes from the cache, byte for byte."""
    by_deck: dict[str, list[PackagedNote]] = {}
    for note, deck in stamped:
        by_deck.setdefault(deck, []).append(note)
    gone = _removed_notes(removed)
    for deck, note in gone:
        by_deck.setdefault(deck, []).append(note)
    files = []
    for name, notes in sorted(by_deck.items()):
        notes.sort(key=lambda n: n.guid)
        key = digest(VERSION, name, *(_note_digest(n) for n in notes))
        data = cache.get_or_make(key, lambda: deck_package(name, tuple(notes), max(n.mtime for n in notes)),
                                 store=store)
        count = sum(1 for n in notes if REMOVED_TAG in n.tags)
        active = [n for n in notes if REMOVED_TAG not in n.tags]
        files.append(DeckFile(name, deck_filename(name), len(active), sum(map(card_count, active)), count, data))
    return tuple(files)


def card_count(note: PackagedNote) -> int:
    """Cards Anki makes from a note: 1, 2 for reversed, one per cloze number."""
    if note.kind == REVERSED:
        return 2
    if note.kind == CLOZE:
        return max(1, len(set(_CLOZE_NUMBER.findall(note.fields[0]))))
    return 1


def deck_filename(name: str) -> str:
    return (slugify(name.replace("::", " ")) or "deck") + ".apkg"


def _removed_notes(removed: tuple[LockEntry, ...]) -> list[tuple[str, PackagedNote]]:
    """Removed cards, shipped with the removed tag so a re-import marks them in the collection."""
    renderer = Renderer()
    notes = []
    for entry in removed:
        fields = (renderer.html(entry.front), renderer.html(entry.back) if entry.back else "",
                  f"removed from {entry.source}")
        notes.append((entry.deck, PackagedNote(entry.guid, entry.kind, fields, ("lip", REMOVED_TAG),
                                               entry.removed)))
    return notes


def _note_digest(note: PackagedNote) -> str:
    media = [f"{name}:{path.stat().st_size}:{path.stat().st_mtime_ns}" for name, path in note.media]
    return digest(note.guid, note.kind, *note.fields, *note.tags, str(note.mtime), *media)


def _cached(cache: Cache, key: str) -> tuple[list[Note], list[LipError]] | None:
    """A cached post's notes, unless one of its images changed since (then it is a miss)."""
    if key not in cache:
        return None
    notes, stamps = cache.get_or_make(key, lambda: ([], ()), store=False)
    return (notes, []) if stamps == _media_stamps(notes) else None


def _media_stamps(notes: list[Note]) -> tuple:
    paths = sorted({path for note in notes for _, path in note.media})
    return tuple((str(p), p.stat().st_size, p.stat().st_mtime_ns) if p.is_file() else (str(p), -1, -1)
                 for p in paths)
