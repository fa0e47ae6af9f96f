"""Real `mkdocs build`s of small site repositories."""

import json
import os
import stat
import shutil
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path, PurePosixPath

import feedparser
import pytest

from conftest import write
from pipeline.errors import BuildError, ProblemsError
from pipeline.project import Project
from pipeline.blog import pages
from pipeline.cache import Cache
from pipeline.publish.build import build, post_page, render_docs
from pipeline.records import Post
from pipeline.settings import Settings

NOW = datetime(2026, 6, 1, tzinfo=timezone.utc)


def test_builds_posts_tags_archive_search_and_feed(blog_project: Path):
    report = build(Project(blog_project), now=NOW)
    site = blog_project / "site"
    assert report.posts == 2  # the draft and the future post are not published
    hello = site / "blog/2026/01/05/hello/index.html"
    guide = site / "blog/2026/01/20/gradient-descent/index.html"
    assert hello.is_file() and guide.is_file()
    assert not list(site.glob("blog/**/draft/index.html"))
    assert not list(site.glob("blog/**/future/index.html"))
    html = hello.read_text()
    assert 'class="arithmatex"' in html
    assert "../../../../../media/posts/img/dot.svg" in html
    assert "../../20/gradient-descent/" in html  # the note's link, resolved by MkDocs
    assert (site / "media/posts/img/dot.svg").is_file()
    assert "Gradient descent" in (site / "tags/index.html").read_text()
    assert "Hello world" in (site / "blog/archive/2026/index.html").read_text()
    assert "Guides" in (site / "blog/category/guides/index.html").read_text()
    search = json.loads((site / "search/search_index.json").read_text())
    assert any("Zebrafinch" in doc["text"] for doc in search["docs"])
    home = (site / "index.html").read_text()
    assert "Test Author" in home and "Writes tests." in home and "Gradient descent" in home


def test_feed_is_valid_atom_with_full_urls(blog_project: Path):
    build(Project(blog_project), now=NOW)
    feed = feedparser.parse((blog_project / "site/feed.xml").read_bytes())
    assert feed.bozo == 0 and feed.version == "atom10"
    assert [e.link for e in feed.entries] == [
        "https://test.example/blog-site/blog/2026/01/20/gradient-descent/",
        "https://test.example/blog-site/blog/2026/01/05/hello/",
    ]
    assert feed.feed.links[0].href == "https://test.example/blog-site/feed.xml"
    assert feed.entries[1].summary == "The first post."
    content = feed.entries[1].content[0].value  # links in entries are absolute for feed readers
    assert 'src="https://test.example/blog-site/media/posts/img/dot.svg"' in content
    assert 'href="https://test.example/blog-site/blog/2026/01/20/gradient-descent/"' in content


def test_second_build_converts_nothing_and_one_edit_converts_one(blog_project: Path):
    project = Project(blog_project)
    first = build(project, now=NOW)
    assert first.converted == 4 and first.written > 0
    again = build(project, now=NOW)
    assert (again.converted, again.written, again.removed) == (0, 0, 0)
    assert again.cached == 4
    assert again.mkdocs_skipped and again.mkdocs_seconds == 0
    post = blog_project / "content/posts/hello.md"
    post.write_text(post.read_text().replace("First post", "The first post"))
    edited = build(project, now=NOW)
    assert edited.converted == 1 and edited.cached == 3 and not edited.mkdocs_skipped
    assert "The first post" in (blog_project / "site/blog/2026/01/05/hello/index.html").read_text()


def test_serve_mode_renders_drafts_and_future_posts(blog_project: Path):
    files, report = render_docs(Project(blog_project), now=NOW, serve=True)
    assert report.posts == 4
    draft = next(f for path, f in files.items() if path.name == "draft.md")
    assert "draft: true" in draft.data.decode()


def test_bad_input_reports_everything_and_keeps_the_old_site(blog_project: Path):
    project = Project(blog_project)
    build(project, now=NOW)
    before = (blog_project / "site/index.html").read_bytes()
    write(blog_project / "content/posts/dup.md", "---\ntitle: Copy\ndate: 2026-01-06\nslug: hello\n---\n")
    write(blog_project / "content/posts/broken.md", "---\ntitle: B\ndate: 2026-01-07\n---\n\n[x](missing.md)\n")
    write(blog_project / "content/posts/typo.md", "---\ntitle: B\ndate: 2026-01-07\ntgas: [x]\n---\n")
    with pytest.raises(ProblemsError) as caught:
        build(project, now=NOW)
    lines = [str(p) for p in caught.value.problems]
    assert any("slug 'hello' is already used by" in l and "dup.md" in l and "hello.md" in l for l in lines)
    assert any("broken.md:6: broken link 'missing.md'" in l for l in lines)
    assert any("typo.md:4: unknown key 'tgas' (did you mean 'tags'?)" in l for l in lines)
    assert (blog_project / "site/index.html").read_bytes() == before


