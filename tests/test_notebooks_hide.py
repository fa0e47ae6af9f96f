"""Every hide convention (Jupyter Book tags, Quarto options, fastpages comments) decides alike."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.notebooks.convert import Where, code_block, convert_cells
from pipeline.notebooks.hide import HIDE, REMOVE, SHOW, cell_visibility

CODE = "x = 1\nx"


@pytest.mark.parametrize(("tag", "expected"), [
    ("remove-input", (REMOVE, SHOW)), ("remove-output", (SHOW, REMOVE)), ("remove-cell", (REMOVE, REMOVE)),
    ("hide-input", (HIDE, SHOW)), ("hide-output", (SHOW, HIDE)), ("hide-cell", (HIDE, HIDE)),
    ("hide_input", (HIDE, SHOW)), ("hide-code", (HIDE, SHOW)), ("unrelated", (SHOW, SHOW)),
])
def test_jupyter_book_tags(tag, expected):
    seen = cell_visibility(CODE, [tag])
    assert (seen.input, seen.output) == expected and seen.source == CODE


@pytest.mark.parametrize(("option", "expected"), [
    ("#| echo: false", (REMOVE, SHOW)), ("#| output: false", (SHOW, REMOVE)),
    ("#| include: false", (REMOVE, REMOVE)), ("#| code-fold: true", (HIDE, SHOW)),
    ("#| echo: true", (SHOW, SHOW)), ("#|label: fig-one", (SHOW, SHOW)), ("#| code-fold: show", (SHOW, SHOW)),
])
def test_quarto_options_decide_and_never_show(option, expected):
    seen = cell_visibility(f"{option}\n{CODE}")
    assert (seen.input, seen.output) == expected
    assert seen.source == CODE


@pytest.mark.parametrize(("comment", "expected"), [
    ("#hide", (REMOVE, REMOVE)), ("# hide", (REMOVE, REMOVE)), ("#hide_input", (REMOVE, SHOW)),
    ("#collapse", (HIDE, SHOW)), ("#collapse-hide", (HIDE, SHOW)), ("#collapse_show", (SHOW, SHOW)),
    ("#collapse_output", (SHOW, HIDE)), ("#collapse-output", (SHOW, HIDE)),
])
def test_fastpages_comments(comment, expected):
    seen = cell_visibility(f"{comment}\n{CODE}")
    assert (seen.input, seen.output) == expected and seen.source == CODE


def test_strongest_decision_wins_across_conventions():
    seen = cell_visibility("#collapse\n#| output: false\nx", ["hide-output"])
    assert (seen.input, seen.output) == (HIDE, REMOVE)


def test_ordinary_comments_stay():
    assert cell_visibility("# hidden layer size\nh = 4").source == "# hidden layer size\nh = 4"


@given(st.lists(st.sampled_from(["#| echo: false", "#| output: false", "x = 1", "#| code-fold: true",
                                 "print(x)", "#hide_input", "# a comment"]), max_size=8))
def test_option_lines_never_show(lines):
    source = cell_visibility("\n".join(lines)).source
    assert "#|" not in source and "#hide" not in source
    assert [l for l in source.splitlines() if l] == [l for l in lines if not l.startswith(("#|", "#hide"))]


def _cells(source, tags=()):
    output = {"output_type": "stream", "name": "stdout", "text": "out-text\n"}
    return [{"cell_type": "code", "source": source, "metadata": {"tags": list(tags)}, "outputs": [output]}]


def _body(source, tags=()):
    from pathlib import Path, PurePosixPath
    where = Where(Path("/nb/x.ipynb"), Path("/nb"), PurePosixPath("blog/posts/notebooks/x.md"), "x")
    return convert_cells(_cells(source, tags), "python", where).body


def test_hidden_means_collapsed_but_present_and_removed_means_gone():
    hidden = _body("#| code-fold: true\nsecret_code()", ["hide-output"])
    assert '??? note "Code"' in hidden and "    secret_code()" in hidden
    assert "<details" in hidden and "out-text" in hidden
    removed = _body("#| include: false\nsecret_code()")
    assert "secret_code" not in removed and "out-text" not in removed
    plain = _body("shown()")
    assert "```python\nshown()\n```" in plain and '<div class="nb-output" data-search-exclude' in plain


def test_markdown_cells_tagged_remove_cell_are_dropped():
    from pathlib import Path, PurePosixPath
    where = Where(Path("/nb/x.ipynb"), Path("/nb"), PurePosixPath("blog/posts/notebooks/x.md"), "x")
    cells = [{"cell_type": "markdown", "source": "gone", "metadata": {"tags": ["remove-cell"]}},
             {"cell_type": "markdown", "source": "kept", "metadata": {}}]
    body = convert_cells(cells, "python", where).body
    assert "kept" in body and "gone" not in body


def test_code_with_backtick_fences_gets_a_longer_fence():
    assert code_block('s = """\n```\n"""', "python").startswith("````python\n")
