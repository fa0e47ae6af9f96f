"""Notebook posts from real notebooks: files, caching, links, bad input, and a real MkDocs build."""

import base64
import json
import shutil
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_raw_cell

from pipeline.content.syntax import read_markdown
from pipeline.errors import ContentError, ProblemsError
from pipeline.notebooks.posts import read_notebook_posts
from pipeline.project import Project
from pipeline.publish.build import build, render_site

DATA = Path(__file__).parent / "data"
EXAMPLES = Path(__file__).resolve().parent.parent / "content/notebooks"
THIRD_PARTY = DATA / "notebooks/third_party"
NOW = datetime(2026, 6, 1, tzinfo=UTC)
PYPROJECT = """[tool.lip]
author = "Test Author"
site_url = "https://test.example/blog-site/"
repo_url = "https://github.com/someone/ml-notes"
branch = "trunk"
"""


@pytest.fixture
def project(tmp_path: Path) -> Project:
    """The test blog plus the two example notebooks and one linking an image in content/."""
    root = tmp_path / "site-repo"
    shutil.copytree(DATA / "blog", root)
    (root / "pyproject.toml").write_text(PYPROJECT)
    shutil.copytree(EXAMPLES, root / "content/notebooks")
    linked = new_notebook(cells=[
        new_raw_cell("---\ntitle: Linked image\ndate: 2026-03-01\n---"),
        new_markdown_cell("A dot: ![dot](../../posts/img/dot.svg)"),
        new_code_cell("print('hi')", outputs=[nbformat.v4.new_output("stream", name="stdout", text="hi\n")])])
    (root / "content/notebooks/deeper").mkdir()
    nbformat.write(linked, root / "content/notebooks/deeper/linked.ipynb")
    return Project(root)


def _read(project: Project, settings=None):
    return read_notebook_posts(project, settings or project.settings(), NOW)


def test_each_notebook_is_a_post_with_its_files(project: Project):
    posts, result = _read(project)
    assert result.errors == () and result.converted == 3
    by_slug = {p.slug: p for p in posts}
    assert set(by_slug) == {"softmax-from-scratch", "exploring-a-tiny-dataset", "linked"}
    softmax = by_slug["softmax-from-scratch"]
    assert softmax.title == "Softmax from scratch" and softmax.kind == "notebook"
    assert softmax.tags == ("numpy", "softmax") and softmax.date.year == 2026
    assert str(softmax.output) == "blog/posts/notebooks/softmax-from-scratch.md"
    paths = {str(f.path): f for f in result.files}
    images = [p for p in paths if p.startswith("blog/posts/notebooks/softmax-from-scratch/cell") and p.endswith(".png")]
    assert len(images) == 1 and paths[images[0]].data.startswith(b"\x89PNG")
    assert f"(softmax-from-scratch/{images[0].rsplit('/', 1)[1]})" in softmax.body
    assert "data:image" not in softmax.body and "base64" not in softmax.body
    assert "blog/posts/notebooks/exploring-a-tiny-dataset/exploring-a-tiny-dataset.ipynb" in paths
    assert paths["assets/javascripts/plotly.min.js"].data.startswith(b"/**") and "assets/stylesheets/notebooks.css" in paths
    linked = by_slug["linked"]  # links stay as written: the build resolves them through the site index
    assert "(../../posts/img/dot.svg)" in linked.body and "media/posts/img/dot.svg" not in paths
    assert "A dot: ![dot](../../posts/img/dot.svg)" in dict(linked.cells).values()
    assert PurePosixPath("blog/posts/notebooks/linked/linked.ipynb") in linked.attached


def test_exploring_post_has_table_plotly_and_hidden_cells(project: Project):
    posts, _ = _read(project)
    body = next(p for p in posts if p.slug == "exploring-a-tiny-dataset").body
    assert '<table class="dataframe">' in body and "<style" not in body
    assert "<script src=" not in body and body.count('data-lip-script="plotly"') == 1
    assert "setup noise" not in body and "import plotly.express" not in body  # include: false, remove-cell
    assert "print('6 rows loaded'" not in body and "6 rows loaded" in body  # remove-input keeps output
    assert '??? note "Code"' in body and "#collapse" not in body and "#|" not in body


