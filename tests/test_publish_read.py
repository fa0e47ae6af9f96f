"""The read phase on its own: what `lip decks` shares with `lip build`."""

import ast
import subprocess
import sys

# What only the rendering half of a build needs; the read phase loads none of it.
RENDER_ONLY = ("mkdocs", "material", "github", "nbconvert", "weasyprint", "genanki")


def test_the_read_phase_imports_no_site_builder():
    code = """if True:
        import sys
        import pipeline.publish.read
        print(sorted(sys.modules))
    """
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    loaded = ast.literal_eval(out.stdout.strip().splitlines()[-1])
    assert "pipeline.publish.read" in loaded and "pipeline.content.index" in loaded
    assert {name.split(".")[0] for name in loaded} & set(RENDER_ONLY) == set()
    assert [name for name in loaded if name.endswith(".site") and name.startswith("pipeline.")] == []


def test_the_notes_cache_sees_a_changed_or_moved_note(tmp_path):
    """One cache entry holds every note; a note is taken from it only when its bytes and its path
    are the ones it was read from."""
    from pathlib import Path

    from conftest import write
    from pipeline.cache import Cache
    from pipeline.project import Project
    from pipeline.publish.read import read_notes

    project = Project(tmp_path)
    posts = tmp_path / "content/posts"
    for name in ("a", "b", "c"):
        write(posts / f"{name}.md", f"---\ntitle: {name.upper()}\ndate: 2026-01-01\n---\n\nText.\n")

    def read() -> tuple[dict[str, tuple[str, Path]], int, int]:
        cache = Cache(tmp_path / ".lip/cache/notes")
        notes, errors = read_notes(project, cache)
        assert errors == []
        return {p.title: (p.slug, p.source) for p in notes}, cache.hits, cache.misses

    assert read()[1:] == (0, 3)
    assert read()[1:] == (3, 0)
    write(posts / "a.md", "---\ntitle: Edited\ndate: 2026-01-01\n---\n\nText.\n")
    titles, hits, misses = read()
    assert set(titles) == {"Edited", "B", "C"} and (hits, misses) == (2, 1)
    (posts / "sub").mkdir()
    (posts / "b.md").rename(posts / "sub/b.md")  # same bytes, another path
    titles, hits, misses = read()
    assert titles["B"] == ("b", posts / "sub/b.md") and (hits, misses) == (2, 1)
    (posts / "c.md").rename(posts / "d.md")
    assert read()[0]["C"] == ("d", posts / "d.md")
