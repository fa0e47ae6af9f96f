"""Which Anki GUID each card gets: a pure decision over this build's cards and the lock.

A GUID stays with one note type for ever: Anki refuses a known GUID under another type as
"conflicting", so a card whose kind changed (say basic -> reversed) is a new note, even with its
`id:`. Order of evidence: an explicit `id:` seen before with the same kind; identical text
anywhere (a reorder or a moved file); similar text in the same file, then anywhere (a typo fix, a
reworded question or answer, a find-and-replace, any of them with a move), each card scored only
against a few candidates sharing its rarest words, so the cost grows linearly; otherwise a new
GUID derived from the card itself, so two machines building the same notes agree. Never reads or
writes anything.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Iterable, Sequence

import genanki

from pipeline.decks.cards import BASIC, CLOZE
from pipeline.decks.lock import LockEntry

_RARE_WORDS = 6  # a key's rarest words that pick its candidates
_MAX_POSTINGS = 200  # a word in more entries than this picks no one: it proves nothing
_CANDIDATES = 8  # entries compared by shared words per key
_SCORED = 2  # of those, the closest get a character-level similarity: the cost is linear in cards
_WORD = re.compile(r"\w+")
_TOKEN = re.compile(r"\w+|[^\w\s]")
_MIN_SIDE = 8  # a side shorter than this ("Yes", "4") proves nothing alone


@dataclass(frozen=True)
class CardKey:
    """What identifies a card: where it is written, its kind, its text and explicit id."""

    source: str
    kind: str
    front: str
    back: str = ""
    card_id: str = ""


def assign_guids(keys: Sequence[CardKey], old: Iterable[LockEntry]) -> tuple[str, ...]:
    """One GUID per key, in order; a GUID of `old` is given to at most one key."""
    free = {entry.guid: entry for entry in old}
    guids: list[str | None] = [None] * len(keys)
    _by_id(keys, free, guids)
    _by_text(keys, free, guids)
    by_source: dict[str, list[LockEntry]] = defaultdict(list)
    for entry in free.values():
        by_source[entry.source].append(entry)
    for source, indices in _group(keys, guids).items():
        _fuzzy(keys, indices, by_source.get(source, []), free, guids)
    _fuzzy(keys, [i for i, g in enumerate(guids) if g is None], list(free.values()), free, guids)
    return _fill_new(keys, guids, set(free))


def similarity(key: CardKey, entry: LockEntry) -> float:
    """How likely `entry` is an earlier version of `key`: 0 when it is not one."""
    if key.kind != entry.kind:
        return 0.0
    front = _ratio(key.front, entry.front)
    if key.kind == CLOZE:
        return front if front >= 0.75 else 0.0
    back = _ratio(key.back, entry.back)
    strong = max(front if len(key.front) >= _MIN_SIDE else 0.0, back if len(key.back) >= _MIN_SIDE else 0.0)
    if strong < 0.8 and (front + back) / 2 < 0.75:
        return 0.0
    return (front + back) / 2 + (0.05 if key.source == entry.source else 0.0)


def new_guid(key: CardKey, occurrence: int = 0) -> str:
    if key.card_id:  # basic keeps the GUID earlier versions derived, which named no kind
        kind = [key.kind] if key.kind != BASIC else []
        return genanki.guid_for("lip-id", key.card_id, *kind, *([occurrence] if occurrence else []))
    return genanki.guid_for("lip", key.source, key.kind, key.front, key.back, *([occurrence] if occurrence else []))


def _by_id(keys: Sequence[CardKey], free: dict[str, LockEntry], guids: list[str | None]) -> None:
    by_id = {(e.id, e.kind): e.guid for e in free.values() if e.id}
    for i, key in enumerate(keys):
        guid = by_id.get((key.card_id, key.kind))
        if key.card_id and guid in free:
            guids[i] = guid
            del free[guid]


def _by_text(keys: Sequence[CardKey], free: dict[str, LockEntry], guids: list[str | None]) -> None:
    claimed_ids = {k.card_id for k in keys if k.card_id}
    exact: dict[tuple, list[LockEntry]] = defaultdict(list)
    for entry in free.values():
        if not entry.id or entry.id not in claimed_ids:
            exact[(entry.kind, _norm(entry.front), _norm(entry.back))].append(entry)
    for i, key in enumerate(keys):
        if guids[i] is None:
            same = exact.get((key.kind, _norm(key.front), _norm(key.back)), [])
            same.sort(key=lambda e: e.source != key.source)  # prefer the card's own file
            while same and same[0].guid not in free:
                same.pop(0)
            if same:
                guids[i] = same.pop(0).guid
                del free[guids[i]]


def _fuzzy(keys: Sequence[CardKey], indices: list[int], entries: list[LockEntry],
           free: dict[str, LockEntry], guids: list[str | None]) -> None:
    """Greedy best-first pairing of unmatched keys with free entries by similarity, scoring each
    key against a few candidates only (those sharing its rarest words): never all pairs."""
    if not indices or not entries:
        return
    index: dict[str, list[int]] = defaultdict(list)
    words = [_words(entry.front, entry.back) for entry in entries]
    for position, found in enumerate(words):
        for word in found:
            index[word].append(position)
    pairs = []
    for i in indices:
        mine = _words(keys[i].front, keys[i].back)
        near = sorted(_candidates(mine, index), key=lambda p: -len(mine & words[p]) / len(mine | words[p]))
        for position in near[:_SCORED]:  # the character-level ratio is the costly part: few of them
            entry = entries[position]
            score = similarity(keys[i], entry) if entry.guid in free else 0.0
            if score > 0:
                pairs.append((score, i, entry.guid))
    pairs.sort(key=lambda p: (-p[0], p[1], p[2]))
    for _, i, guid in pairs:
        if guids[i] is None and guid in free:
            guids[i] = guid
            del free[guid]


def _candidates(words: set[str], index: dict[str, list[int]]) -> list[int]:
    """Entries sharing the most of a key's rarest words (a rare word is the best evidence)."""
    rare = sorted((len(index[w]), w) for w in words if w in index)[:_RARE_WORDS]
    counts: dict[int, int] = defaultdict(int)
    for size, word in rare:
        if size <= _MAX_POSTINGS:
            for position in index[word]:
                counts[position] += 1
    return sorted(counts, key=lambda p: (-counts[p], p))[:_CANDIDATES]