def test_links_at_the_top_follow_settings_and_front_matter(project: Project):
    posts, _ = _read(project)
    body = next(p for p in posts if p.slug == "linked").body
    path = "content/notebooks/deeper/linked.ipynb"
    assert f"https://colab.research.google.com/github/someone/ml-notes/blob/trunk/{path}" in body
    assert f"https://mybinder.org/v2/gh/someone/ml-notes/trunk?labpath={path}" in body
    assert f"https://github.com/someone/ml-notes/blob/trunk/{path}" in body and "(linked/linked.ipynb)" in body
    settings = project.settings()
    quiet = replace(settings, notebooks=replace(settings.notebooks, colab=False, binder=False, download=False))
    posts, result = _read(project, quiet)
    body = next(p for p in posts if p.slug == "linked").body
    assert "colab" not in body and "mybinder" not in body and "github.com/someone" in body
    assert not any(str(f.path).endswith(".ipynb") for f in result.files)


def test_unchanged_notebooks_are_not_converted_again(project: Project):
    first_posts, _ = _read(project)
    posts, again = _read(project)
    assert (again.converted, again.cached) == (0, 3) and posts == first_posts
    path = project.content / "notebooks/deeper/linked.ipynb"
    path.write_text(path.read_text().replace("A dot:", "A small dot:"))
    posts, edited = _read(project)
    assert (edited.converted, edited.cached) == (1, 2)
    assert "A small dot" in next(p for p in posts if p.slug == "linked").body


def test_execute_true_runs_once_and_is_cached(project: Project):
    nbformat.write(new_notebook(cells=[
        new_raw_cell("---\ntitle: Run me\ndate: 2026-03-02\nexecute: true\n---"),
        new_code_cell("print(sum(range(10)))")]), project.content / "notebooks/run-me.ipynb")
    posts, result = _read(project)
    assert result.errors == () and "45\n</pre>" in next(p for p in posts if p.slug == "run-me").body
    _, again = _read(project)
    assert again.converted == 0


def test_every_bad_notebook_is_one_error_and_the_rest_still_build(project: Project):
    folder = project.content / "notebooks"
    (folder / "not-json.ipynb").write_text("{ nope")
    (folder / "not-a-notebook.ipynb").write_text('{"hello": "world"}')
    shutil.copy(THIRD_PARTY / "nbformat/test2.ipynb", folder / "format-two.ipynb")
    giant = new_notebook(cells=[new_markdown_cell("# Giant"), new_code_cell(
        "print('x' * 50_000_000)", outputs=[nbformat.v4.new_output("stream", name="stdout", text="x" * 50_000_000)])],
        metadata={"date": "2026-03-03"})
    nbformat.write(giant, folder / "giant.ipynb")
    nbformat.write(new_notebook(cells=[new_raw_cell("---\ntitle: T\ndate: 2026-13-45\n---")]), folder / "bad-date.ipynb")
    nbformat.write(new_notebook(cells=[new_raw_cell("---\ntitle: J\ndate: 2026-03-04\nexecute: true\n---"),
                                       new_code_cell("1")], metadata={"kernelspec": {"name": "nope-kernel", "display_name": "Nope"}}),
                   folder / "no-kernel.ipynb")
    posts, result = _read(project)
    messages = sorted(str(e) for e in result.errors)
    assert len(messages) == 5 and all("\n" not in m for m in messages)
    assert [n for n in result.notices if "giant" in n] == [
        "content/notebooks/giant.ipynb: cell 2: text output of 50,000,000 characters cut to 100,000"]
    for name, words in [("bad-date", "cell 1, line 3: date:"), ("format-two", "nbformat 2"),
                        ("no-kernel", "unknown kernel 'nope-kernel'"),
                        ("not-a-notebook", "not a Jupyter notebook"), ("not-json", "invalid JSON")]:
        assert any(f"{name}.ipynb" in m and words in m for m in messages), (name, messages)
    assert {"softmax-from-scratch", "exploring-a-tiny-dataset", "linked", "giant"} == {p.slug for p in posts}
    assert len(next(p for p in posts if p.slug == "giant").body) < 200_000
    posts_again, again = _read(project)  # failures come back from the cache just the same
    assert sorted(str(e) for e in again.errors) == messages and posts_again == posts
    assert again.converted == 1  # only the notebook whose run failed is tried again


def test_editing_a_note_never_reconverts_notebooks(project: Project):
    _read(project)
    note = project.content / "posts/hello.md"
    note.write_text(note.read_text() + "\nOne more line.\n")
    _, result = _read(project)
    assert (result.converted, result.cached) == (0, 3)


