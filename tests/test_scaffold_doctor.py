"""`lip doctor`: every publishing requirement is checked, each problem says how to fix it,
problems exit non-zero, and the only thing it ever writes is what `--fix` asks for."""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.project import Project
from pipeline.scaffold.doctor import doctor
from pipeline.scaffold.init import init_site

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def site(tmp_path) -> Path:
    root = tmp_path / "site"
    init_site(root, repo_url="https://github.com/ada/site", requirement="learn-in-public",
              today=date(2026, 1, 2))
    return root


def problems(root: Path) -> list[str]:
    return [check.problem for check in doctor(Project(root)) if not check.ok]


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_a_new_site_is_ready_to_publish(site):
    assert problems(site) == []


def test_this_repository_is_ready_to_publish():
    assert problems(REPO) == []


@pytest.mark.parametrize(("file", "old", "new", "expected"), [
    ("pyproject.toml", 'site_url = "https://ada.github.io/site/"', 'site_url = ""', "set site_url"),
    ("pyproject.toml", 'site_url = "https://ada.github.io/site/"', 'site_url = "ada.github.io"',
     "is not an http(s) URL"),
    ("pyproject.toml", 'site_url = "https://ada.github.io/site/"',
     'site_url = "https://example.github.io/learn-in-public/"', "serves https://github.com/ada/site at"),
    ("pyproject.toml", 'site_url = "https://ada.github.io/site/"', 'site_url = "https://notes.ada.dev/"', None),
    ("pyproject.toml", 'repo_url = "https://github.com/ada/site"', 'repo_url = ""', "set repo_url"),
    ("pyproject.toml", 'repo_url = "https://github.com/ada/site"', 'repo_url = "github.com/ada"',
     "is not https://github.com/OWNER/REPO"),
    ("pyproject.toml", 'author =', 'auther =', "unknown setting 'auther' (did you mean 'author'?)"),
    ("pyproject.toml", 'branch = "main"', 'branch = "my branch"', "branch 'my branch'"),
    ("mkdocs.yml", "docs_dir: build/docs", "docs_dir: docs", "docs_dir: 'docs'"),
    ("mkdocs.yml", "site_dir: site", "site_dir: public", "site_dir: 'public'"),
    ("mkdocs.yml", "nav:", "nav: [", "mkdocs.yml:"),
    (".gitignore", "/.lip/\n", "", "add /.lip/"),
    (".github/workflows/publish.yml", "cache: pip\n", "", "publish.yml differs"),
    (".github/workflows/check.yml", "lip check", "lip chek", "check.yml differs"),
])
def test_each_problem_is_named_with_its_fix(site, file, old, new, expected):
    edit(site / file, old, new)
    found = problems(site)
    if expected is None:  # a change that is fine
        assert found == []
    else:
        assert len(found) == 1 and expected in found[0], found


def test_missing_publish_workflow_and_mkdocs_are_problems(site):
    (site / ".github/workflows/publish.yml").unlink()
    (site / ".github/workflows/check.yml").unlink()  # optional: absent is fine
    (site / "mkdocs.yml").unlink()
    found = problems(site)
    assert len(found) == 2
    assert "publish.yml is missing" in found[0] + found[1] and "mkdocs.yml is missing" in found[0] + found[1]


def test_a_workflow_for_another_branch_must_say_so(site):
    edit(site / "pyproject.toml", 'branch = "main"', 'branch = "trunk"')
    found = problems(site)
    assert len(found) == 1 and found[0].startswith(".github/workflows/publish.yml differs"), found


def test_cli_lists_every_check_and_exits_non_zero_on_problems(site):
    edit(site / "pyproject.toml", 'site_url = "https://ada.github.io/site/"', 'site_url = ""')
    (site / ".github/workflows/publish.yml").unlink()
    before = snapshot(site)
    result = CliRunner().invoke(main, ["-C", str(site), "doctor"])
    assert result.exit_code == 1
    assert "ok: repo_url is set" in result.output and "PROBLEM: site_url is set" in result.output
    assert "error: pyproject.toml [tool.lip]: set site_url" in result.output
    assert "run `lip doctor --fix` to write it" in result.output
    assert "Traceback" not in result.output
    assert snapshot(site) == before  # doctor only reads


def test_fix_rewrites_the_workflows_and_nothing_else(site):
    edit(site / "pyproject.toml", 'branch = "main"', 'branch = "trunk"')
    (site / ".github/workflows/publish.yml").unlink()
    before = snapshot(site)
    result = CliRunner().invoke(main, ["-C", str(site), "doctor", "--fix"])
    assert result.exit_code == 0, result.output
    after = snapshot(site)
    changed = {path for path in after if before.get(path) != after[path]}
    assert changed == {".github/workflows/publish.yml"}  # check.yml names no branch
    assert "branches: [trunk]" in after[".github/workflows/publish.yml"].decode()


def test_fix_does_not_add_the_optional_check_workflow(site):
    (site / ".github/workflows/check.yml").unlink()
    result = CliRunner().invoke(main, ["-C", str(site), "doctor", "--fix"])
    assert result.exit_code == 0, result.output
    assert not (site / ".github/workflows/check.yml").exists()


def test_mkdocs_tags_that_only_mkdocs_understands_are_read_not_refused(site):
    with (site / "mkdocs.yml").open("a", encoding="utf-8") as handle:
        handle.write("  - pymdownx.emoji:\n"
                     "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
                     "copyright: !ENV [COPYRIGHT, 'me']\n")
    assert problems(site) == []


@pytest.mark.parametrize(("origin", "expected"), [
    ("git@github.com:Ada/site.git", None),
    ("https://github.com/ada/site", None),
    ("https://github.com/example/learn-in-public.git", "but git's origin is 'https://github.com/example/learn-in-public'"),
    ("https://gitlab.com/ada/other.git", None),  # not GitHub: nothing to compare
])
def test_repo_url_must_name_the_repository_git_pushes_to(site, origin, expected):
    subprocess.run(["git", "init", "-q", str(site)], check=True)
    subprocess.run(["git", "-C", str(site), "remote", "add", "origin", origin], check=True)
    found = problems(site)
    if expected is None:
        assert found == []
    else:
        assert len(found) == 1 and expected in found[0], found
