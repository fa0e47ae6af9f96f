"""The decks stage end to end: posts -> cards -> rendered notes -> GUIDs -> stamped lock -> .apkg bytes.

Reads posts, images, the lock and its conversion cache; writes only that cache (and only when
`store` is True). It never writes the lock or a package: its callers do that, after every card
of every post was read and validated, so a bad card leaves nothing half-updated.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Callable

from pipeline.cache import Cache, digest
from pipeline.content.index import SiteIndex, Sources, build_index
from pipeline.content.slugs import slugify
from pipeline.decks.cards import CLOZE, REVERSED, duplicate_ids, extract_cards
from pipeline.decks.lock import Lock, LockEntry, dump_lock, read_lock
from pipeline.decks.match import CardKey, assign_guids
from pipeline.decks.package import PackagedNote, deck_package
from pipeline.decks.recover import published_packages, recover_lock
from pipeline.decks.render import (
    Note,
    Renderer,
    deck_for,
    image_finder,
    link_rewriter,
    render_card,
    source_field,
    source_tag,
    tags_for,
    without_images,
)
from pipeline.errors import ContentError, LipError
from pipeline.fsio import atomic_write_bytes
from pipeline.project import Project
from pipeline.records import Post
from pipeline.settings import Settings
from pipeline.wording import counted

VERSION = "decks-3"  # bump when rendering or packaging changes what a note holds: every note updates
REMOVED_TAG = "lip::removed"
CACHE_KEY = "notes"  # one entry: one write per build, not one per post
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
    notices: tuple[str, ...] = ()  # what the user must do in Anki after this build


def build_decks(project: Project, settings: Settings, posts: tuple[Post, ...], now: datetime,
                store: bool = True, resolve: bool = False, recover: tuple[Path, ...] = (),
                site: SiteIndex | None = None) -> DeckBuild:
    """Every deck of `posts`, and the lock that goes with them; `store=False` writes nothing;
    `resolve` reads a lock with merge conflict markers as both sides' cards; `recover` adds the
    identities inside those packages (a missing lock is recovered from the published decks);
    `site` resolves links in cards (default: the index of `posts`)."""
    lock_path = project.content / settings.decks.lock_file
    try:
        lock, recovered = read_identities(project, settings, lock_path, resolve, recover)
    except LipError as exc:
        return DeckBuild(errors=(exc,))
    cache = Cache(project.cache / "decks", readonly=not store)
    cached = cache.get_table(CACHE_KEY)
    site = site or build_index(Sources(project, settings, posts, now))
    notes, errors, fresh = read_notes(project, settings, posts, cached, site)
    cache.put_table(CACHE_KEY, fresh, cached)
    # Posts with cards only: a post without any is no conversion work worth reporting.
    converted = sum(1 for k in fresh.keys() - cached.keys() if fresh[k][0])
    hits = sum(1 for k in fresh.keys() & cached.keys() if fresh[k][0])
    errors += duplicate_ids(tuple(n.card for n in notes))
    if errors:
        return DeckBuild(errors=tuple(errors), converted=converted, cached=hits)
    keys = [card_key(n) for n in notes]
    new_lock, stamped = stamp(lock, notes, keys, assign_guids(keys, lock.entries), int(now.timestamp()))
    removed = tuple(e for e in new_lock.entries
                    if e.removed and now.timestamp() - e.removed < settings.decks.removed_days * 86400)
    shipped = [e for e in new_lock.entries if not e.removed] + list(removed)
    decks = package_decks(stamped, removed, deck_identities(shipped),
                          PackageCache(project.cache / "decks" / "packages", store))
    notices = recovered + kind_changes(lock, new_lock) + deck_moves(lock, new_lock)
    return DeckBuild(decks, new_lock, removed, (), converted, hits, notices)


def read_identities(project: Project, settings: Settings, lock_path: Path, resolve: bool,
                    recover: tuple[Path, ...]) -> tuple[Lock, tuple[str, ...]]:
    """The lock, plus the identities of `recover` or, when the lock is missing, of the published decks."""
    lock = read_lock(lock_path, resolve)
    if lock_path.exists() and not recover:
        return lock, ()
    packages = recover or published_packages((project.site / "decks", project.root / settings.decks.output))
    lock, found = recover_lock(packages, lock, required=bool(recover))
    if not found:
        return lock, ()
    where = ", ".join(project.relative(p) for p in recover) or \
        " and ".join(sorted({f"{project.relative(p.parent)}/*.apkg" for p in packages}))
    return lock, (f"decks: recovered {found} card identities from {where} into "
                  f"{project.relative(lock_path)}; commit it",)


def deck_identities(entries: list[LockEntry]) -> dict[str, str]:
    """Each deck's lock lines, shipped inside its package for `lip decks --recover`."""
    by_deck: dict[str, list[LockEntry]] = {}
    for entry in entries:
        by_deck.setdefault(entry.deck, []).append(entry)
    return {deck: dump_lock(Lock(tuple(group))) for deck, group in by_deck.items()}


