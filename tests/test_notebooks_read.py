"""Reading notebooks: bad files are one clear error, old formats are upgraded, front matter found."""

from pathlib import Path

import pytest

from pipeline.content.syntax import read_markdown
from pipeline.errors import ContentError
from pipeline.notebooks.read import front_matter, kernel_of, language_of, load_notebook

THIRD_PARTY = Path(__file__).parent / "data/notebooks/third_party"


def _load(path: Path):
    return load_notebook(path, path.read_bytes())


def test_invalid_json_names_the_file_and_line(tmp_path):
    path = tmp_path / "broken.ipynb"
    path.write_text('{\n "cells": [\n  oops\n')
    with pytest.raises(ContentError) as caught:
        _load(path)
    assert caught.value.line == 3 and "invalid JSON" in str(caught.value) and "broken.ipynb" in str(caught.value)


@pytest.mark.parametrize("text", ['["a list"]', '{"cells": []}', '{"nbformat": "4"}'])
def test_json_that_is_not_a_notebook(tmp_path, text):
    path = tmp_path / "data.ipynb"
    path.write_text(text)
    with pytest.raises(ContentError, match="not a Jupyter notebook"):
        _load(path)


def test_nbformat_3_is_upgraded_in_memory_only():
    path = THIRD_PARTY / "nbformat/test3.ipynb"
    before = path.read_bytes()
    notebook, version = _load(path)
    assert version == 3 and notebook.nbformat == 4 and notebook.cells
    assert path.read_bytes() == before


def test_nbformat_2_and_broken_v3_are_clear_one_line_errors():
    for name in ("test2.ipynb", "test3_no_worksheets.ipynb"):
        with pytest.raises(ContentError) as caught:
            _load(THIRD_PARTY / "nbformat" / name)
        assert name in str(caught.value) and "\n" not in str(caught.value)


def test_front_matter_from_a_first_raw_cell(tmp_path):
    notebook = {"metadata": {"title": "From metadata", "date": "2026-01-01"}, "cells": [
        {"cell_type": "raw", "source": "---\ntitle: From the cell\ntags: [a]\n---\n"},
        {"cell_type": "markdown", "source": "# Heading"}]}
    front = front_matter(notebook, tmp_path / "x.ipynb")
    assert front.meta == {"title": "From the cell", "date": "2026-01-01", "tags": ["a"]}
    assert front.skip == 1 and front.key_lines["tags"] == 3


def test_front_matter_from_metadata_and_jupyter_authors():
    notebook, _ = _load(THIRD_PARTY / "nbformat/test4docinfo.ipynb")
    front = front_matter(notebook, Path("x.ipynb"))
    assert front.meta == {"title": "Test Notebook", "authors": ["Jean Tester"]} and front.skip == 0


def test_bad_yaml_in_the_first_cell_names_cell_and_line(tmp_path):
    notebook = {"cells": [{"cell_type": "markdown", "source": "---\ntitle: [unclosed\n---\nText"}]}
    with pytest.raises(ContentError, match=r"cell 1, line \d+: invalid YAML"):
        front_matter(notebook, tmp_path / "x.ipynb")


def test_odd_metadata_falls_back_to_defaults():
    notebook, _ = _load(THIRD_PARTY / "nbformat/v4_5_invalid_metadata.ipynb")
    assert language_of(notebook) == "python" and kernel_of(notebook, "python3") == "python3"
    julia, _ = _load(THIRD_PARTY / "nbconvert/notebook_jl.ipynb")
    assert language_of(julia) == "julia" and kernel_of(julia, "python3") == "julia-0.4"


LOOKALIKES = Path(__file__).parent / "data/notebooks/lookalikes"


def _title(path: Path) -> str:
    from pipeline.notebooks.read import notebook_title

    notebook, _ = _load(path)
    return notebook_title(notebook, front_matter(notebook, path), path)


def test_title_is_never_a_code_comment_nor_a_section_after_code():
    # handson-ml3: "**Chapter 2 ...**" in bold, a `# Setup` comment in code, then "# Setup" as a section
    assert _title(LOOKALIKES / "02_end_to_end_machine_learning_project.ipynb") == \
        "02 end to end machine learning project"


def test_title_from_metadata_then_first_heading_then_file_name(tmp_path):
    import nbformat
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_raw_cell

    cases = {
        "meta.ipynb": (new_notebook(metadata={"title": "From metadata"}, cells=[new_markdown_cell("# Heading")]),
                       "From metadata"),
        "front.ipynb": (new_notebook(cells=[new_raw_cell("---\ntitle: From front matter\n---"),
                                            new_markdown_cell("# Heading")]), "From front matter"),
        "heading.ipynb": (new_notebook(cells=[new_markdown_cell("Intro\n```\n# not this\n```"),
                                              new_markdown_cell("## Sub\n# The heading")]), "The heading"),
        "05.02-Introducing_Scikit-Learn.ipynb": (new_notebook(cells=[new_code_cell("# Setup\nimport numpy")]),
                                                  "05.02 Introducing Scikit Learn"),
        "untitled.ipynb": (new_notebook(), "Untitled"),
        "sections.ipynb": (new_notebook(cells=[new_markdown_cell("**Chapter 3**"), new_markdown_cell("# Setup"),
                                               new_markdown_cell("# Get the Data")]), "Sections"),
        "opening.ipynb": (new_notebook(cells=[new_markdown_cell("# Linear algebra\n\nIntro."),
                                              new_markdown_cell("# Vectors")]), "Linear algebra"),
    }
    for name, (notebook, title) in cases.items():
        nbformat.write(notebook, tmp_path / name)
        assert _title(tmp_path / name) == title, name


def test_title_reads_only_cells_that_can_hold_a_top_level_heading(monkeypatch, tmp_path):
    """Before: every Markdown cell was read for the title (1,853 readings for the 69 PDSH notebooks)."""
    import nbformat
    from nbformat.v4 import new_markdown_cell, new_notebook

    from pipeline.notebooks import read

    cells = ["Intro with `# not a heading` and $x = 1$.", "## A section\n\nText.", "```\n# in a fence\n```",
             "> # quoted", "Setext title\r\n====\r\n"]
    cells += [f"Cell {n} with **prose** and [a link](x{n}.md)." for n in range(20)]
    path = tmp_path / "long.ipynb"
    nbformat.write(new_notebook(cells=[new_markdown_cell(c) for c in cells]), path)
    seen = []
    monkeypatch.setattr(read, "read_markdown", lambda text: seen.append(text) or read_markdown(text))
    assert _title(path) == "Setext title"
    assert sorted(set(seen)) == sorted({cells[0], cells[2], cells[4]})  # the first, two with a `# ` line


@pytest.mark.parametrize("cells, title", [
    (["Intro.", "   # Three spaces in"], "Three spaces in"),
    (["Intro.", "    # four spaces in is code"], "Untitled notes"),
    (["Intro.", "Text\n\nUnderlined\n="], "Underlined"),
    (["Intro.", "#\tTabbed"], "Tabbed"),
    (["Intro.", "!!! note\n    # inside an admonition", "- # in a list"], "Untitled notes"),
    (["Intro.", "```\n# in a fence\n```", "$$\n# in math\n$$"], "Untitled notes"),
])
def test_title_heading_found_wherever_markdown_puts_one(tmp_path, cells, title):
    import nbformat
    from nbformat.v4 import new_markdown_cell, new_notebook

    path = tmp_path / "untitled_notes.ipynb"
    nbformat.write(new_notebook(cells=[new_markdown_cell(c) for c in cells]), path)
    assert _title(path) == title