def _words(front: str, back: str) -> set[str]:
    return set(_WORD.findall(f"{front}\n{back}".lower()))


def _group(keys: Sequence[CardKey], guids: list[str | None]) -> dict[str, list[int]]:
    groups: dict[str, list[int]] = defaultdict(list)
    for i, key in enumerate(keys):
        if guids[i] is None:
            groups[key.source].append(i)
    return groups


def _fill_new(keys: Sequence[CardKey], guids: list[str | None], unmatched: set[str]) -> tuple[str, ...]:
    """New GUIDs for the rest, never one the lock knows: Anki may hold it under another kind."""
    used = {g for g in guids if g} | unmatched
    for i, key in enumerate(keys):
        if guids[i] is None:
            occurrence, guid = 0, new_guid(key)
            while guid in used:
                occurrence += 1
                guid = new_guid(key, occurrence)
            guids[i] = guid
            used.add(guid)
    return tuple(g for g in guids if g)


def _norm(text: str) -> str:
    return " ".join(text.lower().split())


def _ratio(a: str, b: str) -> float:
    """Similarity of two sides over their words and punctuation (characters cost 20x more)."""
    a, b = _norm(a), _norm(b)
    if a == b:
        return 1.0
    matcher = SequenceMatcher(None, _TOKEN.findall(a), _TOKEN.findall(b), autojunk=False)
    return matcher.ratio() if matcher.real_quick_ratio() >= 0.4 and matcher.quick_ratio() >= 0.4 else 0.0