def test_third_party_notebooks_become_posts_or_clear_errors(tmp_path: Path):
    root = tmp_path / "repo"
    shutil.copytree(DATA / "blog", root)
    for source in sorted(THIRD_PARTY.rglob("*.ipynb")):
        target = root / "content/notebooks" / source.parent.name / source.name
        target.parent.mkdir(parents=True, exist_ok=True)
        text = source.read_text()
        try:  # a date is the one thing these test notebooks never carry
            raw = json.loads(text)
            raw.setdefault("metadata", {})["date"] = "2026-01-01"
            raw["metadata"]["title"] = source.stem
            text = json.dumps(raw)
        except (ValueError, AttributeError, TypeError):
            pass
        target.write_text(text)
    posts, result = read_notebook_posts(Project(root), Project(root).settings(), NOW)
    failed = sorted(e.path.name for e in result.errors)
    assert failed == ["test2.ipynb", "test3_no_worksheets.ipynb"]
    with pytest.raises(ProblemsError) as built:  # links resolve at build time
        render_site(Project(root), now=NOW, check=True)
    assert [(e.path.name, "broken link" in e.message) for e in built.value.problems
            if isinstance(e, ContentError) and e.path.name == "binder.ipynb"] == [
        ("binder.ipynb", True)]  # binder.ipynb links to a notebook it was shipped without
    assert len(posts) == len(list(THIRD_PARTY.rglob("*.ipynb"))) - 2
    assert any("notebook_inject.ipynb: cell 7: image/png output left out: not valid base64" in n for n in result.notices)
    assert any("nbformat 3" in n and "test3.ipynb" in n for n in result.notices)
    inject = next(p for p in posts if p.source.name == "notebook_inject.ipynb")
    for payload in ("text/html output", "text/markdown output", "application/javascript output",
                    "output.data.application", "image/png output", "raw cell"):
        assert payload not in inject.body
    assert not [f for f in result.files if str(f.path).startswith(f"blog/posts/notebooks/{inject.slug}/cell4")]
    assert any("notebook_inject.ipynb: cell 4: SVG output left out: not a well-formed SVG" in n for n in result.notices)
    attachment = next(p for p in posts if p.source.name == "attachment.ipynb")
    assert "attachment:" not in attachment.body
    assert sum(str(f.path).startswith(f"blog/posts/notebooks/{attachment.slug}/cell") for f in result.files) == 2


def test_real_mkdocs_build_with_notebook_posts(project: Project):
    report = build(project, now=NOW)
    site = project.site
    page = (site / "blog/2026/02/14/softmax-from-scratch/index.html").read_text()
    assert 'class="arithmatex"' in page and "What does softmax do?" in page and 'class="nb-text nb-error"' in page
    assert '<span class="ansi-red-fg">' in page and "nb-stderr" in page
    image = next((site / "blog/notebooks/softmax-from-scratch").glob("cell*-output0.png"))
    assert f"../../../../notebooks/softmax-from-scratch/{image.name}" in page
    chart = (site / "blog/2026/02/20/exploring-a-tiny-dataset/index.html").read_text()
    assert "<table" in chart and 'class="nb-plotly"' in chart
    assert (site / "assets/javascripts/plotly.min.js").stat().st_size > 1_000_000
    assert "cdn.plot.ly" not in chart and "cdn.jsdelivr" not in chart
    index = (site / "search/search_index.json").read_text()
    assert "naive_softmax" in index and "RuntimeWarning" not in index and "bdata" not in index
    assert len(index) < 60_000
    assert "nb-plotly" not in (site / "blog/index.html").read_text()  # outputs stay below the excerpt
    again = build(project, now=NOW)
    assert again.written == 0 and report.posts == again.posts


def test_vega_charts_load_vendored_scripts_once(project: Project):
    spec = {"mark": "bar", "data": {"values": [{"x": "a", "y": 1}]},
            "encoding": {"x": {"field": "x", "type": "nominal"}, "y": {"field": "y", "type": "quantitative"}}}
    chart = nbformat.v4.new_output("display_data", data={"application/vnd.vegalite.v5+json": spec, "text/plain": "Chart"})
    nbformat.write(new_notebook(cells=[new_markdown_cell("# Altair chart"), new_code_cell("chart", outputs=[chart, chart])],
                                metadata={"date": "2026-03-05"}), project.content / "notebooks/altair.ipynb")
    posts, result = _read(project)
    body = next(p for p in posts if p.slug == "altair").body
    assert "<script src=" not in body and body.count('data-lip-script="vega"') == 2
    for name in ("vega.min.js", "vega-lite.min.js", "vega-embed.min.js"):
        assert [len(f.data) > 50_000 for f in result.files if str(f.path) == f"assets/javascripts/{name}"] == [True]


