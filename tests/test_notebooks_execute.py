"""Executing notebooks with a real kernel: outputs appear, the cache prevents a second run, and
failures name the notebook and the cell."""

from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from pipeline.cache import Cache
from pipeline.errors import ContentError
from pipeline.notebooks.execute import executed, run_key


def _notebook(*cells):
    return new_notebook(cells=list(cells))


def test_runs_once_then_comes_from_the_cache(tmp_path: Path):
    cache = Cache(tmp_path / "runs")
    notebook = _notebook(new_markdown_cell("# Title"), new_code_cell("import os\nprint(6 * 7)"))
    first = executed(notebook, tmp_path / "a.ipynb", "python3", 60, cache)
    assert first.cells[1].outputs[0]["text"] == "42\n"
    assert notebook.cells[1].outputs == []  # the input notebook is never changed
    assert (cache.hits, cache.misses) == (0, 1)
    notebook.cells[0].source = "# Prose edits never re-run code"
    again = executed(notebook, tmp_path / "a.ipynb", "python3", 60, cache)
    assert again.cells[1].outputs[0]["text"] == "42\n" and again.cells[0].source.startswith("# Prose")
    assert (cache.hits, cache.misses) == (1, 1)


def test_the_key_changes_with_code_and_kernel_only():
    notebook = _notebook(new_markdown_cell("a"), new_code_cell("x = 1"))
    key = run_key(notebook, "python3")
    notebook.cells[0].source = "b"
    assert run_key(notebook, "python3") == key
    assert run_key(notebook, "other") != key
    notebook.cells[1].source = "x = 2"
    assert run_key(notebook, "python3") != key


def test_an_error_names_the_cell_and_is_not_cached(tmp_path: Path):
    cache = Cache(tmp_path / "runs")
    notebook = _notebook(new_markdown_cell("intro"), new_code_cell("x = 1"), new_code_cell("1 / 0"))
    with pytest.raises(ContentError, match=r"bad\.ipynb: cell 3: ZeroDivisionError: division by zero"):
        executed(notebook, tmp_path / "bad.ipynb", "python3", 60, cache)
    assert not list((tmp_path / "runs").rglob("*"))


def test_a_cell_over_the_timeout_names_the_cell(tmp_path: Path):
    notebook = _notebook(new_code_cell("import time\ntime.sleep(30)"))
    with pytest.raises(ContentError, match=r"slow\.ipynb: cell 1: still running after 1 s"):
        executed(notebook, tmp_path / "slow.ipynb", "python3", 1, Cache(tmp_path / "runs"))


def test_unknown_kernel_is_one_line_naming_installed_kernels(tmp_path: Path):
    julia = nbformat.read(Path(__file__).parent / "data/notebooks/third_party/nbconvert/notebook_jl.ipynb", 4)
    with pytest.raises(ContentError) as caught:
        executed(julia, tmp_path / "jl.ipynb", "julia-0.4", 60, Cache(tmp_path / "runs"))
    assert "unknown kernel 'julia-0.4' (installed: " in str(caught.value) and "python3" in str(caught.value)