def test_keep_going_leaves_a_broken_post_out_of_every_index(blog_project: Path):
    """Before: the skipped post was still listed on the home page, blog index, tags and feed,
    so strict MkDocs failed on the links to it and nothing was built."""
    write(blog_project / "content/posts/broken.md",
          "---\ntitle: Broken thing\ndate: 2026-01-07\ntags: [intro]\n---\n\n[x](missing.md)\n")
    report = build(Project(blog_project), now=NOW, keep_going=True)
    assert [str(p) for p in report.skipped] == [
        f"{blog_project / 'content/posts/broken.md'}:7: broken link 'missing.md': no such file"]
    assert report.posts == 2
    site = blog_project / "site"
    assert (site / "blog/2026/01/05/hello/index.html").is_file()
    assert not list(site.glob("blog/**/broken/index.html"))
    for page in ("index.html", "feed.xml", "blog/index.html", "tags/index.html"):
        text = (site / page).read_text()
        assert "Hello world" in text and "Broken thing" not in text and "broken/" not in text, page


def test_keep_going_skips_a_post_linking_a_skipped_post(blog_project: Path):
    write(blog_project / "content/posts/broken.md",
          "---\ntitle: B\ndate: 2026-01-07\n---\n\n[x](missing.md)\n")
    write(blog_project / "content/posts/linker.md",
          "---\ntitle: L\ndate: 2026-01-08\n---\n\n[b](broken.md)\n")
    for serve in (False, True):
        files, report = render_docs(Project(blog_project), now=NOW, serve=serve, keep_going=True)
        assert sorted(str(p) for p in report.skipped) == [
            f"{blog_project / 'content/posts/broken.md'}:6: broken link 'missing.md': no such file",
            f"{blog_project / 'content/posts/linker.md'}:6: link 'broken.md' points at a skipped post"]
        assert not [path for path in files if path.stem in ("broken", "linker")]
        assert report.posts == (4 if serve else 2)
    build(Project(blog_project), now=NOW, keep_going=True)  # strict MkDocs: nothing links them


def test_keep_going_skips_the_second_post_of_a_duplicate_slug(blog_project: Path):
    """Before: both posts claimed one page, a conflict --keep-going could not skip."""
    write(blog_project / "content/posts/zz-copy.md",
          "---\ntitle: Second hello\ndate: 2026-01-06\nslug: hello\n---\n")
    report = build(Project(blog_project), now=NOW, keep_going=True)
    assert [str(p) for p in report.skipped] == [
        f"{blog_project / 'content/posts/zz-copy.md'}:1: slug 'hello' is already used by "
        f"{blog_project / 'content/posts/hello.md'}"]
    home = (blog_project / "site/index.html").read_text()
    assert "Hello world" in home and "Second hello" not in home


def test_a_failed_mkdocs_build_leaves_the_previous_site(blog_project: Path):
    project = Project(blog_project)
    build(project, now=NOW)
    before = sorted(p.relative_to(blog_project) for p in (blog_project / "site").rglob("*"))
    config = blog_project / "mkdocs.yml"
    config.write_text(config.read_text().replace("  - Tags: tags.md", "  - Tags: tags.md\n  - Gone: gone.md"))
    with pytest.raises(BuildError, match="gone.md"):
        build(project, now=NOW)
    assert sorted(p.relative_to(blog_project) for p in (blog_project / "site").rglob("*")) == before
    assert not list(blog_project.glob(".site-*"))


def test_mkdocs_runs_again_when_its_config_or_the_site_changes(blog_project: Path):
    project = Project(blog_project)
    build(project, now=NOW)
    config = blog_project / "mkdocs.yml"
    config.write_text(config.read_text().replace("site_name: Test blog", "site_name: Renamed blog"))
    assert not build(project, now=NOW).mkdocs_skipped
    assert "Renamed blog" in (blog_project / "site/index.html").read_text()
    shutil.rmtree(blog_project / "site")
    assert not build(project, now=NOW).mkdocs_skipped
    assert (blog_project / "site/index.html").is_file()