def read_notes(project: Project, settings: Settings, posts: tuple[Post, ...], cached: dict,
               site: SiteIndex) -> tuple[list[Note], list[LipError], dict]:
    """Rendered notes of every post, from `cached` when the post and its images are unchanged;
    also the cache entries of this build (post key -> notes, image stamps)."""
    renderer, notes, errors, fresh = None, [], [], {}  # a Renderer is made only when a post needs it
    for post in sorted(posts, key=lambda p: str(p.source)):
        deck = deck_for(post, project.content, settings.decks.default_deck)
        links = link_rewriter(post, site, settings.base_url)
        key = digest(VERSION, str(post.source), links(post.body), str(post.body_line),
                     post.title, post.url_path, deck, "\n".join(post.tags), settings.base_url)
        hit = cached.get(key)
        if hit is not None and hit[1] == _media_stamps(hit[0]):
            fresh[key] = hit
        else:
            renderer = renderer or Renderer()
            found, problems = post_notes(post, project.content, renderer, deck, settings.base_url, links)
            errors += problems
            if not problems:
                fresh[key] = (found, _media_stamps(found))
        notes += fresh[key][0] if key in fresh else []
    return notes, errors, fresh


def post_notes(post: Post, content: Path, renderer: Renderer, deck: str, base_url: str,
               links: Callable[[str], str]) -> tuple[list[Note], list[LipError]]:
    """The notes of `post`'s cards; `links` rewrites a card's links for Anki (`link_rewriter`)."""
    cards, errors = extract_cards(post.body, post.source, post.body_line)
    errors, notes = list(errors), []
    named = post.extra.get("deck")
    if named is not None and not (isinstance(named, str) and named.strip(" :")):
        errors.append(ContentError(post.source, f"deck: expected a deck name like ML::Transformers, got {named!r}", 1))
    find, tags, source = image_finder(post, content), tags_for(post, content), source_key(post.source, content)
    link = source_field(post, base_url)
    for card in cards:
        front, back = links(card.front), links(card.back)
        linked = card if (front, back) == (card.front, card.back) else replace(card, front=front, back=back)
        note, problems = render_card(linked, post, renderer, find, deck, tags, link)
        errors += problems
        if note:
            # From the card's source, not its HTML: another machine's Pygments must not change the lock
            fingerprint = digest(VERSION, card.kind, deck, front, back, note.fields[2], *tags,
                                 *(name for name, _ in note.media))
            notes.append(Note(card=card, deck=note.deck, tags=note.tags, fields=note.fields, media=note.media,
                              source=source, fingerprint=fingerprint))
    return notes, errors


def source_key(path: Path, content: Path) -> str:
    try:
        return path.relative_to(content).as_posix()
    except ValueError:
        return path.as_posix()


def card_key(note: Note) -> CardKey:
    return CardKey(note.source, note.card.kind, note.card.front, note.card.back, note.card.card_id)


def stamp(lock: Lock, notes: list[Note], keys: list[CardKey], guids: tuple[str, ...],
          now: int) -> tuple[Lock, list[tuple[PackagedNote, str]]]:
    """The next lock and the packaged notes: a note whose content changed (or that is new or was
    just removed) gets a timestamp strictly above every earlier one; the others keep theirs."""
    timestamp = max(now, lock.last_mtime + 1)
    old = lock.by_guid()
    entries, packaged = [], []
    for note, key, guid in zip(notes, keys, guids):
        fingerprint = note.fingerprint
        previous = old.get(guid)
        unchanged = previous is not None and previous.digest == fingerprint and not previous.removed
        mtime = previous.mtime if unchanged else timestamp
        entries.append(LockEntry(guid, key.source, key.kind, note.deck, key.front, key.back, key.card_id,
                                 fingerprint, mtime, 0))
        packaged.append((PackagedNote(guid, note.card.kind, note.fields, note.tags, mtime, note.media,
                                     fingerprint), note.deck))
    active = set(guids)
    for entry in lock.entries:
        if entry.guid not in active:
            entries.append(entry if entry.removed else replace(entry, removed=timestamp, mtime=timestamp))
    changed = any(e.mtime == timestamp for e in entries)
    return Lock(tuple(entries), timestamp if changed else lock.last_mtime), packaged


def kind_changes(old: Lock, new: Lock) -> tuple[str, ...]:
    """Pinned cards that changed kind in this build: a new note in Anki, the old one removed."""
    active = {e.id: e for e in new.entries if e.id and not e.removed}
    notices = []
    for entry in new.entries:
        now = active.get(entry.id)
        if entry.removed > old.last_mtime and now is not None and now.kind != entry.kind:
            notices.append(f"decks: card {entry.id!r} ({now.source}) changed from {entry.kind} to "
                           f"{now.kind}: Anki can't change a note's type, so it arrives as a new note "
                           f"(review history starts again) and the old one is tagged {REMOVED_TAG}")
    return tuple(notices)


