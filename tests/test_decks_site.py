"""The Decks page and packages in the docs folder: empty state, check writes nothing, corrupt lock
kept, notebook posts, and a real MkDocs build."""

from __future__ import annotations

import shutil
from datetime import datetime, timezone
from pathlib import Path, PurePosixPath

import pytest

from conftest import REPO
from pipeline.decks.site import site_files
from pipeline.errors import ProblemsError
from pipeline.project import BuildContext, Project
from pipeline.publish.build import build, render_docs, render_site
from pipeline.records import Post
from pipeline.settings import Settings

DATA = Path(__file__).parent / "data" / "decks" / "site"
NOW = datetime(2026, 11, 21, 12, tzinfo=timezone.utc)


@pytest.fixture
def site(tmp_path: Path) -> Project:
    shutil.copytree(DATA, tmp_path / "site")
    return Project(tmp_path / "site")


def notebook_post(project: Project) -> Post:
    body = ("# Probing\n\n```python\nprint('Q: not a card')\n```\n\n"
            "Q: What does a linear probe measure?\nA: What a frozen representation encodes linearly.\n")
    return Post(project.content / "notebooks/probe.ipynb", "Probing", NOW, "probe", body,
                PurePosixPath("blog/posts/probe.md"), kind="notebook", extra={"deck": "ML::Probing"})


def test_empty_state_says_how_to_write_cards(tmp_path):
    result = site_files(BuildContext(Project(tmp_path), Settings(), (), NOW, check=True))
    (page,) = result.files
    assert page.path == PurePosixPath("decks/index.md") and b'??? question "' in page.data
    assert not any(tmp_path.iterdir())


def test_check_writes_nothing_not_even_the_lock(site: Project):
    result = site_files(BuildContext(site, site.settings(), (notebook_post(site),), NOW, check=True))
    assert not result.errors and {f.path.name for f in result.files} == {"index.md", "ml-probing.apkg"}
    assert not (site.content / "cards.lock").exists() and not (site.root / ".lip").exists()


def test_notebook_cards_are_published_and_the_lock_handed_to_the_final_writer(site: Project):
    result = site_files(BuildContext(site, site.settings(), (notebook_post(site),), NOW))
    page = next(f for f in result.files if f.path.name == "index.md").data.decode()
    assert "ML::<wbr>Probing" in page and 'href="ml-probing.apkg"' in page and "1 card from 1 note" in page
    (lock,) = result.project_files
    assert lock.path == PurePosixPath("content/cards.lock") and b"notebooks/probe.ipynb" in lock.data
    assert not (site.content / "cards.lock").exists()  # rendering writes no repository file


def test_a_build_failing_on_an_unrelated_broken_link_leaves_the_lock_byte_identical(site: Project):
    build(site, now=NOW)
    lock = (site.content / "cards.lock").read_bytes()
    note = site.content / "posts/ml/basics/softmax.md"
    broken = "over all classes.\n\nSee [x](missing.md)."
    note.write_text(note.read_text().replace("over the classes.", broken))
    with pytest.raises(ProblemsError) as info:
        build(site, now=NOW)
    assert "missing.md" in str(info.value.problems[0])
    assert (site.content / "cards.lock").read_bytes() == lock


def test_a_fresh_clone_of_the_example_site_builds_without_changing_its_lock(tmp_path: Path):
    for name in ("content", "mkdocs.yml", "pyproject.toml"):
        (shutil.copytree if (REPO / name).is_dir() else shutil.copy)(REPO / name, tmp_path / name)
    rendered = render_site(Project(tmp_path))  # what `lip build` would write after the site built
    assert not list(rendered.project_files)
    assert (tmp_path / "content/cards.lock").read_bytes() == (REPO / "content/cards.lock").read_bytes()


def test_corrupt_lock_is_reported_and_kept(site: Project):
    lock = site.content / "cards.lock"
    lock.write_text('{"version": 1, "last_mtime": 1}\n<<<<<<< HEAD\n')
    result = site_files(BuildContext(site, site.settings(), (notebook_post(site),), NOW))
    (error,) = result.errors
    assert str(error).endswith("cards.lock:2: unresolved merge conflict (git left '<<<<<<<' here): run "
                               "`lip decks --resolve` to keep both sides' cards, then commit the file")
    assert lock.read_text() == '{"version": 1, "last_mtime": 1}\n<<<<<<< HEAD\n' and not result.files


def test_bad_cards_stop_the_build_and_leave_the_lock_alone(site: Project):
    note = site.content / "posts/ml/attention.md"
    note.write_text(note.read_text().replace("{{c2::one row per query}}", "{{c2::one row per query"))
    with pytest.raises(ProblemsError) as info:
        render_docs(site, now=NOW)
    (problem,) = info.value.problems
    assert "attention.md:26: unbalanced cloze braces" in str(problem)
    assert not (site.content / "cards.lock").exists()


def test_real_mkdocs_build_publishes_the_decks(site: Project):
    report = build(site, now=NOW)
    page = (site.site / "decks" / "index.html").read_text(encoding="utf-8")
    assert "ML::<wbr>Transformers" in page and "ML::<wbr>Basics" in page and "How to import" in page
    assert (site.site / "decks" / "ml-transformers.apkg").read_bytes()[:2] == b"PK"
    assert (site.content / "cards.lock").is_file() and report.converted >= 2
    again = build(site, now=NOW)
    assert again.written == 0  # unchanged cards: byte-identical packages, nothing rewritten


def test_serve_previews_drafts_without_touching_the_lock(site: Project):
    result = site_files(BuildContext(site, site.settings(), (notebook_post(site),), NOW, serve=True))
    assert not result.errors and any(f.path.name == "ml-probing.apkg" for f in result.files)
    assert not (site.content / "cards.lock").exists()


def test_decks_whose_names_slug_alike_get_distinct_files(site: Project):
    first, second = notebook_post(site), notebook_post(site)
    second = Post(site.content / "notebooks/other.ipynb", "Other", NOW, "other", first.body.replace("linear", "probe"),
                  PurePosixPath("blog/posts/other.md"), kind="notebook", extra={"deck": "ML Probing"})
    result = site_files(BuildContext(site, site.settings(), (first, second), NOW, check=True))
    names = sorted(f.path.name for f in result.files if f.path.suffix == ".apkg")
    assert len(names) == 2 and names[0] != names[1] and all(n.startswith("ml-probing") for n in names)


def test_a_deck_that_is_not_a_name_is_reported(site: Project):
    post = notebook_post(site)
    bad = Post(post.source, post.title, NOW, post.slug, post.body, post.output, kind="notebook", extra={"deck": 42})
    (error,) = site_files(BuildContext(site, site.settings(), (bad,), NOW, check=True)).errors
    assert str(error).endswith("probe.ipynb:1: deck: expected a deck name like ML::Transformers, got 42")


def test_one_edit_renders_one_post_again(site: Project):
    from pipeline.decks.commands import published_posts

    def run():
        return site_files(BuildContext(site, site.settings(), published_posts(site, NOW)[0], NOW))

    first, again = run(), run()
    assert (first.converted, first.cached, again.converted, again.cached) == (2, 0, 0, 2)
    note = site.content / "posts/ml/attention.md"
    note.write_text(note.read_text().replace("gradients vanish", "gradients go to zero"))
    edited = run()
    assert (edited.converted, edited.cached) == (1, 1)
    assert {f.path: f.data for f in again.files if "basics" in f.path.name} == \
        {f.path: f.data for f in edited.files if "basics" in f.path.name}  # the untouched deck: same bytes