def test_check_catches_a_broken_link_whose_text_is_inline_code(blog_project: Path):
    """Before: `lip check` passed and `lip build` then failed inside MkDocs."""
    write(blog_project / "content/posts/code.md", "---\ntitle: C\ndate: 2026-01-07\n---\n\nSee [`np.dot`](missing.md).\n")
    with pytest.raises(ProblemsError) as caught:
        render_docs(Project(blog_project), now=NOW, check=True)
    assert [str(p) for p in caught.value.problems] == [
        f"{blog_project / 'content/posts/code.md'}:6: broken link 'missing.md': no such file"]


def _notebook(path: Path, *markdown: str) -> None:
    import nbformat
    from nbformat.v4 import new_markdown_cell, new_notebook, new_raw_cell

    cells = [new_raw_cell(f"---\ntitle: {path.stem}\ndate: 2026-02-01\n---")]
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(new_notebook(cells=cells + [new_markdown_cell(m) for m in markdown]), path)


def test_a_notebook_linking_a_draft_is_a_broken_link_not_a_media_file(blog_project: Path):
    """Before: the draft note's source was copied to media/ and published (and indexed by search)."""
    _notebook(blog_project / "content/notebooks/nb.ipynb", "Intro.", "See [the draft](../posts/draft.md).")
    with pytest.raises(ProblemsError) as caught:
        build(Project(blog_project), now=NOW)
    assert [str(p) for p in caught.value.problems] == [
        f"{blog_project / 'content/notebooks/nb.ipynb'}: cell 3, line 1: "
        "link '../posts/draft.md' points at a draft or future post"]
    assert not (blog_project / "site").exists() and not (blog_project / "build/docs/media").exists()


def test_links_between_notebooks_notes_and_cheatsheets_resolve_through_the_index(blog_project: Path):
    _notebook(blog_project / "content/notebooks/a.ipynb", "[next](b.ipynb) and [note](../posts/hello.md)")
    _notebook(blog_project / "content/notebooks/b.ipynb", "[back](a.ipynb#top) [sheet](../cheatsheets/s.md)")
    write(blog_project / "content/cheatsheets/s.md", "# S\n\n[b](../notebooks/b.ipynb)\n")
    build(Project(blog_project), now=NOW)
    site = blog_project / "site"
    a = (site / "blog/2026/02/01/a/index.html").read_text()
    assert 'href="../b/"' in a and 'href="../../../01/05/hello/"' in a
    b = (site / "blog/2026/02/01/b/index.html").read_text()
    assert 'href="../a/#top"' in b and 'href="../../../../../cheatsheets/s/"' in b
    assert 'href="../../blog/2026/02/01/b/"' in (site / "cheatsheets/s/index.html").read_text()
    assert not list(site.rglob("*.ipynb.*")) and not (site / "media").joinpath("notebooks").exists()


@pytest.fixture
def lock_stage(monkeypatch):
    """Any stage handing the final writer a repository file (as the decks stage does with cards.lock)."""
    from pipeline.publish import build as build_module
    from pipeline.records import OutputFile, StageResult

    def stage(ctx):
        data = f"{len(ctx.posts)} posts\n".encode()
        return StageResult(project_files=(OutputFile(Path("content/stage.lock"), data, "stage"),))

    monkeypatch.setattr(build_module, "SITE_STAGES", (*build_module.SITE_STAGES, stage))


def test_project_files_are_written_only_after_the_site_built(blog_project: Path, lock_stage):
    project, lock = Project(blog_project), blog_project / "content/stage.lock"
    write(blog_project / "content/posts/broken.md", "---\ntitle: B\ndate: 2026-01-07\n---\n\n[x](missing.md)\n")
    with pytest.raises(ProblemsError):
        build(project, now=NOW)
    assert not lock.exists()
    (blog_project / "content/posts/broken.md").unlink()
    config = blog_project / "mkdocs.yml"
    good = config.read_text()
    config.write_text(good.replace("  - Tags: tags.md", "  - Tags: tags.md\n  - Gone: gone.md"))
    with pytest.raises(BuildError):
        build(project, now=NOW)
    assert not lock.exists()
    config.write_text(good)
    render_docs(project, now=NOW, check=True)
    assert not lock.exists()
    build(project, now=NOW)
    assert lock.read_text() == "2 posts\n" and stat.S_IMODE(lock.stat().st_mode) == 0o666 & ~_umask()
    assert stat.S_IMODE((blog_project / "site").stat().st_mode) == 0o777 & ~_umask()  # before: 0700


