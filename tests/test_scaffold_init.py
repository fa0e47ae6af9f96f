"""`lip init DIR`: a new site repository from the packaged templates, that builds as it is."""

from __future__ import annotations

import os
import subprocess
import sys
import tarfile
import tomllib
from datetime import date
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.scaffold.init import init_site

REPO = Path(__file__).resolve().parent.parent
EXPECTED = {
    ".github/workflows/check.yml", ".github/workflows/publish.yml", ".gitignore",
    "content/about.md", "content/following.opml", "content/posts/hello.md", "mkdocs.yml",
    "pyproject.toml",
}


def files_under(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}


def test_init_writes_a_complete_site(tmp_path):
    target = tmp_path / "ml-notes"
    init_site(target, author="Ada", repo_url="https://github.com/ada/ml-notes",
              requirement="learn-in-public>=0.1", today=date(2026, 3, 1))
    assert files_under(target) == EXPECTED
    pyproject = tomllib.loads((target / "pyproject.toml").read_text(encoding="utf-8"))
    assert pyproject["project"]["name"] == "ml-notes"
    assert pyproject["project"]["dependencies"] == ["learn-in-public>=0.1"]
    assert pyproject["tool"]["lip"]["site_url"] == "https://ada.github.io/ml-notes/"
    assert pyproject["tool"]["lip"]["author"] == "Ada"
    assert "date: 2026-03-01" in (target / "content/posts/hello.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("occupant", ["file", "folder"])
def test_init_refuses_a_folder_that_holds_anything(tmp_path, occupant):
    target = tmp_path / "site"
    target.mkdir()
    (target / "notes.md").write_text("mine", encoding="utf-8") if occupant == "file" else (target / "x").mkdir()
    result = CliRunner().invoke(main, ["init", str(target)])
    assert result.exit_code == 1
    assert "folder is not empty" in result.output and "Traceback" not in result.output
    assert {p.name for p in target.iterdir()} == {"notes.md" if occupant == "file" else "x"}


def test_init_refuses_a_file(tmp_path):
    target = tmp_path / "site"
    target.write_text("x", encoding="utf-8")
    result = CliRunner().invoke(main, ["init", str(target)])
    assert result.exit_code == 2 and "is a file" in result.output  # click refuses it first
    assert target.read_text(encoding="utf-8") == "x"


def test_init_into_an_empty_folder_via_the_cli(tmp_path):
    result = CliRunner().invoke(main, ["init", str(tmp_path), "--branch", "trunk"])
    assert result.exit_code == 0, result.output
    publish = yaml.safe_load((tmp_path / ".github/workflows/publish.yml").read_text(encoding="utf-8"))
    assert publish[True]["push"] == {"branches": ["trunk"]}


def test_init_rejects_a_branch_that_would_break_the_workflow(tmp_path):
    result = CliRunner().invoke(main, ["init", str(tmp_path / "s"), "--branch", "main]\n  evil: ["])
    assert result.exit_code == 1 and "branch" in result.output
    assert not (tmp_path / "s").exists()


def test_scaffolded_site_builds_with_the_readme_build_command(tmp_path):
    """The README's build command (`lip build`, from the installed package) in a new site."""
    target = tmp_path / "new-site"
    init_site(target, repo_url="https://github.com/ada/new-site",
              requirement="learn-in-public @ git+https://github.com/ada/learn-in-public")
    lip = Path(sys.executable).with_name("lip")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run([str(lip), "build"], cwd=target, capture_output=True, text=True, check=False,
                          timeout=300, env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    assert (target / "site" / "index.html").is_file()
    posts = list((target / "site" / "blog").rglob("hello/index.html"))
    assert len(posts) == 1
    assert "Hello, world" in posts[0].read_text(encoding="utf-8")
    doctor = subprocess.run([str(lip), "doctor"], cwd=target, capture_output=True, text=True, check=False, timeout=60)
    assert doctor.returncode == 0, doctor.stdout + doctor.stderr


def test_scaffolded_pyproject_is_a_distribution_that_only_requires_lip(tmp_path):
    """`pip install .` in a new site installs lip: its metadata must build and name lip as its
    one dependency, with no Python package of its own (setuptools, offline, as pip would)."""
    site = tmp_path / "s"
    init_site(site, requirement="learn-in-public>=0.1")
    code = ("import sys; from setuptools import build_meta as b; "
            "print(b.build_sdist(sys.argv[1]))")
    done = subprocess.run([sys.executable, "-c", code, str(tmp_path / "dist")], cwd=site,
                          capture_output=True, text=True, check=False, timeout=120)
    assert done.returncode == 0, done.stderr
    with tarfile.open(tmp_path / "dist" / done.stdout.split()[-1]) as sdist:
        names = sdist.getnames()
        requires = sdist.extractfile("s-0/s.egg-info/requires.txt").read().decode()
        top_level = sdist.extractfile("s-0/s.egg-info/top_level.txt").read().decode()
    assert requires.split() == ["learn-in-public>=0.1"]
    assert top_level.strip() == ""
    assert not [name for name in names if name.endswith((".py", ".md"))]


FROM_GIT = {"url": "https://github.com/ada/learn-in-public",
            "vcs_info": {"vcs": "git", "commit_id": "abc123"}}
FROM_CLONE = {"url": "file:///home/ada/learn-in-public", "dir_info": {"editable": True}}


@pytest.mark.parametrize(("direct_url", "origin", "expected"), [
    (FROM_GIT, "", "learn-in-public @ git+https://github.com/ada/learn-in-public@abc123"),
    (FROM_CLONE, "git@github.com:Ada/lip.git", "learn-in-public @ git+https://github.com/ada/lip"),
    (FROM_CLONE, "", "learn-in-public>=0.1.0"),
    ({}, "", "learn-in-public>=0.1.0"),
])
def test_the_default_dependency_is_where_this_lip_came_from(direct_url, origin, expected):
    from pipeline.scaffold.templates import requirement_for

    asked = []
    found = requirement_for(direct_url, "0.1.0", lambda folder: asked.append(folder) or origin)
    assert found == expected
    assert asked == ([Path("/home/ada/learn-in-public")] if direct_url is FROM_CLONE else [])


def test_the_dependency_is_configurable_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("LIP_REQUIREMENT", "learn-in-public @ git+https://github.com/ada/fork")
    result = CliRunner().invoke(main, ["init", str(tmp_path / "s")])
    assert result.exit_code == 0, result.output
    pyproject = tomllib.loads((tmp_path / "s" / "pyproject.toml").read_text(encoding="utf-8"))
    assert pyproject["project"]["dependencies"] == ["learn-in-public @ git+https://github.com/ada/fork"]
