"""`lip portfolio update` with PyGitHub against a GitHub REST server on 127.0.0.1: what it asks,
what it stores, what it keeps when GitHub fails, and that the token is never written."""

from __future__ import annotations

import sys
from datetime import datetime, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.errors import ProblemsError, SettingsError
from pipeline.leads.rank import Lead
from pipeline.leads.state import LeadsRun, write_run
from pipeline.portfolio.store import read_state, state_path
from pipeline.portfolio.update import update_portfolio
from pipeline.project import Project

from conftest import DATA, write

sys.path.insert(0, str(DATA / "portfolio"))
from portfolio_server import FakePull, FakeRepo, portfolio_repo, standard_server  # noqa: E402
from github_server import rate_limited  # noqa: E402  (on the path once portfolio_server is imported)

NOW = datetime(2026, 11, 28, 12, tzinfo=timezone.utc)
TOKEN = "ghp_portfolioSECRET0123456789abcdefABCDEF"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return portfolio_repo(tmp_path / "site")


@pytest.fixture
def github(monkeypatch):
    with standard_server() as server:
        monkeypatch.setenv("GITHUB_API_URL", server.url)
        monkeypatch.delenv("GITHUB_TOKEN", raising=False)
        yield server


def update(repo: Path):
    return update_portfolio(Project(repo), NOW)


def test_stores_figures_and_merged_pull_requests_of_other_peoples_repositories(repo, github):
    state = update(repo)
    assert [(c.repo, c.number) for c in state.contributions] == [
        ("numpy/numpy", 101),
        ("pandas-dev/pandas", 7),
        ("numpy/numpy", 88),
    ]
    figures = state.figures()
    assert figures["ada/tiny-lm"].stars == 42 and figures["ada/tiny-lm"].language == "Python"
    assert figures["ada/old-scraper"].language == "" and figures["numpy/numpy"].stars == 29000
    assert read_state(repo / ".lip" / "state") == state
    search = github.searches()[0]
    assert search.q == "is:pr is:merged author:ada -user:ada" and search.params["per_page"] == "100"
    assert sorted(r.path for r in github.repo_requests()) == [
        "/repos/ada/old-scraper",
        "/repos/ada/tiny-lm",
        "/repos/numpy/numpy",
        "/repos/pandas-dev/pandas",
    ]
    assert state.requests == len(github.received) == 5
    assert "Authorization" not in github.received[0].headers


def test_follows_pagination_of_the_search(repo, monkeypatch):
    pulls = [
        FakePull(f"org{n % 3}/lib", n, f"PR {n}", "ada", f"2026-10-{1 + n % 28:02d}T00:00:00Z")
        for n in range(130)
    ]
    repos = [FakeRepo(f"org{n}/lib") for n in range(3)]
    with standard_server(pulls=pulls, repos=repos) as server:
        monkeypatch.setenv("GITHUB_API_URL", server.url)
        state = update(repo)
    assert len(state.contributions) == 130 and [r.params.get("page") for r in server.searches()] == [
        None,
        "2",
    ]


def test_a_repository_github_does_not_know_is_reported_and_its_last_figures_kept(repo, github):
    first = update(repo)
    github.repos.pop("ada/old-scraper")
    second = update_portfolio(Project(repo), NOW.replace(day=29))
    assert second.notices == ("ada/old-scraper: GitHub has no such repository (404); kept its last figures",)
    assert second.figures()["ada/old-scraper"] == first.figures()["ada/old-scraper"]
    assert second.fetched_at.day == 29


def test_a_project_repository_that_never_existed_says_so(repo, github):
    github.repos.pop("ada/tiny-lm")
    state = update(repo)
    assert state.notices == ("ada/tiny-lm: GitHub has no such repository (404); no figures to show",)
    assert "ada/tiny-lm" not in state.figures() and len(state.contributions) == 3


def test_a_rate_limit_stops_early_and_keeps_the_last_update(repo, github, monkeypatch):
    first = update(repo)
    github.faults.append(rate_limited("primary", reset_in=3600))
    second = update(repo)
    assert "rate limit" in second.stopped
    assert second.contributions == first.contributions and second.repos == first.repos


def test_invisible_and_bidi_characters_in_titles_are_dropped(repo, github):
    github.pulls[0].title = "DOC:\u202e evil\u200b title\x1b[31m\nsecond line"
    assert update(repo).contributions[0].title == "DOC: evil title[31m second line"