def _umask() -> int:
    current = os.umask(0o022)
    os.umask(current)
    return current


def _tree(root: Path) -> list[tuple[str, int, int]]:
    return sorted((str(p.relative_to(root)), p.stat().st_mtime_ns, p.stat().st_mode) for p in root.rglob("*"))


BUG_CASES = {
    "code in link text": ("posts/code.md", "---\ntitle: C\ndate: 2026-01-07\n---\n\n[`x`](missing.md)\n"),
    "~~~ in ```": ("posts/tilde.md", "---\ntitle: T\ndate: 2026-01-07\n---\n\n```\n~~~\n```\n\n[x](gone.md)\n"),
    "link to a draft": ("posts/to-draft.md", "---\ntitle: D\ndate: 2026-01-07\n---\n\n[d](draft.md)\n"),
    "4-backtick fence": ("posts/fence.md", "---\ntitle: F\ndate: 2026-01-07\n---\n\n````\n```\n[a](b.md)\n```\n````\n"),
}


@pytest.mark.parametrize("case", sorted(BUG_CASES))
def test_check_writes_nothing_and_agrees_with_build(blog_project: Path, case: str):
    """`lip check` passes exactly when `lip build` does, and leaves every file as it was."""
    name, text = BUG_CASES[case]
    write(blog_project / "content" / name, text)
    project, before = Project(blog_project), _tree(blog_project)
    try:
        render_docs(project, now=NOW, check=True)
        checked = None
    except ProblemsError as exc:
        checked = [str(p) for p in exc.problems]
    assert _tree(blog_project) == before
    try:
        build(project, now=NOW)
        built = None
    except ProblemsError as exc:
        built = [str(p) for p in exc.problems]
    assert checked == built


def test_links_in_about_resolve_through_the_index(blog_project: Path):
    write(blog_project / "content/about.md", "Start with [my first post](posts/hello.md) and ![me](posts/img/dot.svg).\n")
    build(Project(blog_project), now=NOW)
    home = (blog_project / "site/index.html").read_text()
    assert 'href="blog/2026/01/05/hello/"' in home and 'src="media/posts/img/dot.svg"' in home
    write(blog_project / "content/about.md", "See [the draft](posts/draft.md).\n")
    with pytest.raises(ProblemsError, match=r"about.md:1: link 'posts/draft.md' points at a draft"):
        build(Project(blog_project), now=NOW)


def test_check_of_the_example_site_writes_nothing(tmp_path: Path):
    """Notes, notebooks, a cheatsheet (PDF), flashcards, digests: `lip check` reads them all, writes nothing."""
    from conftest import REPO

    for name in ("content", "mkdocs.yml", "pyproject.toml"):
        source = REPO / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, tmp_path / name)
    before = _tree(tmp_path)
    _, report = render_docs(Project(tmp_path), check=True)
    assert report.posts >= 3 and _tree(tmp_path) == before


def test_resolved_links_are_cached_but_a_deleted_or_created_target_is_seen(blog_project: Path):
    project, image = Project(blog_project), blog_project / "content/posts/img/dot.svg"
    build(project, now=NOW)
    kept = image.read_bytes()
    image.unlink()
    with pytest.raises(ProblemsError, match="hello.md:.*broken link 'img/dot.svg'"):
        build(project, now=NOW)
    image.write_bytes(kept)
    assert build(project, now=NOW).posts == 2


def test_link_syntax_inside_math_builds_and_the_site_renders_it_as_math(blog_project: Path):
    """Before: `lip check`/`lip build` called `[n](T)` inside `\\( \\)` and `\\[ \\]` a broken link."""
    write(blog_project / "content/posts/math.md", "---\ntitle: M\ndate: 2026-01-07\n---\n\n"
          "Rank \\( [n](T) \\) and $[m](U)$.\n\n\\[\n[a](b)\n\\]\n\n$$\n[c](d)\n$$\n")
    render_docs(Project(blog_project), now=NOW, check=True)
    build(Project(blog_project), now=NOW)
    html = (blog_project / "site/blog/2026/01/07/math/index.html").read_text()
    assert html.count('class="arithmatex"') == 4
    assert r"\( [n](T) \)" in html and r"\([m](U)\)" in html and "[a](b)" in html and "[c](d)" in html
    assert not any(f'href="{target}"' in html for target in "TUbd")


