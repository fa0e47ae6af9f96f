"""GUID assignment: stable under reorder, move, typo fixes and rewording; explicit ids win."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from pipeline.decks.cards import BASIC, CLOZE, REVERSED
from pipeline.decks.lock import LockEntry
from pipeline.decks.match import CardKey, assign_guids, similarity


def lock_of(keys, guids) -> list[LockEntry]:
    return [LockEntry(g, k.source, k.kind, "Deck", k.front, k.back, k.card_id) for k, g in zip(keys, guids)]


def rebuild(old_keys, new_keys):
    old_guids = assign_guids(old_keys, [])
    return old_guids, assign_guids(new_keys, lock_of(old_keys, old_guids))


KEYS = [
    CardKey("posts/a.md", BASIC, "Why is attention scaled by sqrt(d_k)?", "Softmax saturates otherwise."),
    CardKey("posts/a.md", BASIC, "What shape does Q have?", "n by d_k, one row per query."),
    CardKey("posts/a.md", CLOZE, "Self-attention reads {{c1::one sequence}} three ways."),
    CardKey("posts/b.md", REVERSED, "Softmax", "Turns scores into a probability distribution."),
]


def test_reworded_question_keeps_guid():
    new = [replace(KEYS[0], front="For what reason do we divide the scores by the root of d_k?"), *KEYS[1:]]
    old, guids = rebuild(KEYS, new)
    assert guids == old


def test_typo_fix_and_reorder_and_move_keep_guids():
    new = [replace(KEYS[3], source="notes/b-moved.md"), KEYS[2], replace(KEYS[1], back="n by d_k; one row per query."),
           KEYS[0]]
    old, guids = rebuild(KEYS, new)
    assert guids == (old[3], old[2], old[1], old[0])


def test_a_different_card_gets_a_new_guid():
    new = [*KEYS[:3], CardKey("posts/b.md", REVERSED, "Cross-entropy", "The expected surprise under the model.")]
    old, guids = rebuild(KEYS, new)
    assert guids[:3] == old[:3] and guids[3] not in old


def test_kind_change_or_short_sides_are_not_evidence():
    assert similarity(replace(KEYS[0], kind=REVERSED), lock_of(KEYS[:1], ["g"])[0]) == 0
    yes_a = CardKey("posts/a.md", BASIC, "Is the sky blue today?", "Yes")
    yes_b = CardKey("posts/a.md", BASIC, "Does a matrix have a rank?", "Yes")
    assert similarity(yes_b, lock_of([yes_a], ["g"])[0]) == 0


def test_explicit_id_wins_over_text_and_adopts_an_earlier_card():
    with_id = [replace(KEYS[0], card_id="scale"), *KEYS[1:]]
    old, guids = rebuild(KEYS, with_id)
    assert guids == old  # adding an id keeps the card's history
    rewritten = [replace(KEYS[1], card_id="scale"), replace(KEYS[0], card_id="")]
    again = assign_guids(rewritten, lock_of(with_id, guids))
    assert again[0] == old[0]  # the id follows the text it is written on, whatever that text is


def test_same_cards_same_guids_on_every_machine():
    assert assign_guids(KEYS, []) == assign_guids(list(KEYS), [])
    twins = [KEYS[0], KEYS[0]]
    assert len(set(assign_guids(twins, []))) == 2


sentence = st.lists(st.sampled_from("alpha beta gamma delta matrix vector softmax tensor query key value row "
                                    "column gradient loss norm rank".split()), min_size=3, max_size=8).map(" ".join)
card = st.builds(CardKey, st.sampled_from(["posts/a.md", "posts/b.md", "notes/c.md"]), st.sampled_from([BASIC, REVERSED]),
                 sentence, sentence)
cards = st.lists(card, min_size=1, max_size=12)
# Two identical cards are interchangeable: which one keeps which GUID can't be told, nor matter.
distinct_cards = st.lists(card, min_size=1, max_size=12, unique_by=lambda k: (k.kind, k.front, k.back))


@given(cards, st.randoms())
def test_guids_are_unique_and_survive_any_reorder(keys, rng):
    old = assign_guids(keys, [])
    assert len(set(old)) == len(keys)
    order = list(range(len(keys)))
    rng.shuffle(order)
    again = assign_guids([keys[i] for i in order], lock_of(keys, old))
    assert sorted(again) == sorted(old)
    by_key = {}
    for i, guid in zip(order, again):
        by_key.setdefault(keys[i], set()).add(guid)
    assert all(by_key[k] <= {g for kk, g in zip(keys, old) if kk == k} for k in by_key)


@given(distinct_cards, st.data())
def test_one_typo_keeps_every_guid(keys, data):
    old = assign_guids(keys, [])
    i = data.draw(st.integers(0, len(keys) - 1))
    text = keys[i].back
    j = data.draw(st.integers(0, len(text) - 1))
    edited = list(keys)
    edited[i] = replace(keys[i], back=text[:j] + "x" + text[j + 1:])
    assert assign_guids(edited, lock_of(keys, old)) == old


@given(cards)
def test_moving_every_file_keeps_every_guid(keys):
    old = assign_guids(keys, [])
    moved = [replace(k, source="archive/" + k.source) for k in keys]
    assert assign_guids(moved, lock_of(keys, old)) == old


def test_a_pinned_card_that_changes_kind_never_keeps_its_guid():
    basic = CardKey("posts/a.md", BASIC, "What does the heat map show?", "Weights.", "heatmap")
    (old,) = assign_guids([basic], [])
    lock = lock_of([basic], [old])
    (flipped,) = assign_guids([replace(basic, kind=REVERSED)], lock)
    assert flipped != old
    both = lock + lock_of([replace(basic, kind=REVERSED)], [flipped])
    assert assign_guids([basic], both) == (old,)  # and back: the basic note Anki already has