def test_a_notebook_without_date_says_where_the_date_goes(project: Project):
    nbformat.write(new_notebook(cells=[new_markdown_cell("# Undated")]), project.content / "notebooks/undated.ipynb")
    _, result = _read(project)
    assert [str(e).split(": ", 1)[1] for e in result.errors] == [
        "missing 'date' (e.g. date: 2026-01-31) in a first raw cell of YAML front matter (---) or in the notebook's metadata"]


def test_check_mode_writes_nothing(project: Project):
    nbformat.write(new_notebook(cells=[new_raw_cell("---\ntitle: Run\ndate: 2026-03-02\nexecute: true\n---"),
                                       new_code_cell("print(1)")]), project.content / "notebooks/run.ipynb")
    posts, result = read_notebook_posts(project, project.settings(), NOW, check=True)
    assert len(posts) == 4 and result.errors == () and "1\n</pre>" in next(p for p in posts if p.slug == "run").body
    assert not (project.root / ".lip").exists()


LOOKALIKES = DATA / "notebooks/lookalikes"


def test_buttons_sit_under_the_title_before_any_cell(project: Project):
    posts, _ = _read(project)
    by_slug = {p.slug: p for p in posts}
    exploring = by_slug["exploring-a-tiny-dataset"].body  # opens with its `# heading`: buttons right under it
    assert exploring.startswith("# Exploring a tiny dataset\n\n<div class=\"nb-links\"")
    linked = by_slug["linked"].body  # titled by front matter: the title is added as the opening heading
    assert linked.startswith('# Linked image\n\n<div class="nb-links"') and linked.index("nb-links") < linked.index("A dot")


def test_a_skipped_notebook_is_left_out_whole_and_listed(project: Project):
    broken = new_notebook(cells=[new_markdown_cell("# Broken\n\n![gone](missing.png)"), new_code_cell(
        "plot()", outputs=[nbformat.v4.new_output("display_data", data={"image/png": "iVBORw0KGgo="})])],
        metadata={"date": "2026-03-06"})
    nbformat.write(broken, project.content / "notebooks/broken.ipynb")
    contents = new_notebook(cells=[new_markdown_cell("# Contents\n\n- [Broken](broken.ipynb)")], metadata={"date": "2026-03-07"})
    nbformat.write(contents, project.content / "notebooks/contents.ipynb")  # links to the skipped one
    report = build(project, now=NOW, keep_going=True)  # MkDocs (strict) builds: nothing of either is left in
    assert [str(e).split("notebooks/", 1)[1] for e in report.skipped] == [
        "broken.ipynb: cell 1, line 3: broken link 'missing.png': no such file",
        "contents.ipynb: cell 1, line 3: link 'broken.ipynb' points at a skipped post"]
    for name in ("broken", "contents"):
        assert not list(project.site.rglob(f"*{name}*")) and not list(project.docs.rglob(f"*{name}*"))
    assert "Broken" not in (project.site / "blog/index.html").read_text()


def test_huge_outputs_are_left_out_of_page_and_download_alike(project: Project):
    png = base64.b64encode(b"\x89PNG" + b"\0" * 20_000_000).decode()
    notebook = new_notebook(cells=[new_markdown_cell("# Huge"), new_code_cell("plot()", outputs=[
        nbformat.v4.new_output("display_data", data={"image/png": png, "text/plain": "<Figure>"})])],
        metadata={"date": "2026-03-07"})
    nbformat.write(notebook, project.content / "notebooks/huge.ipynb")
    posts, result = _read(project)
    post = next(p for p in posts if p.slug == "huge")
    assert "[PNG output of 20.0 MB left out (over the 5.0 MB limit)]" in post.body
    files = {str(f.path): f.data for f in result.files if "/huge/" in str(f.path)}
    assert list(files) == ["blog/posts/notebooks/huge/huge.ipynb"] and len(files["blog/posts/notebooks/huge/huge.ipynb"]) < 5000
    assert result.errors == () and result.notices == (
        "content/notebooks/huge.ipynb: cell 2: PNG output of 20.0 MB left out (over the 5.0 MB limit)",)