def test_raw_html_image_in_a_notebook_cell_is_copied_and_the_site_check_passes(blog_project: Path):
    """Before: the image was neither copied nor rewritten, and the site check failed the build."""
    write(blog_project / "content/notebooks/figures/cover.png", "png")
    _notebook(blog_project / "content/notebooks/handbook.ipynb",
              '<img src="figures/cover.png" alt="cover">\n\n*Excerpt* <a href="../posts/hello.md">hello</a>',
              "More text.")
    build(Project(blog_project), now=NOW)
    site = blog_project / "site"
    page = (site / "blog/2026/02/01/handbook/index.html").read_text()
    assert '<img src="../../../../../media/notebooks/figures/cover.png" alt="cover">' in page
    assert '<a href="../../../01/05/hello/">hello</a>' in page
    assert (site / "media/notebooks/figures/cover.png").read_text() == "png"
    assert "handbook" in (site / "blog/index.html").read_text()  # its excerpt is on the blog index


def test_a_broken_raw_html_image_in_a_notebook_names_its_cell_and_line(blog_project: Path):
    _notebook(blog_project / "content/notebooks/nb.ipynb", "Intro.", 'Text\n<img src="figures/gone.png">')
    with pytest.raises(ProblemsError) as caught:
        build(Project(blog_project), now=NOW)
    assert [str(p) for p in caught.value.problems] == [
        f"{blog_project / 'content/notebooks/nb.ipynb'}: cell 3, line 2: "
        "broken link 'figures/gone.png': no such file"]


def test_notebook_cells_are_read_one_by_one_only_to_name_a_broken_link(blog_project: Path, monkeypatch):
    """Before: every Markdown cell of every notebook was read again for its links on each cold
    build (1,853 readings for the 69 PDSH notebooks), even with no broken link anywhere."""
    import pipeline.publish.build as publish_build

    named = []
    cell_errors = publish_build.cell_errors
    monkeypatch.setattr(publish_build, "cell_errors", lambda post, index: named.append(post.source.name)
                        or cell_errors(post, index))
    _notebook(blog_project / "content/notebooks/good.ipynb", "[hello](../posts/hello.md)", "Text", "End")
    _notebook(blog_project / "content/notebooks/bad.ipynb", "Intro.", "Text\nSee [gone](gone.md).")
    with pytest.raises(ProblemsError) as caught:
        render_docs(Project(blog_project), now=NOW)
    assert named == ["bad.ipynb"]
    assert [str(p) for p in caught.value.problems] == [
        f"{blog_project / 'content/notebooks/bad.ipynb'}: cell 3, line 2: "
        "broken link 'gone.md': no such file"]


def test_a_build_leaves_no_markdown_reading_behind(blog_project: Path):
    """Before: the readings of every post body stayed cached through MkDocs (cold PDSH peak 276 MB
    instead of 244 MB)."""
    from pipeline.content.syntax import read_markdown

    before = read_markdown("A [kept](reading.md) text.")
    assert read_markdown("A [kept](reading.md) text.") is before
    build(Project(blog_project), now=NOW)
    assert read_markdown("A [kept](reading.md) text.") is not before


def test_a_cached_post_page_is_made_again_when_the_post_or_the_settings_change(tmp_path: Path):
    """A post's page is kept by everything it is made from: each changed field or setting is seen."""
    post = Post(source=tmp_path / "a.md", title="A", date=NOW, slug="a",
                output=PurePosixPath("blog/posts/a.md"), body="Intro.\n\nQ: What?\nA: This.\n")
    settings, cache = Settings(author="Ann"), Cache(tmp_path / "cache")
    variants = [(post, settings), (replace(post, title="B"), settings),
                (replace(post, body="Other.\n"), settings), (replace(post, tags=("x",)), settings),
                (replace(post, updated=NOW), settings),
                (post, replace(settings, author="Bob"))]
    for made_from in variants:
        assert post_page(*made_from, cache) == pages.post_page(*made_from)
    assert cache.hits == 0 and post_page(post, settings, cache) == pages.post_page(post, settings)
    assert cache.hits == 1
