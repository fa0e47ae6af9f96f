"""`lip decks` end to end: packages and lock written, removed cards listed, bad cards one line each."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from anki.collection import Collection
from click.testing import CliRunner

from pipeline.cli import main

from test_decks_build import import_all

DATA = Path(__file__).parent / "data" / "decks" / "site"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    shutil.copytree(DATA, tmp_path / "site")
    return tmp_path / "site"


def lip(root: Path, *args: str):
    return CliRunner().invoke(main, ["-C", str(root), "decks", *args], catch_exceptions=False)


def test_writes_packages_and_lock(root: Path):
    result = lip(root, "--out", str(root / "anki"))
    assert result.exit_code == 0, result.output
    assert "ML::Transformers, 7 cards from 5 notes" in result.output
    assert sorted(p.name for p in (root / "anki").iterdir()) == ["ml-basics.apkg", "ml-transformers.apkg"]
    assert (root / "content" / "cards.lock").is_file()


def test_the_collector_runs_less_often_during_a_build_and_as_before_after(root: Path, monkeypatch):
    import gc

    from pipeline.decks import commands

    seen, write = [], commands.write_decks
    monkeypatch.setattr(commands, "write_decks", lambda *args: seen.append(gc.get_threshold()) or write(*args))
    before = gc.get_threshold()
    assert lip(root).exit_code == 0
    assert seen[0][0] >= 50 * before[0] and seen[0][1:] == before[1:] and gc.get_threshold() == before
    note = root / "content/posts/ml/attention.md"
    note.write_text(note.read_text().replace("{{c1::the same sequence}}", "{{c1::the same sequence}"))
    assert lip(root).exit_code == 1 and gc.get_threshold() == before  # a failed build puts it back too


def test_default_output_folder(root: Path):
    assert lip(root).exit_code == 0 and (root / "build" / "anki" / "ml-basics.apkg").is_file()


def test_removed_cards_are_listed_with_the_search_to_use(root: Path):
    lip(root)
    note = root / "content/posts/ml/basics/softmax.md"
    note.write_text(note.read_text().replace("Q: What does softmax return?", "Just text now.").replace(
        "A: A probability distribution over the classes.", ""))
    result = lip(root)
    assert "1 card removed from your notes" in result.output and "tag:lip::removed" in result.output
    assert "ML::Basics: What does softmax return? (was in posts/ml/basics/softmax.md)" in result.output


@pytest.mark.parametrize("file, old, new, message", [
    ("attention.md", "    Without it the softmax saturates and its gradients vanish.\n", "",
     "attention.md:15: card with an empty back"),
    ("attention.md", "{{c1::the same sequence}}", "{{c1::the same sequence}", "attention.md:26: unbalanced cloze braces"),
    ("attention.md", "img/plot.png", "img/missing.png",
     "attention.md:29: missing image 'img/missing.png' in a card"),
    ("basics/softmax.md", "classes.\n", "classes.\nid: heatmap\n", "softmax.md:8: duplicate card id 'heatmap'"),
])
def test_bad_cards_are_one_line_each_and_nothing_is_written(root: Path, file: str, old: str, new: str, message: str):
    note = root / "content/posts/ml" / file
    text = note.read_text()
    assert old in text
    note.write_text(text.replace(old, new))
    result = CliRunner().invoke(main, ["-C", str(root), "decks"])
    assert result.exit_code == 1 and "Traceback" not in result.output
    (line,) = [line for line in result.output.splitlines() if line.startswith("error:")]
    assert message in line, result.output
    assert not (root / "content" / "cards.lock").exists() and not (root / "build").exists()


def test_help_text():
    result = CliRunner().invoke(main, ["decks", "--help"])
    assert "Build Anki decks" in result.output and "--out" in result.output and "build/anki" in result.output


def git(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True,
                          env={**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t",
                               "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@t"})


def built_commit(root: Path, note: str, old: str, new: str) -> None:
    time.sleep(1.05)  # each branch builds at its own time, as on two machines
    path = root / "content" / note
    path.write_text(path.read_text().replace(old, new))
    assert lip(root).exit_code == 0
    git(root, "commit", "-qam", f"edit {note}")


@pytest.fixture
def repo(root: Path) -> Path:
    (root / ".gitignore").write_text("build/\n.lip/\n")
    git(root, "init", "-q", "-b", "main")
    assert lip(root).exit_code == 0
    git(root, "add", ".")
    git(root, "commit", "-qm", "notes and their lock")
    git(root, "checkout", "-qb", "other")
    built_commit(root, "posts/ml/basics/softmax.md", "classes.", "classes.\n\nQ: Its range?\nA: (0, 1)")
    git(root, "checkout", "-q", "main")
    return root


def test_a_merge_of_two_branches_that_both_built_needs_no_hand_work(repo: Path):
    built_commit(repo, "posts/ml/attention.md", "vanish.", "vanish.\n\nQ: Who?\nA: Vaswani et al.")
    merged = git(repo, "merge", "-q", "--no-edit", "other")
    assert merged.returncode == 0, merged.stdout + merged.stderr
    result = lip(repo)
    assert result.exit_code == 0, result.output
    assert git(repo, "status", "--porcelain").stdout == ""  # the merged lock already holds both cards


def test_a_conflicted_lock_names_the_command_that_resolves_it(repo: Path, tmp_path: Path):
    git(repo, "checkout", "-qb", "third")
    built_commit(repo, "posts/ml/basics/softmax.md", "Which curve is this?", "Which curve is plotted?")
    git(repo, "checkout", "-q", "main")
    built_commit(repo, "posts/ml/basics/softmax.md", "over the classes.", "over all classes.")
    col = Collection(str(tmp_path / "c.anki2"))
    import_all(col, repo / "build" / "anki")
    assert git(repo, "merge", "-q", "--no-edit", "third").returncode != 0
    assert "<<<<<<<" in (repo / "content/cards.lock").read_text()
    failed = CliRunner().invoke(main, ["-C", str(repo), "decks"])
    assert failed.exit_code != 0 and "corrupt" not in failed.output
    assert "merge conflict" in failed.output and "lip decks --resolve" in failed.output
    resolved = lip(repo, "--resolve")
    assert resolved.exit_code == 0, resolved.output
    lock = (repo / "content/cards.lock").read_text()
    assert "<<<<<<<" not in lock and len([line for line in lock.splitlines() if "softmax.md" in line]) == 2
    log = import_all(col, repo / "build" / "anki")
    assert not log["new"] and not log["conflicting"] and len(log["updated"]) == 1  # the plotted curve
    assert col.note_count() == 7 and col.find_notes("plotted") and col.find_notes('"over all classes"')
    col.close()


def test_recover_reads_card_identities_from_a_downloaded_deck(root: Path, tmp_path: Path):
    assert lip(root).exit_code == 0
    note = root / "content/posts/ml/basics/softmax.md"
    note.write_text(note.read_text().replace("over the classes.", "over all the classes."))
    assert lip(root).exit_code == 0
    col = Collection(str(tmp_path / "c.anki2"))
    import_all(col, root / "build" / "anki")
    downloaded = tmp_path / "ml-basics.apkg"
    shutil.move(root / "build" / "anki" / "ml-basics.apkg", downloaded)
    (root / "content" / "cards.lock").unlink()
    result = lip(root, "--recover", str(downloaded))
    assert result.exit_code == 0, result.output
    assert "recovered 2 card identities" in result.output
    log = import_all(col, root / "build" / "anki")
    assert not log["new"] and not log["conflicting"] and col.note_count() == 7
    col.close()


def test_recover_from_another_tools_deck_is_one_line_and_writes_nothing(root: Path, tmp_path: Path):
    import genanki

    other = tmp_path / "other.apkg"
    genanki.Package(genanki.Deck(1, "D")).write_to_file(str(other))
    result = CliRunner().invoke(main, ["-C", str(root), "decks", "--recover", str(other)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert f"{other}:1: no card identities in this package" in result.output
    assert not (root / "content" / "cards.lock").exists() and not (root / "build").exists()