def test_lookalikes_of_real_notebooks_become_posts_without_errors(project: Project):
    for source in LOOKALIKES.glob("*.ipynb"):
        shutil.copy(source, project.content / "notebooks" / source.name)
    posts, result = _read(project)
    assert result.errors == ()
    by_source = {p.source.name: p for p in posts}
    assert set(by_source) >= {s.name for s in LOOKALIKES.glob("*.ipynb")}
    assert by_source["02_end_to_end_machine_learning_project.ipynb"].title == "02 end to end machine learning project"
    assert by_source["altair-html.ipynb"].body.count('data-lip-script="vega"') == 2
    hostile = by_source["hostile.ipynb"]
    assert hostile.title == '<img src=x onerror="window.hacked=1"> & co'  # the page escapes it (pages.post_page)
    assert "window.hacked=3" not in hostile.body
    assert any("hostile.ipynb: cell 4: JavaScript output left out" in n for n in result.notices)


def test_notebook_excerpts_end_before_the_first_code(project: Project):
    from pipeline.blog.pages import post_page

    posts, _ = _read(project)
    page = post_page(next(p for p in posts if p.slug == "exploring-a-tiny-dataset"), project.settings()).data.decode()
    excerpt = page.split("<!-- more -->")[0]
    assert "```" not in excerpt and "nb-output" not in excerpt and len(excerpt.split()) < 150


def test_keep_going_lists_everything_skipped_at_the_end(project: Project):
    from click.testing import CliRunner

    from pipeline.cli import main

    nbformat.write(new_notebook(cells=[new_markdown_cell("# Broken\n\n[gone](missing.ipynb)")],
                                metadata={"date": "2026-03-06"}), project.content / "notebooks/broken.ipynb")
    (project.content / "notebooks/not-json.ipynb").write_text("{ nope")
    result = CliRunner().invoke(main, ["-C", str(project.root), "build", "--keep-going"])
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert all(line.startswith("skipped: ") for line in lines[-3:-1])
    assert "broken.ipynb: cell 1, line 3: broken link 'missing.ipynb'" in " ".join(lines[-3:-1])
    assert "not-json.ipynb" in " ".join(lines[-3:-1])
    assert lines[-1] == "2 problem(s) skipped (--keep-going): what they name is not in the site"
    assert any(line.startswith("built site/") for line in lines[:-3])


def test_repeated_notices_are_counted_once():
    from pipeline.notebooks.posts import counted

    assert counted(("a", "b", "a", "a")) == ["a (3 times)", "b"]


def test_links_between_notebooks_open_the_other_post_and_missing_ones_name_the_cell(project: Project):
    from pipeline.publish.build import render_docs

    folder = project.content / "notebooks"
    nbformat.write(new_notebook(cells=[new_markdown_cell("# Arrays\n\nSee [next](04.02-Other.ipynb)."),
                                       new_markdown_cell("And [the wrong one](04.03-Gone.ipynb).")],
                                metadata={"date": "2026-03-08"}), folder / "04.01-Arrays.ipynb")
    nbformat.write(new_notebook(cells=[new_markdown_cell("# Other\n\nBack to [arrays](04.01-Arrays.ipynb#top).")],
                                metadata={"date": "2026-03-09"}), folder / "04.02-Other.ipynb")
    with pytest.raises(ProblemsError) as caught:
        render_docs(project, now=NOW)
    assert [str(e).split("notebooks/", 1)[1] for e in caught.value.problems] == [
        "04.01-Arrays.ipynb: cell 2, line 1: broken link '04.03-Gone.ipynb': no such file"]
    nbformat.write(new_notebook(cells=[new_markdown_cell("# Arrays\n\nSee [next](04.02-Other.ipynb).")],
                                metadata={"date": "2026-03-08"}), folder / "04.01-Arrays.ipynb")
    files, _ = render_docs(project, now=NOW)
    arrays = files[PurePosixPath("blog/posts/notebooks/04-01-arrays.md")].data.decode()
    other = files[PurePosixPath("blog/posts/notebooks/04-02-other.md")].data.decode()
    assert "[next](04-02-other.md)" in arrays and "[arrays](04-01-arrays.md#top)" in other
    assert not [path for path in files if str(path).endswith(("04.02-Other.ipynb", "04.01-Arrays.ipynb"))
                and "/04-0" not in str(path)]  # no raw copy of a notebook beside its own download


