"""`lip leads` end to end: real content, the real CLI, PyGitHub and a GitHub server on 127.0.0.1."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.leads.commands import COMMANDS

sys.path.insert(0, str(Path(__file__).parent / "data" / "leads"))
from github_server import FakeIssue, Fault, GitHubServer, rate_limited  # noqa: E402

DATA = Path(__file__).parent / "data" / "leads"
TOKEN = "ghp_doNotLeakThis0123456789"
LEADS = """
[tool.lip.leads]
repos = ["me/mine"]
projects = ["project"]
"""


@pytest.fixture
def root(tmp_path: Path) -> Path:
    root = tmp_path / "site-repo"
    shutil.copytree(DATA / "content", root / "content")
    shutil.copytree(DATA / "project", root / "project")
    (root / "mkdocs.yml").write_text("site_name: t\n")
    (root / "pyproject.toml").write_text(LEADS)
    return root


def issues() -> list[FakeIssue]:
    return [FakeIssue("numpy/numpy", 11, "Document np.foo [bold]<edge case>[/bold]\x1b[2J", comments=1),
            FakeIssue("pandas-dev/pandas", 22, "DOC: fix example", labels=("good first issue", "Docs")),
            FakeIssue("me/mine", 3, "My own repo", labels=("easy",)),
            FakeIssue("psf/requests", 4, "Old one", updated="2020-01-01T00:00:00Z"),
            FakeIssue("pola-rs/polars", 5, "Wanted help", labels=("help wanted",))]


def lip(root: Path, server: GitHubServer, monkeypatch, *args: str, token: str | None = None):
    monkeypatch.setenv("GITHUB_API_URL", server.url)
    monkeypatch.setenv("COLUMNS", "200")
    if token:
        monkeypatch.setenv("GITHUB_TOKEN", token)
    else:
        monkeypatch.delenv("GITHUB_TOKEN", raising=False)
    return CliRunner().invoke(main, ["-C", str(root), "leads", *args], catch_exceptions=False)


def test_table_then_cache_then_refresh(root, monkeypatch):
    with GitHubServer(issues()) as server:
        first = lip(root, server, monkeypatch)
        asked = len(server.received)
        second = lip(root, server, monkeypatch)
        after_cache = len(server.received)
        third = lip(root, server, monkeypatch, "--refresh")
    assert first.exit_code == 0, first.output
    assert "numpy/numpy" in first.stdout and "DOC: fix example" in first.stdout and "Old one" not in first.stdout
    assert "[bold]<edge case>[/bold]" in first.stdout and "\x1b" not in first.stdout  # no markup, no escapes
    assert all(r.path == "/search/issues" for r in server.received)
    assert 1 <= asked <= 14 / 5 + 1  # 14 repositories, at most one query per five (rounded up)
    assert after_cache == asked and "cached run" in second.stderr
    assert len(server.received) == 2 * asked and third.exit_code == 0
    assert (root / ".lip/state/leads.json").is_file()


def test_json_reports_why_and_counts(root, monkeypatch):
    with GitHubServer(issues()) as server:
        result = lip(root, server, monkeypatch, "--json")
    data = json.loads(result.stdout)
    by_repo = {lead["repo"]: lead for lead in data["leads"]}
    assert set(by_repo) == {"numpy/numpy", "pandas-dev/pandas", "me/mine"}
    assert by_repo["numpy/numpy"]["why"].startswith("you import numpy in 2 notebooks and 1 note; project requires numpy")
    assert by_repo["me/mine"]["why"].startswith("listed in your settings")
    assert data["leads"][0]["repo"] == "me/mine"  # explicit repositories first
    assert data["requests"] == len(server.received) and data["complete"] is True and not data["from_cache"]
    assert "broken.ipynb" in " ".join(data["notices"])


def test_token_is_used_but_never_shown_or_stored(root, monkeypatch):
    with GitHubServer(issues()) as server:
        result = lip(root, server, monkeypatch, "--json", token=TOKEN)
    assert all(r.headers.get("Authorization") == f"token {TOKEN}" for r in server.received)
    stored = "".join(p.read_text() for p in (root / ".lip").rglob("*") if p.is_file())
    assert TOKEN not in result.stdout + result.stderr + stored


def test_help_wanted_and_language_change_the_query_and_the_cache_key(root, monkeypatch):
    with GitHubServer(issues()) as server:
        lip(root, server, monkeypatch)
        before = len(server.received)
        result = lip(root, server, monkeypatch, "--help-wanted", "--language", "python", "--json")
    new = server.received[before:]
    assert new and all('"help wanted"' in r.q and "language:python" in r.q for r in new)
    assert "pola-rs/polars" in {lead["repo"] for lead in json.loads(result.stdout)["leads"]}


def test_missing_repository_is_named_and_the_rest_found(root, monkeypatch):
    with GitHubServer(issues(), missing=["me/mine"]) as server:
        result = lip(root, server, monkeypatch)
    assert result.exit_code == 0
    assert "skipped repo me/mine" in result.stderr and "numpy/numpy" in result.stdout


def test_rate_limit_stops_cleanly_with_partial_results(root, monkeypatch):
    with GitHubServer(issues()) as server:
        server.faults.append(rate_limited("primary", reset_in=3600))
        result = lip(root, server, monkeypatch, "--json")
    data = json.loads(result.stdout)
    assert result.exit_code == 0 and data["complete"] is False and data["leads"] == []
    assert "partial results: GitHub rate limit reached after 1 requests" in result.stderr
    assert "set GITHUB_TOKEN" in result.stderr and len(server.received) == 1


def test_bad_settings_are_one_line_and_nothing_is_asked(root, monkeypatch):
    (root / "pyproject.toml").write_text('[tool.lip.leads]\nrepos = ["not-a-repo"]\n')
    with GitHubServer(issues()) as server:
        result = lip(root, server, monkeypatch)
    assert result.exit_code == 1 and server.received == []
    assert result.stderr.strip() == "error: [tool.lip.leads] repos: 'not-a-repo' is not owner/name"


def test_every_command_and_option_has_help():
    for command in COMMANDS:
        assert command.help
        for param in command.params:
            assert not isinstance(param, click.Option) or param.help, param.name


def test_pypi_lookup_only_when_asked_and_remembered(root, monkeypatch):
    (root / "content/notebooks/obscure.ipynb").write_text(json.dumps({"nbformat": 4, "nbformat_minor": 5,
        "metadata": {}, "cells": [{"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
                                   "source": "import obscure_lib"}]}))
    with GitHubServer(issues() + [FakeIssue("o/obscure", 9, "Obscure docs")],
                      pypi={"obscure-lib": "https://github.com/o/obscure"}) as server:
        (root / "pyproject.toml").write_text(LEADS + f'pypi_url = "{server.url}"\n')
        offline = json.loads(lip(root, server, monkeypatch, "--json").stdout)
        online = json.loads(lip(root, server, monkeypatch, "--json", "--pypi").stdout)
        asked = [r.path for r in server.received if r.path.startswith("/pypi/")]
        lip(root, server, monkeypatch, "--json", "--pypi", "--refresh")
        again = [r.path for r in server.received if r.path.startswith("/pypi/")]
    assert "obscure_lib" in offline["unmapped"] and "o/obscure" not in {x["repo"] for x in offline["leads"]}
    assert "o/obscure" in {x["repo"] for x in online["leads"]}
    assert "/pypi/obscure-lib/json" in asked and again == asked  # answers are kept in the state


def test_settings_limits_are_checked(root, monkeypatch):
    (root / "pyproject.toml").write_text("[tool.lip.leads]\nupdated_within_days = 0\n")
    with GitHubServer() as server:
        result = lip(root, server, monkeypatch)
    assert result.exit_code == 1 and "updated_within_days: must be at least 1" in result.stderr


def test_json_says_incomplete_when_github_did(root, monkeypatch):
    with GitHubServer(issues()) as server:
        server.incomplete = True
        data = json.loads(lip(root, server, monkeypatch, "--json").stdout)
        asked = len(server.received)
        lip(root, server, monkeypatch, "--json")
        again = len(server.received)
    assert data["complete"] is False and data["incomplete_results"] is True and data["leads"]
    assert again == 2 * asked  # an incomplete run is not reused as a cache


def test_invisible_and_bidi_characters_never_reach_the_terminal(root, monkeypatch):
    sneaky = [FakeIssue("numpy/numpy", 7, "Fix \u202egnp.exe\u202c docs\u200b",
                        labels=("good first issue", "do\u2066cs"))]
    with GitHubServer(sneaky, filters=False) as server:
        table = lip(root, server, monkeypatch)
        as_json = lip(root, server, monkeypatch, "--json")
    for out in (table.stdout, as_json.stdout, json.loads(as_json.stdout)["leads"][0]["title"]):
        assert not any(c in out for c in "\u202e\u202c\u200b\u2066") and "\\u202e" not in out
    assert "Fix gnp.exe docs" in table.stdout


def test_an_html_answer_is_one_line_and_nothing_is_written(root, monkeypatch):
    with GitHubServer(issues()) as server:
        server.faults.append(Fault(200, (DATA / "sso-login.html").read_text(), content_type="text/html"))
        result = lip(root, server, monkeypatch)
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr == (f"error: {server.url}/search/issues answered with an HTML page, not JSON "
                             "(a proxy or sign-in page?)\n")
    assert not (root / ".lip/state/leads.json").exists()


def test_a_server_error_is_retried_and_said_while_waiting(root, monkeypatch):
    with GitHubServer(issues()) as server:
        server.faults.append(Fault(502, {"message": "Server Error"}))
        result = lip(root, server, monkeypatch, "--json")
    data = json.loads(result.stdout)
    assert result.exit_code == 0 and data["complete"] is True and data["leads"]
    assert f"{server.url}/search/issues: answered 502; trying again in 2 s" in result.stderr


def test_pull_requests_and_taken_issues_are_left_out_and_counted(root, monkeypatch):
    extra = [FakeIssue("numpy/numpy", 90, "A PR", pull_request=True),
             FakeIssue("numpy/numpy", 91, "Locked", locked=True),
             FakeIssue("numpy/numpy", 92, "Taken", assignees=("someone",)),
             FakeIssue("numpy/numpy", 93, "Closed", state="closed")]
    with GitHubServer(issues() + extra, filters=False) as server:
        data = json.loads(lip(root, server, monkeypatch, "--json").stdout)
    assert not {90, 91, 92, 93} & {lead["number"] for lead in data["leads"]}
    assert any(n.startswith("left out 4 search result(s)") for n in data["notices"])
