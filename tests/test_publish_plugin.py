"""The `lip` MkDocs plugin on real `mkdocs build`s: cached renders give the same site, faster."""

import shutil
from datetime import datetime, timezone
from pathlib import Path

import markdown
import pytest
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from conftest import write
from pipeline.project import Project
from pipeline.publish.build import build, render_docs
from pipeline.publish.mkdocs_build import run_mkdocs, with_lip_plugin
from pipeline.writer import sync_folder

NOW = datetime(2026, 6, 1, tzinfo=timezone.utc)


@pytest.fixture
def conversions(monkeypatch) -> list[str]:
    """Every Markdown conversion of the build, counted where Python-Markdown does it."""
    seen: list[str] = []
    convert = markdown.Markdown.convert

    def counting(self, source: str) -> str:
        seen.append(source)
        return convert(self, source)

    monkeypatch.setattr(markdown.Markdown, "convert", counting)
    return seen


def pages(site: Path) -> dict[str, str]:
    return {str(p.relative_to(site)): p.read_text() for p in sorted(site.rglob("*.html"))}


def test_second_build_converts_no_markdown_and_writes_the_same_site(blog_project: Path, conversions):
    project = Project(blog_project)
    build(project, now=NOW)
    first, cold = pages(blog_project / "site"), len(conversions)
    assert cold > 0 and list((blog_project / ".lip/cache/engine").rglob("*"))
    conversions.clear()
    run_mkdocs(project, project.settings())
    assert conversions == []  # every page and every excerpt came from the cache
    assert pages(blog_project / "site") == first


def test_an_edit_renders_that_post_and_its_excerpts_only(blog_project: Path, conversions):
    project = Project(blog_project)
    build(project, now=NOW)
    post = blog_project / "content/posts/hello.md"
    post.write_text(post.read_text().replace("First post", "Edited post"))
    files, _ = render_docs(project, now=NOW)
    sync_folder(project.docs, files)
    conversions.clear()
    run_mkdocs(project, project.settings())
    assert conversions and all("Edited post" in text for text in conversions)
    assert "Edited post" in (blog_project / "site/blog/2026/01/05/hello/index.html").read_text()
    assert "Edited post" in (blog_project / "site/blog/index.html").read_text()


def test_a_render_that_warned_is_never_cached(tmp_path: Path):
    write(tmp_path / "mkdocs.yml", "site_name: T\nstrict: true\n")
    write(tmp_path / "docs/index.md", "# Home\n\n[gone](missing.md)\n")
    for _ in range(2):  # the second build must fail too, not reuse a render that hid the warning
        config = with_lip_plugin(load_config(str(tmp_path / "mkdocs.yml")), Project(tmp_path))
        with pytest.raises(Abort):
            mkdocs_build(config)


def test_a_users_own_lip_entry_is_not_added_twice(tmp_path: Path):
    write(tmp_path / "mkdocs.yml", "site_name: T\n")
    write(tmp_path / "docs/index.md", "# Home\n")
    config = with_lip_plugin(load_config(str(tmp_path / "mkdocs.yml")), Project(tmp_path))
    again = with_lip_plugin(config, Project(tmp_path))
    assert list(again.plugins).count("lip") == 1


def test_after_edits_cached_pages_give_the_site_a_clean_build_gives(blog_project: Path, tmp_path: Path):
    project = Project(blog_project)
    build(project, now=NOW)
    post = blog_project / "content/posts/hello.md"
    post.write_text(post.read_text().replace("title: Hello world", "title: Hello there")
                    .replace("First post", "Edited post"))
    build(project, now=NOW)  # from the cache: every unchanged page and excerpt
    clean = tmp_path / "clean"
    shutil.copytree(blog_project, clean, ignore=shutil.ignore_patterns(".lip", "site", "build"))
    build(Project(clean), now=NOW)
    assert pages(blog_project / "site") == pages(clean / "site")
    index = "site/search/search_index.json"
    assert (blog_project / index).read_text() == (clean / index).read_text()


def test_static_files_the_last_site_holds_are_linked_and_others_copied(blog_project: Path):
    project = Project(blog_project)
    build(project, now=NOW)
    site = blog_project / "site"
    kept = site / "assets/lip.css"
    changed = next(p for p in sorted(site.rglob("*.min.js")) if p.stat().st_size > 100)  # Material's
    theirs = changed.read_bytes()
    other = theirs[:-1] + (b"x" if theirs[-1:] != b"x" else b"y")  # same size, other bytes
    changed.write_bytes(other)  # the last site's copy no longer matches the theme's file
    before = {p: p.stat().st_ino for p in (kept, changed)}
    run_mkdocs(project, project.settings())
    assert kept.stat().st_ino == before[kept]  # the same bytes: linked from the last site
    assert changed.stat().st_ino != before[changed] and changed.read_bytes() == theirs  # copied
    assert kept.stat().st_nlink == 1  # the last site is gone: nothing else shares the file


def test_posts_front_matter_is_parsed_once_per_text_across_builds(blog_project: Path, monkeypatch):
    import yaml

    from pipeline.publish import material_shortcuts

    project = Project(blog_project)
    build(project, now=NOW)
    parsed: list[str] = []
    load = yaml.load
    def counting(stream, Loader=None):  # noqa: N803 (PyYAML's own name)
        if isinstance(stream, str) and "date:" in stream:  # a post's front matter
            parsed.append(stream)
        return load(stream, Loader)

    monkeypatch.setattr(material_shortcuts.yaml, "load", counting)
    run_mkdocs(project, project.settings())  # a new plugin, as a new `lip build` process has
    assert parsed == []  # every post's front matter came from lip's cache
    post = next(project.docs.rglob("hello.md"))
    post.write_text(post.read_text().replace("Hello world", "Hello again", 1))
    run_mkdocs(project, project.settings())
    assert len(parsed) == 1 and "Hello again" in parsed[0]
    assert "Hello again" in (blog_project / "site/blog/2026/01/05/hello/index.html").read_text()
