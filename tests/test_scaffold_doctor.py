"""`lip doctor`: every publishing requirement is checked, each problem says how to fix it,
problems exit non-zero, and the only thing it ever writes is what `--fix` asks for. The package
index it asks about a site's `lip` dependency is a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import functools
import json
import subprocess
import threading
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.project import Project
from pipeline.scaffold.doctor import doctor
from pipeline.scaffold.init import init_site

REPO = Path(__file__).resolve().parent.parent
GIT_REQUIREMENT = "learn-in-public @ git+https://github.com/ada/learn-in-public"


@pytest.fixture
def site(tmp_path) -> Path:
    root = tmp_path / "site"
    init_site(root, repo_url="https://github.com/ada/site", requirement=GIT_REQUIREMENT,
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


def test_this_repository_is_ready_to_publish_once_its_placeholder_urls_are_replaced():
    found = problems(REPO)
    assert len(found) == 2, found
    assert "site_url 'https://example.github.io/learn-in-public/' is the template's placeholder" in found[0]
    assert "repo_url 'https://github.com/example/learn-in-public' is the template's placeholder" in found[1]


@pytest.mark.parametrize(("old", "new"), [
    ('site_url = "https://ada.github.io/site/"', 'site_url = "https://example.github.io/site/"'),
    ('site_url = "https://ada.github.io/site/"', 'site_url = "https://notes.example.com/"'),
    ('repo_url = "https://github.com/ada/site"', 'repo_url = "https://github.com/you/site"'),
    ('repo_url = "https://github.com/ada/site"', 'repo_url = "https://github.com/EXAMPLE/site"'),
])
def test_template_placeholders_in_the_urls_are_problems(site, old, new):
    edit(site / "pyproject.toml", old, new)
    found = [p for p in problems(site) if "placeholder" in p]
    assert len(found) == 1 and "is the template's placeholder" in found[0], problems(site)


@pytest.mark.parametrize(("file", "old", "new", "expected"), [
    ("pyproject.toml", 'site_url = "https://ada.github.io/site/"', 'site_url = ""', "set site_url"),
    ("pyproject.toml", 'site_url = "https://ada.github.io/site/"', 'site_url = "ada.github.io"',
     "is not an http(s) URL"),
    ("pyproject.toml", 'site_url = "https://ada.github.io/site/"',
     'site_url = "https://ada.github.io/other/"', "serves https://github.com/ada/site at"),
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
    assert "ok: repo_url (the GitHub repository)" in result.output
    assert "PROBLEM: site_url (where the site is served)" in result.output
    assert "error: pyproject.toml [tool.lip]: set site_url" in result.output
    assert "2 problems." in result.output and "nothing was written" not in result.output
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


class _Index(BaseHTTPRequestHandler):
    """A package index's simple API for one project: PEP 691 JSON, or PEP 503 HTML."""

    def __init__(self, *args, files: list[str], html: bool, **kwargs) -> None:
        self.files, self.html = files, html
        super().__init__(*args, **kwargs)

    def do_GET(self) -> None:
        if self.path != "/simple/learn-in-public/" or not self.files:
            self.send_error(404)
            return
        if self.html:
            body = "".join(f'<a href="../../f/{f}">{f}</a><br>' for f in self.files).encode()
            kind = "text/html"
        else:
            files = [{"filename": f, "url": f"/f/{f}", "hashes": {}} for f in self.files]
            body = json.dumps({"meta": {"api-version": "1.1"}, "files": files}).encode()
            kind = "application/vnd.pypi.simple.v1+json"
        self.send_response(200)
        self.send_header("content-type", kind)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args) -> None:
        pass


@pytest.fixture
def index(monkeypatch):
    """Start a package index on 127.0.0.1 serving `files`; PIP_INDEX_URL points at it."""
    servers = []

    def start(files: list[str], html: bool = False) -> str:
        server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Index, files=files, html=html))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        url = f"http://127.0.0.1:{server.server_address[1]}/simple/"
        monkeypatch.setenv("PIP_INDEX_URL", url)
        return url

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def require(site: Path, requirement: str) -> None:
    edit(site / "pyproject.toml", json.dumps(GIT_REQUIREMENT), json.dumps(requirement))


def test_a_lip_dependency_no_index_serves_is_a_problem(site, index):
    url = index([])
    require(site, "learn-in-public>=0.1.0")
    found = problems(site)
    assert len(found) == 1, found
    assert found[0].startswith(f"{url} serves no version of learn-in-public")
    assert "'learn-in-public>=0.1.0' will fail the first Actions run" in found[0]
    assert "learn-in-public @ git+https://github.com/OWNER/learn-in-public" in found[0]


@pytest.mark.parametrize("html", [False, True])
def test_a_lip_dependency_the_index_serves_is_fine(site, index, html):
    index(["learn_in_public-0.2.0-py3-none-any.whl", "learn_in_public-0.2.0.tar.gz"], html=html)
    require(site, "learn-in-public>=0.1.0")
    assert problems(site) == []
    edit(site / "pyproject.toml", '"learn-in-public>=0.1.0"', '"learn-in-public>=0.3"')  # can't be met
    assert "serves 0.2.0 of learn-in-public" in problems(site)[0]


def test_an_unreachable_index_is_named_never_a_traceback(site, monkeypatch):
    monkeypatch.setenv("PIP_INDEX_URL", "http://127.0.0.1:9/simple/")  # discard port: refused
    require(site, "learn-in-public")
    result = CliRunner().invoke(main, ["-C", str(site), "doctor"])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "http://127.0.0.1:9/simple/learn-in-public/: cannot reach the package index" in result.output


def test_a_git_dependency_is_never_checked_against_an_index(site, monkeypatch):
    monkeypatch.setenv("PIP_INDEX_URL", "http://127.0.0.1:9/simple/")
    assert problems(site) == []


def test_empty_digest_and_leads_pages_are_notes_for_the_owner_not_problems(site):
    result = CliRunner().invoke(main, ["-C", str(site), "doctor"])
    assert result.exit_code == 0, result.output
    notes = [line for line in result.output.splitlines() if line.startswith("note: ")]
    assert len(notes) == 2, result.output
    assert "Digest page" in notes[0] and "lip digest" in notes[0]
    assert "Leads page" in notes[1] and "lip leads" in notes[1]


def test_a_published_digest_leaves_no_digest_note(site):
    from pipeline.scaffold.pages import page_notes

    (site / "content" / "digests").mkdir()
    (site / "content" / "digests" / "2026-01-02.json").write_text("{}")
    assert [n for n in page_notes(Project(site)) if "Digest" in n] == []
