"""`lip decks` end to end: packages and lock written, removed cards listed, bad cards one line each."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main

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
    assert "ML::Transformers, 7 card(s) from 5 note(s)" in result.output
    assert sorted(p.name for p in (root / "anki").iterdir()) == ["ml-basics.apkg", "ml-transformers.apkg"]
    assert (root / "content" / "cards.lock").is_file()


def test_default_output_folder(root: Path):
    assert lip(root).exit_code == 0 and (root / "build" / "anki" / "ml-basics.apkg").is_file()


def test_removed_cards_are_listed_with_the_search_to_use(root: Path):
    lip(root)
    note = root / "content/posts/ml/basics/softmax.md"
    note.write_text(note.read_text().replace("Q: What does softmax return?", "Just text now.").replace(
        "A: A probability distribution over the classes.", ""))
    result = lip(root)
    assert "1 card(s) were removed" in result.output and "tag:lip::removed" in result.output
    assert "ML::Basics: What does softmax return? (was in posts/ml/basics/softmax.md)" in result.output


@pytest.mark.parametrize("file, old, new, message", [
    ("attention.md", "    Without it the softmax saturates and its gradients vanish.\n", "",
     "attention.md:15: card with an empty back"),
    ("attention.md", "{{c1::the same sequence}}", "{{c1::the same sequence}", "attention.md:26: unbalanced cloze braces"),
    ("attention.md", "img/plot.png", "img/missing.png", "attention.md:30: broken link 'img/missing.png'"),
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
