"""Finding the libraries a user imports, from real notebook and note files."""

from __future__ import annotations

import keyword
import shutil
from pathlib import Path

from hypothesis import given, strategies as st

from pipeline.errors import ContentError, SettingsError
from pipeline.leads.discover import (LibraryUse, imports_in_code, merge_uses, notebook_code, python_blocks,
                                     requirement_names, scan_content, scan_projects)

DATA = Path(__file__).parent / "data" / "leads"


def test_counts_notebooks_and_notes_per_library():
    uses, errors = scan_content(DATA / "content")
    assert uses["numpy"] == LibraryUse("numpy", notebooks=2, notes=1)
    assert uses["pandas"] == LibraryUse("pandas", notebooks=2, notes=1)
    assert uses["torch"].notebooks == 1  # from a cell that does not even parse
    assert uses["seaborn"].notebooks == 1  # nbformat 3 notebook
    assert uses["scipy"].notes == 1 and uses["sympy"].notes == 1
    assert {"os", "json", "local_helper", "notthis", "fakeinside", "React"}.isdisjoint(uses)
    assert [e.path.name for e in errors] == ["broken.ipynb"]
    assert isinstance(errors[0], ContentError) and "broken.ipynb" in str(errors[0])


def test_missing_content_folder_is_no_libraries(tmp_path):
    assert scan_content(tmp_path / "content") == ({}, [])


def test_checkpoints_are_not_counted(tmp_path):
    shutil.copytree(DATA / "content", tmp_path / "content")
    shutil.copy(DATA / "content/notebooks/tensors.ipynb", tmp_path / "content/notebooks/.ipynb_checkpoints-x.ipynb")
    (tmp_path / "content/notebooks/.ipynb_checkpoints").mkdir()
    shutil.copy(DATA / "content/notebooks/tensors.ipynb", tmp_path / "content/notebooks/.ipynb_checkpoints/t.ipynb")
    uses, _ = scan_content(tmp_path / "content")
    assert uses["torch"].notebooks == 2  # the odd name counts, the checkpoints folder does not


def test_imports_ignore_magics_relative_and_keep_top_level():
    code = "%load_ext autoreload\n!ls\nimport a.b.c as d, e\nfrom f.g import h\nfrom .i import j\nfrom .. import k"
    assert imports_in_code(code) == {"a", "e", "f"}


def test_imports_in_broken_code_found_line_by_line():
    assert imports_in_code("import x, y.z\nfrom w import (\nprint(") == {"x", "y", "w"}


@given(st.lists(st.from_regex(r"[a-z][a-z0-9_]{0,10}", fullmatch=True).filter(lambda n: not keyword.iskeyword(n)),
                min_size=1, max_size=5))
def test_every_imported_name_is_found(names):
    code = "\n".join(f"import {n}.sub" if i % 2 else f"from {n} import thing" for i, n in enumerate(names))
    assert imports_in_code(code) == set(names)
    assert imports_in_code(code + "\nbroken(") == set(names)  # the line-by-line fallback agrees


def test_python_blocks_only_python_and_closed_by_matching_fence():
    text = (DATA / "content/posts/numpy-notes.md").read_text()
    blocks = python_blocks(text)
    assert blocks[0].startswith("import numpy") and "scipy" in blocks[1]
    assert not any("React" in b or "fakeinside" in b for b in blocks)


def test_notebook_code_reads_v4_and_v3():
    assert "import torch" in notebook_code((DATA / "content/notebooks/tensors.ipynb").read_text())
    assert "import seaborn" in notebook_code((DATA / "content/notebooks/old-format.ipynb").read_text())


def test_requirements_and_pyproject_names():
    assert requirement_names(DATA / "project/requirements.txt") == ["requests", "scikit-learn", "polars"]
    assert requirement_names(DATA / "project/pyproject.toml") == ["numpy", "rich", "matplotlib"]


def test_scan_projects_counts_each_project_once(tmp_path):
    shutil.copytree(DATA / "project", tmp_path / "a")
    shutil.copytree(DATA / "project", tmp_path / "b")
    uses, errors = scan_projects(tmp_path, ("a", "b", "nowhere"))
    assert uses["numpy"].projects == ("a", "b") and uses["pytest"].projects == ("a", "b")
    assert len(errors) == 1 and "nowhere" in str(errors[0]) and isinstance(errors[0], SettingsError)


def test_bad_pyproject_is_named(tmp_path):
    (tmp_path / "p").mkdir()
    (tmp_path / "p/pyproject.toml").write_text('[project]\ndependencies = ["ok", "not a req !!"]\n')
    _, errors = scan_projects(tmp_path, ("p",))
    assert "pyproject.toml" in str(errors[0]) and "not a req" in str(errors[0])


def test_merge_adds_counts():
    merged = merge_uses({"np": LibraryUse("np", 1, 2)}, {"np": LibraryUse("np", 3, 0, ("p",)), "x": LibraryUse("x", 1)})
    assert merged == {"np": LibraryUse("np", 4, 2, ("p",)), "x": LibraryUse("x", 1)}
    assert merged["np"].weight == 7
