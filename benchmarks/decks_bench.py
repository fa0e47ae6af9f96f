"""Decks: 20,000 cards across 500 notes, `lip`'s deck build against a plain genanki script.

Same process, same cards. The floor is what a hand-written genanki script costs on the cards
already extracted: the same Markdown rendering (one reused converter, same extensions, so math and
code come out the same), default genanki GUIDs, one package per deck. It has no card syntax to
parse, no lock, no identity matching and no cache. `lip` is the decks stage as `lip build` runs
it: extract cards from the post bodies, render, match GUIDs against the lock, stamp mtimes, package,
write packages and lock. Then one card of one note gets a typo fix and `lip` rebuilds.
Usage: .venv/bin/python benchmarks/decks_bench.py [--notes 500] [--cards 40]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import genanki  # noqa: E402

from pipeline.decks.build import build_decks  # noqa: E402
from pipeline.decks.cards import extract_cards  # noqa: E402
from pipeline.decks.commands import published_posts  # noqa: E402
from pipeline.decks.lock import write_lock  # noqa: E402
from pipeline.decks.package import MODELS  # noqa: E402
from pipeline.decks.render import Renderer  # noqa: E402
from pipeline.fsio import atomic_write_bytes  # noqa: E402
from pipeline.project import Project  # noqa: E402

NOW = datetime(2026, 11, 21, 12, tzinfo=timezone.utc)
CODE = "```python\nimport numpy as np\nx = np.arange({i}) * 2  # costs $5\nprint(x.sum())\n```"


def card_block(n: int, i: int) -> str:
    """Card `i` of note `n`: a mix of the three forms, with math and (sometimes) code."""
    topic = f"concept {n}-{i}"
    if i % 4 == 0:
        return f"Q: What is {topic} and why does $x_{{{i}}}$ matter?\nA: It scales $\\sqrt{{d_{i}}}$ by **{i}** units."
    if i % 4 == 1:
        extra = "\n\n    " + CODE.format(i=i).replace("\n", "\n    ") if i % 8 == 1 else ""
        return f'??? question{" reverse" if i % 3 == 0 else ""} "Define {topic}."\n    The {topic} is $a^{i}+b$.{extra}'
    if i % 4 == 2:
        return f"The {topic} maps {{{{c1::inputs {i}}}}} to {{{{c2::outputs with $y={i}x$}}}}."
    return f"Q: How many steps does {topic} take?\nA: Exactly {i * n} steps, see `steps({i})`."


def write_site(root: Path, notes: int, cards: int) -> None:
    (root / "mkdocs.yml").write_text("site_name: bench\n")
    for n in range(notes):
        body = "\n\n".join(card_block(n, i) for i in range(cards))
        folder = root / "content" / "posts" / f"topic{n % 10}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"note{n}.md").write_text(
            f"---\ntitle: Note {n}\ndate: 2026-01-01\ntags: [bench]\ndeck: Bench::Topic{n % 10}\n---\n\n{body}\n")


def floor(posts, out: Path) -> float:
    """The plain genanki script: cards given, render both sides, default GUIDs, one package per deck."""
    extracted = [(post, card) for post in posts for card in extract_cards(post.body, post.source, post.body_line)[0]]
    started = time.perf_counter()
    renderer, decks = Renderer(), {}
    for post, card in extracted:
        name = post.extra["deck"]
        deck = decks.setdefault(name, genanki.Deck(abs(hash(name)) % (1 << 30), name))
        fields = [renderer.html(card.front), renderer.html(card.back) if card.back else "", post.title]
        deck.add_note(genanki.Note(model=MODELS[card.kind], fields=fields, tags=["bench"]))
    for i, deck in enumerate(decks.values()):
        genanki.Package(deck).write_to_file(str(out / f"floor{i}.apkg"))
    return time.perf_counter() - started


def lip(project: Project, posts, out: Path) -> tuple[float, int]:
    """The decks stage as the build runs it, plus the writes `lip decks` does."""
    started = time.perf_counter()
    result = build_decks(project, project.settings(), posts, NOW)
    assert not result.errors, result.errors[:3]
    for deck in result.decks:
        atomic_write_bytes(out / deck.filename, deck.data)
    write_lock(project.content / "cards.lock", result.lock)
    return time.perf_counter() - started, sum(d.notes for d in result.decks)


def warm_up(path: Path) -> None:
    """Load Pygments lexers and the Markdown extensions once, so neither timed run pays for it."""
    Renderer().html(card_block(0, 1) + "\n\n" + CODE.format(i=1) + "\n\n| a |\n|---|\n| $x$ |")
    genanki.Package(genanki.Deck(1, "warm")).write_to_file(str(path))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=500)
    parser.add_argument("--cards", type=int, default=40)
    parser.add_argument("--repeat", type=int, default=2, help="interleaved runs; the fastest of each counts")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="decks-bench-") as tmp:
        root = Path(tmp)
        write_site(root, args.notes, args.cards)
        project = Project(root)
        posts = published_posts(project, NOW)
        (root / "out").mkdir()
        warm_up(root / "warm.apkg")
        floors, fulls, edits = [], [], []
        for _ in range(args.repeat):  # interleaved, so load from other jobs hits both alike
            floors.append(floor(posts, root / "out"))
            shutil.rmtree(root / ".lip", ignore_errors=True)
            (root / "content" / "cards.lock").unlink(missing_ok=True)
            fulls.append(lip(project, posts, root / "out")[0])
        notes = sum(1 for _ in (root / "content" / "cards.lock").read_text().splitlines()[2:])
        for i in range(args.repeat):
            target = root / f"content/posts/topic3/note{3 + 10 * i}.md"
            target.write_text(target.read_text().replace("units.", "unitz.", 1))
            edits.append(lip(project, published_posts(project, NOW), root / "out")[0])
        floor_s, full_s, edit_s = min(floors), min(fulls), min(edits)
        print(f"{notes} notes from {len(posts)} posts; runs: floor {fmt(floors)}, full {fmt(fulls)}, edit {fmt(edits)}")
        print(f"floor (plain genanki script): {floor_s:.2f} s")
        print(f"lip full build (cold cache, no lock): {full_s:.2f} s = {full_s / floor_s:.2f}x the floor (target <= 1.5x)")
        print(f"lip rebuild after one edit: {edit_s:.2f} s = {full_s / edit_s:.1f}x faster than the full build (target >= 5x)")


def fmt(times: list[float]) -> str:
    return "/".join(f"{t:.2f}" for t in times)


if __name__ == "__main__":
    main()