def test_a_lead_the_user_fixed_is_marked(repo, github):
    lead = Lead(
        repo="numpy/numpy",
        number=99,
        title="Docs example is wrong",
        url="https://github.com/numpy/numpy/issues/99",
        labels=("good first issue",),
        comments=0,
        created_at=NOW,
        updated_at=NOW,
        score=1.0,
        why="you import numpy",
    )
    write_run(repo / ".lip" / "state", LeadsRun((lead,), NOW))
    state = update(repo)
    marked = {c.number: c.fixes_lead for c in state.contributions}
    assert marked == {101: "https://github.com/numpy/numpy/issues/99", 7: "", 88: ""}
    write_run(repo / ".lip" / "state", LeadsRun((), NOW))  # the issue is closed: no longer a lead
    assert update(repo).contributions[0].fixes_lead == "https://github.com/numpy/numpy/issues/99"


def test_a_bad_project_stops_the_update_before_any_request(repo, github):
    write(repo / "content" / "projects" / "broken.md", "---\ntitle: x\n---\n")
    with pytest.raises(ProblemsError, match="broken.md:1: missing 'summary'"):
        update(repo)
    assert github.received == [] and not state_path(repo / ".lip" / "state").exists()


def test_without_a_user_it_says_where_to_set_one(tmp_path, github):
    root = portfolio_repo(tmp_path / "site")
    (root / "pyproject.toml").write_text('[tool.lip]\nauthor = "A"\n')
    with pytest.raises(SettingsError, match=r"github_user"):
        update(root)
    (root / "pyproject.toml").write_text('[tool.lip]\nrepo_url = "https://github.com/ada/site"\n')
    assert update(root).user == "ada"


def test_the_token_is_sent_but_never_printed_or_written(repo, github, monkeypatch):
    monkeypatch.setenv("GITHUB_TOKEN", TOKEN)
    github.repos.pop("ada/old-scraper")  # a notice too
    result = CliRunner().invoke(main, ["-C", str(repo), "portfolio", "update"])
    assert result.exit_code == 0, result.output
    assert "3 merged pull request(s) by ada in 2 repositories" in result.output
    assert all(r.headers.get("Authorization") == f"token {TOKEN}" for r in github.received)
    built = CliRunner().invoke(main, ["-C", str(repo), "build"])
    assert built.exit_code == 0, built.output
    assert TOKEN not in result.output + built.output
    written = [p for p in repo.rglob("*") if p.is_file()]
    assert len(written) > 50 and not [p for p in written if TOKEN.encode() in p.read_bytes()]


def test_a_sign_in_page_instead_of_json_is_one_line_and_nothing_is_written(repo, github):
    github.sign_in_page = True
    result = CliRunner().invoke(main, ["-C", str(repo), "portfolio", "update"])
    assert result.exit_code == 1 and result.output.count("\n") == 1, result.output
    assert f"{github.url}/repos/ada/tiny-lm answered with something that is not JSON" in result.output
    assert not state_path(repo / ".lip" / "state").exists()


def test_an_unreachable_github_is_one_line(repo, monkeypatch):
    monkeypatch.setenv("GITHUB_API_URL", "http://127.0.0.1:9")
    result = CliRunner().invoke(main, ["-C", str(repo), "portfolio", "update"])
    assert result.exit_code == 1 and result.output.count("\n") == 1
    assert "cannot reach GitHub" in result.output and not state_path(repo / ".lip" / "state").exists()


def test_build_fetch_updates_the_portfolio_and_a_github_failure_does_not_stop_the_build(
    repo, github, monkeypatch
):
    write(
        repo / "content" / "following.opml",
        '<?xml version="1.0"?>\n<opml version="2.0"><head/><body/></opml>\n',
    )
    result = CliRunner().invoke(main, ["-C", str(repo), "build", "--fetch"])
    assert result.exit_code == 0, result.output
    assert "3 merged pull request(s) by ada" in result.output and github.searches()
    assert "numpy/numpy" in (repo / "site" / "contributions" / "index.html").read_text()
    monkeypatch.setenv("GITHUB_API_URL", "http://127.0.0.1:9")
    again = CliRunner().invoke(main, ["-C", str(repo), "build", "--fetch"])
    assert again.exit_code == 0 and "warning: portfolio not updated" in again.output
    assert "numpy/numpy" in (repo / "site" / "contributions" / "index.html").read_text()
