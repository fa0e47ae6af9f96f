"""Decks: 20,000 cards across 500 notes; `lip` against a plain genanki script, and every edit pattern
against a cold build.

Part 1, in this process, same cards, CPU time of this process. The floor is what a hand-written
genanki script costs on the cards already extracted: the same Markdown rendering (one reused converter, same extensions, so
math and code come out the same), default genanki GUIDs, one package per deck. `lip` is the decks
stage as `lip decks` runs it (extract, render, match GUIDs against the lock, stamp, package, write
packages and lock), cold (no cache, no lock), then after each edit pattern a learner makes: one
typo, a find-and-replace over every card, every file's cards reordered, every file moved, and
cards.lock deleted (recovered from the last packages). Goal: each <= 2x the cold build.

Part 2, whole processes, CPU time (user + system of the child), on a freshly written site: `lip decks`
from a cold cache, no lock and no earlier decks against a plain genanki script run as its own
process that reads the same posts itself (front matter, `Q:`/`A:`, admonitions and cloze
paragraphs by regex), renders the same way and writes one package per deck. Goal: <= 1.2x.
Usage: .venv/bin/python benchmarks/decks_bench.py [--notes 500] [--cards 40] [--repeat 2] [--only process]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import genanki  # noqa: E402
import markdown  # noqa: E402

from pipeline.decks.cards import extract_cards  # noqa: E402
from pipeline.decks.commands import published_posts, write_decks  # noqa: E402
from pipeline.decks.package import MODELS  # noqa: E402
from pipeline.decks.render import EXTENSION_CONFIG, EXTENSIONS, Renderer  # noqa: E402
from pipeline.project import Project  # noqa: E402

NOW = datetime(2026, 11, 21, 12, tzinfo=timezone.utc)
CODE = "```python\nimport numpy as np\nx = np.arange({i}) * 2  # costs $5\nprint(x.sum())\n```"
PLAIN_SCRIPT = r'''
import re, sys, pathlib, yaml, genanki, markdown
EXT = ["tables", "sane_lists", "pymdownx.superfences", "pymdownx.highlight", "pymdownx.arithmatex"]
CONF = {"pymdownx.highlight": {"noclasses": True, "use_pygments": True, "pygments_style": "friendly",
        "guess_lang": False}, "pymdownx.arithmatex": {"generic": True}}
md = markdown.Markdown(extensions=EXT, extension_configs=CONF)
def html(text):
    md.reset()
    return md.convert(text)
basic = genanki.Model(1607392319, "Basic", fields=[{"name": "Front"}, {"name": "Back"}],
    templates=[{"name": "Card 1", "qfmt": "{{Front}}", "afmt": "{{FrontSide}}<hr id=answer>{{Back}}"}])
cloze = genanki.Model(1607392320, "Cloze", fields=[{"name": "Text"}, {"name": "Back"}],
    templates=[{"name": "Cloze", "qfmt": "{{cloze:Text}}", "afmt": "{{cloze:Text}}"}],
    model_type=genanki.Model.CLOZE)
decks = {}
for path in sorted(pathlib.Path(sys.argv[1]).rglob("*.md")):
    _, head, body = path.read_text().split("---\n", 2)
    meta = yaml.safe_load(head)
    deck = decks.setdefault(meta["deck"], genanki.Deck(abs(hash(meta["deck"])) % (1 << 30), meta["deck"]))
    for block in re.split(r"\n\n(?!    )", body.strip()):  # a blank line inside an admonition goes on
        qa = re.match(r"Q: (.*)\nA: (.*)", block, re.S)
        adm = re.match(r'\?\?\? question(?: reverse)? "(.*)"\n(.*)', block, re.S)
        if qa:
            deck.add_note(genanki.Note(model=basic, fields=[html(qa[1]), html(qa[2])]))
        elif adm:
            back = "\n".join(line[4:] for line in adm[2].splitlines())
            deck.add_note(genanki.Note(model=basic, fields=[html(adm[1]), html(back)]))
        elif "{{c1::" in block:
            deck.add_note(genanki.Note(model=cloze, fields=[html(block), ""]))
for i, deck in enumerate(decks.values()):
    genanki.Package(deck).write_to_file(f"{sys.argv[2]}/plain{i}.apkg")
'''


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
    """The plain genanki script: cards given, render both sides (Python-Markdown, same extensions as
    lip), default GUIDs, one package per deck."""
    extracted = [(post, card) for post in posts
                 for card in extract_cards(post.body, post.source, post.body_line)[0]]
    started = time.process_time()
    decks, md = {}, markdown.Markdown(extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIG)

    def html(text: str) -> str:  # a plain converter, not lip's Renderer with its shortcuts
        md.reset()
        return md.convert(text)
    for post, card in extracted:
        name = post.extra["deck"]
        deck = decks.setdefault(name, genanki.Deck(abs(hash(name)) % (1 << 30), name))
        fields = [html(card.front), html(card.back) if card.back else "", post.title]
        deck.add_note(genanki.Note(model=MODELS[card.kind], fields=fields, tags=["bench"]))
    for i, deck in enumerate(decks.values()):
        genanki.Package(deck).write_to_file(str(out / f"floor{i}.apkg"))
    return time.process_time() - started


def lip(project: Project) -> tuple[float, int]:
    """`lip decks` in this process: read posts, build every deck, write packages and lock."""
    started = time.process_time()
    result = write_decks(project, project.root / "build" / "anki", NOW)
    return time.process_time() - started, len(result.lock.entries)


def each_note(root: Path, change: Callable[[str], str]) -> None:
    for path in (root / "content" / "posts").rglob("*.md"):
        path.write_text(change(path.read_text()))


def typo(root: Path) -> None:
    target = next((root / "content" / "posts").rglob("note3.md"))
    target.write_text(target.read_text().replace("units.", "unitz.", 1))


def find_and_replace(root: Path) -> None:
    each_note(root, lambda text: text.replace("concept", "notion"))


def reorder(root: Path) -> None:
    def reverse(text: str) -> str:
        _, head, body = text.split("---\n", 2)
        return f"---\n{head}---\n\n" + "\n\n".join(reversed(body.strip().split("\n\n"))) + "\n"
    each_note(root, reverse)


def move_files(root: Path) -> None:
    posts = root / "content" / "posts"
    for folder in sorted(posts.iterdir()):
        folder.rename(posts / folder.name.replace("topic", "area"))


def delete_lock(root: Path) -> None:
    (root / "content" / "cards.lock").unlink()


PATTERNS = {"one typo": typo, "find-and-replace, every card": find_and_replace,
            "every file's cards reordered": reorder, "every file moved": move_files,
            "cards.lock deleted (recovered)": delete_lock}


def child_cpu(command: list[str], code: Path = REPO) -> float:
    """User + system CPU seconds of one child process run to the end, importing `pipeline` from `code`."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    # cwd: `python -m` puts the working directory ahead of PYTHONPATH, so run it where no `pipeline` is
    subprocess.run(command, check=True, capture_output=True, cwd=tempfile.gettempdir(),
                   env={**os.environ, "PYTHONPATH": str(code)})
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def processes(root: Path, repeat: int,
              other: Path | None = None) -> tuple[list[float], list[float], list[float]]:
    """CPU time of `lip decks` (cold: no cache, no lock), of the plain script and (given `other`, a
    checkout) of that checkout's `lip decks`, interleaved."""
    script = root / "plain.py"
    script.write_text(PLAIN_SCRIPT)
    (root / "plain").mkdir(exist_ok=True)
    lips, plains, others = [], [], []
    for _ in range(repeat):
        plains.append(child_cpu([sys.executable, str(script), str(root / "content"), str(root / "plain")]))
        for code, times in ((REPO, lips), *(((other, others),) if other else ())):
            for gone in (root / ".lip", root / "build"):  # cold: no cache, no lock, no decks to recover from
                shutil.rmtree(gone, ignore_errors=True)
            (root / "content" / "cards.lock").unlink(missing_ok=True)
            times.append(child_cpu([sys.executable, "-m", "pipeline", "-C", str(root), "decks"], code))
    return lips, plains, others


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=500)
    parser.add_argument("--cards", type=int, default=40)
    parser.add_argument("--repeat", type=int, default=2, help="interleaved runs; the fastest of each counts")
    parser.add_argument("--only", choices=("process",), help="run only part 2: the whole-process pair")
    parser.add_argument("--keep", type=Path, metavar="DIR",
                        help="write the generated site into DIR (empty or new) and keep it, for profiling")
    parser.add_argument("--compare", type=Path, metavar="CHECKOUT",
                        help="with --only process: also run CHECKOUT's `lip decks` (e.g. main), interleaved")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="decks-bench-") as tmp:
        root = (args.keep or Path(tmp)).resolve()  # the children run elsewhere (see child_cpu)
        root.mkdir(parents=True, exist_ok=True)
        write_site(root, args.notes, args.cards)
        if args.only == "process":
            report_processes(*processes(root, args.repeat, args.compare))
            return
        project = Project(root)
        posts = published_posts(project, NOW)[0]
        (root / "out").mkdir()
        Renderer().html(card_block(0, 1) + "\n\n" + CODE.format(i=1) + "\n\n| a |\n|---|\n| $x$ |")  # warm up
        floors, colds = [], []
        for _ in range(args.repeat):  # interleaved, so load from other jobs hits both alike
            floors.append(floor(posts, root / "out"))
            shutil.rmtree(root / ".lip", ignore_errors=True)
            (root / "content" / "cards.lock").unlink(missing_ok=True)
            colds.append(lip(project)[0])
        cold, cards = min(colds), lip(project)[1]
        print(f"{cards} cards from {len(posts)} posts; runs: floor {fmt(floors)}, cold {fmt(colds)}")
        print(f"lip cold build: {cold / min(floors):.2f}x a plain genanki script on extracted cards")
        for name, change in PATTERNS.items():
            change(root)
            seconds, kept = lip(project)
            print(f"after {name}: {seconds / cold:.2f}x the cold build (goal <= 2x), "
                  f"{kept} cards in the lock")
        fresh = root / "process"  # the edits above changed what each side reads as cards: start again
        fresh.mkdir()
        write_site(fresh, args.notes, args.cards)
        report_processes(*processes(fresh, args.repeat))


def report_processes(lips: list[float], plains: list[float], others: list[float] | None = None) -> None:
    print(f"whole process, CPU: lip decks {fmt(lips)} s, plain script {fmt(plains)} s: "
          f"{min(lips) / min(plains):.2f}x (goal <= 1.2x); load average {os.getloadavg()[0]:.1f}")
    if others:
        print(f"compared checkout: lip decks {fmt(others)} s: {min(others) / min(plains):.2f}x")


def fmt(times: list[float]) -> str:
    return "/".join(f"{t:.2f}" for t in times)


if __name__ == "__main__":
    main()