def deck_moves(old: Lock, new: Lock) -> tuple[str, ...]:
    """Cards whose deck changed: Anki updates them in place but leaves them in their old deck."""
    before = old.by_guid()
    moves: dict[tuple[str, str], set[str]] = {}
    for entry in new.entries:
        was = before.get(entry.guid)
        if was is not None and not entry.removed and was.deck != entry.deck:
            moves.setdefault((was.deck, entry.deck), set()).add(entry.source)
    return tuple(f"decks: cards of {counted(len(sources), 'file')} moved from deck {old_deck!r} to "
                 f"{new_deck!r}; Anki keeps updated cards in their old deck: search `{move_search(old_deck, sources)}` in "
                 f"Anki's browser, select all, then Cards > Change Deck to {new_deck!r}"
                 for (old_deck, new_deck), sources in sorted(moves.items()))


def move_search(deck: str, sources: set[str]) -> str:
    """The Anki search for the cards of `sources` still in `deck`."""
    tags = " OR ".join(_quoted(f"tag:{source_tag(s)}") for s in sorted(sources))
    return f"{_quoted(f'deck:{deck}')} ({tags})"


def _quoted(term: str) -> str:
    """One Anki search term: backslash, quote and the wildcards `*` `_` taken literally."""
    for char in '\\"*_':
        term = term.replace(char, "\\" + char)
    return f'"{term}"'


def package_decks(stamped: list[tuple[PackagedNote, str]], removed: tuple[LockEntry, ...],
                  identities: dict[str, str], cache: PackageCache) -> tuple[DeckFile, ...]:
    """One .apkg per deck; unchanged notes give the same bytes (from the cache when it has them)."""
    by_deck: dict[str, list[PackagedNote]] = {}
    for note, deck in stamped:
        by_deck.setdefault(deck, []).append(note)
    gone = _removed_notes(removed)
    for deck, note in gone:
        by_deck.setdefault(deck, []).append(note)
    files, filenames = [], set()
    for name, notes in sorted(by_deck.items()):
        notes.sort(key=lambda n: n.guid)
        lines = identities.get(name, "")
        key = digest(VERSION, name, lines, *(f"{n.guid}\x1f{n.fingerprint}\x1f{n.mtime}" for n in notes))
        data = cache.get(key, partial(deck_package, name, tuple(notes), max(n.mtime for n in notes), lines))
        count = sum(1 for n in notes if REMOVED_TAG in n.tags)
        active = [n for n in notes if REMOVED_TAG not in n.tags]
        filename = deck_filename(name, filenames)
        files.append(DeckFile(name, filename, len(active), sum(map(card_count, active)), count, data))
    cache.prune()
    return tuple(files)


@dataclass
class PackageCache:
    """Packages by the digest of their notes: an unchanged deck costs no genanki work."""

    folder: Path
    store: bool
    used: set = field(default_factory=set)

    def get(self, key: str, make) -> bytes:
        path = self.folder / f"{key}.apkg"
        self.used.add(path.name)
        if path.is_file():
            return path.read_bytes()
        data = make()
        if self.store:
            atomic_write_bytes(path, data)
        return data

    def prune(self) -> None:
        if self.store and self.folder.is_dir():
            for stale in self.folder.glob("*.apkg"):
                if stale.name not in self.used:
                    stale.unlink(missing_ok=True)


def card_count(note: PackagedNote) -> int:
    """Cards Anki makes from a note: 1, 2 for reversed, one per cloze number."""
    if note.kind == REVERSED:
        return 2
    if note.kind == CLOZE:
        return max(1, len(set(_CLOZE_NUMBER.findall(note.fields[0]))))
    return 1


def deck_filename(name: str, taken: set[str]) -> str:
    """`ML::Transformers` -> `ml-transformers.apkg`; a name that slugs like another gets a suffix."""
    stem = slugify(name.replace("::", " ")) or "deck"
    filename = f"{stem}.apkg" if f"{stem}.apkg" not in taken else f"{stem}-{digest(name)[:8]}.apkg"
    taken.add(filename)
    return filename


def _removed_notes(removed: tuple[LockEntry, ...]) -> list[tuple[str, PackagedNote]]:
    """Removed cards, shipped with the removed tag so a re-import marks them in the collection."""
    renderer = Renderer()
    notes = []
    for entry in removed:
        front, back = without_images(entry.front), without_images(entry.back)
        fields = (renderer.html(front), renderer.html(back) if back else "", f"removed from {entry.source}")
        notes.append((entry.deck, PackagedNote(entry.guid, entry.kind, fields, ("lip", REMOVED_TAG),
                                               entry.removed, (), digest("removed", *fields))))
    return notes


def _media_stamps(notes: list[Note]) -> tuple:
    paths = sorted({path for note in notes for _, path in note.media})
    return tuple((str(p), p.stat().st_size, p.stat().st_mtime_ns) if p.is_file() else (str(p), -1, -1)
                 for p in paths)