def test_a_notebook_named_index_is_a_post_of_its_own_not_the_folders_index_page(project: Project):
    course = project.content / "notebooks/course"
    course.mkdir()
    nbformat.write(new_notebook(cells=[new_markdown_cell("# Course contents\n\n[Part one](part-one.ipynb)")],
                                metadata={"date": "2026-03-10"}), course / "Index.ipynb")
    nbformat.write(new_notebook(cells=[new_markdown_cell("# Part one\n\n[Back](Index.ipynb)")],
                                metadata={"date": "2026-03-11"}), course / "part-one.ipynb")
    build(project, now=NOW)
    page = project.site / "blog/2026/03/10/course-index/index.html"
    assert "Course contents" in page.read_text() and not (project.docs / "blog/posts/notebooks/index.md").exists()
    back = (project.site / "blog/2026/03/11/part-one/index.html").read_text()
    assert 'href="../../10/course-index/"' in back


_EXCERPT_CASES = {  # Markdown cells (a str) and code cells (a tuple: source, tags, stdout) in order
    "paragraph-then-code": ["# Title\n\nAn opening paragraph.", ("x = 1", (), "1")],
    "heading-then-code": ["# Only a heading", ("x = 1", (), "")],
    "list-first": ["- one\n- two", "Text after.", ("x = 1", (), "")],
    "lone-image-first": ["![dot](../../posts/img/dot.svg)", "Then a paragraph.", ("x = 1", (), "")],
    "long-paragraph": [" ".join(["word"] * 120), ("x = 1", (), "")],
    "budget-spent": ["## A\n\n" + " ".join(["w"] * 50), "## B\n\n" + " ".join(["w"] * 50), ("x", (), "")],
    "windows-lines": ["# Title\r\n\r\nFirst\r\nparagraph.\r\n", ("x = 1", (), "1"), "After.\r\nMore."],
    "collapsed-code-first": [("import os", ("hide-input",), "out"), "Prose."],
    "output-only-first": [("print(1)", ("remove-input",), "1"), "Prose."],
    "unclosed-comment": ["<!-- never closed", "## More", ("x", (), '<img src="a.png">')],
    "unclosed-fence": ["```\nnot closed", ("x = 1", (), "")],
    "unclosed-math": ["$$\nx = 1", ("y = 2", (), "")],
    "cloze-first": ["The answer is {{c1::42}}.", ("x = 1", (), "")],
    "author-separator": ["Intro.", ("x = 1", (), ""), "<!-- more -->", "Rest."],
    "no-code": ["Intro.", "More prose."],
    "code-only": [("x = 1", (), "1")],
}


def _excerpt_notebook(cells) -> dict:
    made = []
    for cell in cells:
        if isinstance(cell, str):
            made.append(new_markdown_cell(cell))
        else:
            source, tags, out = cell
            outputs = [nbformat.v4.new_output("stream", name="stdout", text=out)] if out else []
            made.append(new_code_cell(source, metadata={"tags": list(tags)}, outputs=outputs))
    return new_notebook(metadata={"date": "2026-02-01"}, cells=made)


def test_the_excerpt_separator_is_placed_at_conversion_where_the_page_would_place_it(project, monkeypatch):
    """Before: every notebook post page read its whole body once more to place `<!-- more -->`
    (69 readings of 0.4 MB-1.2 MB of Markdown in a cold PDSH build); now it is placed when the
    notebook is converted, from the text above the first code, and the page finds it there."""
    import pipeline.blog.excerpt as excerpt
    from pipeline.blog.pages import post_page
    from pipeline.notebooks import posts as notebook_posts

    folder = project.content / "notebooks"
    for name, cells in _EXCERPT_CASES.items():
        nbformat.write(_excerpt_notebook(cells), folder / f"{name}.ipynb")
    for source in LOOKALIKES.glob("*.ipynb"):
        shutil.copy(source, folder / source.name)
    read = []
    monkeypatch.setattr(excerpt, "read_markdown", lambda text: read.append(text) or read_markdown(text))
    posts, result = _read(project)
    pages = {p.source.name: post_page(p, project.settings()).data for p in posts}
    placed, seen = {p.source.name for p in posts if excerpt.MORE in p.body}, set(read)
    monkeypatch.setattr(notebook_posts, "excerpted", lambda body, tail, source: body)  # as it was
    shutil.rmtree(project.cache)
    reference, _ = _read(project)
    assert result.errors == ()
    assert {p.source.name: post_page(p, project.settings()).data for p in reference} == pages
    assert not seen & {p.body for p in reference if p.source.name in placed}  # never a whole body
    assert placed >= {f"{name}.ipynb" for name in _EXCERPT_CASES if name not in (
        "unclosed-comment", "cloze-first", "no-code", "author-separator")} | {"long-prose.ipynb"}
    assert not {"unclosed-comment.ipynb", "cloze-first.ipynb", "no-code.ipynb"} & placed
