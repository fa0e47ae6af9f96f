"""PyGitHub against a real HTTP server on 127.0.0.1 answering GitHub's search endpoints."""

from __future__ import annotations

import sys
import time
from datetime import datetime, timezone
from pathlib import Path

import pytest

from pipeline.errors import GitHubError
from pipeline.leads.query import Query, base_qualifiers, batch_queries, search_labels
from pipeline.leads.repos import Target
from pipeline.leads.search import Searcher, client, rate_limit_wait, repo_of
from pipeline.leads.settings import LeadSettings

sys.path.insert(0, str(Path(__file__).parent / "data" / "leads"))
from github_server import FakeIssue, Fault, GitHubServer, rate_limited, recorded  # noqa: E402

NOW = datetime(2026, 11, 21, 12, tzinfo=timezone.utc)
SETTINGS = LeadSettings()
BASE = base_qualifiers(search_labels(SETTINGS), NOW, 90)


def targets(*repos: str) -> list[Target]:
    return [Target(r, "repo", f"you import {r}", 1) for r in repos]


def searcher(server: GitHubServer, monkeypatch, settings: LeadSettings = SETTINGS, sleeps=None,
             said=None) -> Searcher:
    monkeypatch.setenv("GITHUB_API_URL", server.url)
    monkeypatch.delenv("GITHUB_TOKEN", raising=False)
    slept = sleeps if sleeps is not None else []
    told = said if said is not None else []
    return Searcher(client(pause=None), settings, sleep=slept.append, clock=time.time, say=told.append)


def repos(n: int) -> list[str]:
    return [f"owner{i}/lib{i}" for i in range(n)]


def one_issue_each(names: list[str]) -> list[FakeIssue]:
    return [FakeIssue(name, 1, f"Fix docs of {name}") for name in names]


def test_batches_make_one_request_per_batch_and_no_request_per_issue(monkeypatch):
    names = repos(12)
    with GitHubServer(one_issue_each(names)) as server:
        s = searcher(server, monkeypatch)
        found = s.run(batch_queries(targets(*names), BASE), BASE)
    assert sorted(f.repo for f in found) == sorted(names)
    assert [r.path for r in server.received] == ["/search/issues"] * 2 == ["/search/issues"] * s.log.requests
    for request in server.searches():
        assert request.params["sort"] == "updated" and request.params["order"] == "desc"
        assert request.params["per_page"] == "100"
        assert "is:issue is:open archived:false no:assignee -linked:pr" in request.q
        assert 'label:"good first issue",good-first-issue,beginner' in request.q
        assert "help wanted" not in request.q
    assert "Authorization" not in server.received[0].headers


def test_filters_are_those_the_server_applies(monkeypatch):
    issues = [FakeIssue("a/a", 1, "open one"), FakeIssue("a/a", 2, "closed", state="closed"),
              FakeIssue("a/a", 3, "taken", assignee="someone"), FakeIssue("a/a", 4, "stale", updated="2025-01-01T00:00:00Z"),
              FakeIssue("a/a", 5, "bug only", labels=("bug",)), FakeIssue("b/b", 6, "other repo")]
    with GitHubServer(issues) as server:
        found = searcher(server, monkeypatch).run(batch_queries(targets("a/a"), BASE), BASE)
    assert [f.number for f in found] == [1]
    assert found[0].url == "https://github.com/a/a/issues/1" and found[0].labels == ("good first issue",)
    assert found[0].updated_at.tzinfo is not None


def test_follows_link_headers_up_to_the_cap(monkeypatch):
    issues = [FakeIssue("big/repo", n, f"issue {n}", updated=f"2026-11-{1 + n % 20:02d}T00:00:00Z") for n in range(230)]
    settings = LeadSettings(results_per_query=250)
    with GitHubServer(issues) as server:
        s = searcher(server, monkeypatch, settings)
        found = s.run(batch_queries(targets("big/repo"), BASE), BASE)
    assert len(found) == 230 and len({f.number for f in found}) == 230
    assert [r.params.get("page") for r in server.searches()] == [None, "2", "3"]
    assert s.log.requests == 3


def test_stops_paginating_at_results_per_query(monkeypatch):
    issues = [FakeIssue("big/repo", n, f"issue {n}") for n in range(230)]
    with GitHubServer(issues) as server:
        s = searcher(server, monkeypatch, LeadSettings(results_per_query=100))
        found = s.run(batch_queries(targets("big/repo"), BASE), BASE)
    assert len(found) == 100 and len(server.searches()) == 1


def test_a_missing_repository_is_found_by_splitting_and_dropped(monkeypatch):
    names = repos(6)
    with GitHubServer(one_issue_each(names), missing=["owner4/lib4"]) as server:
        s = searcher(server, monkeypatch)
        found = s.run(batch_queries(targets(*names), BASE), BASE)
    assert sorted(f.repo for f in found) == sorted(n for n in names if n != "owner4/lib4")
    assert s.log.dropped == ["owner4/lib4"]
    assert any("owner4/lib4" in n and "does not exist" in n for n in s.log.notices)
    # 1 refused batch of 6, halves of 3, then 1 + 2 for the bad half, then the bad one alone
    assert len(server.searches()) == s.log.requests <= 1 + 2 * 3
    refused = [r for r in server.searches() if "owner4/lib4" in r.q]
    assert refused[-1].q.endswith("repo:owner4/lib4") and refused[-1].q.count("repo:") == 1


def test_short_retry_after_is_waited_then_retried(monkeypatch):
    slept: list[float] = []
    with GitHubServer(one_issue_each(["a/a"])) as server:
        server.faults.append(rate_limited("429", retry_after=7))
        s = searcher(server, monkeypatch, sleeps=slept)
        found = s.run(batch_queries(targets("a/a"), BASE), BASE)
    assert slept == [7.0] and len(found) == 1 and not s.log.stopped
    assert len(server.searches()) == 2 == s.log.requests


def test_secondary_limit_403_with_retry_after_is_waited(monkeypatch):
    slept: list[float] = []
    with GitHubServer(one_issue_each(["a/a"])) as server:
        server.faults.append(rate_limited("secondary", retry_after=3))
        found = searcher(server, monkeypatch, sleeps=slept).run(batch_queries(targets("a/a"), BASE), BASE)
    assert slept == [3.0] and len(found) == 1


def test_long_reset_stops_cleanly_with_partial_results(monkeypatch):
    names = repos(12)
    slept: list[float] = []
    with GitHubServer(one_issue_each(names)) as server:
        s = searcher(server, monkeypatch, sleeps=slept)
        queries = batch_queries(targets(*names), BASE)
        found = s.run(queries[:1], BASE)
        server.faults.append(rate_limited("primary", reset_in=3600))
        found += s.run(queries[1:], BASE)
        after = len(server.received)
        found += s.run(queries[1:], BASE)  # a stopped searcher asks nothing more
    assert sorted(f.repo for f in found) == sorted(names[:6])
    assert slept == [] and "rate limit" in s.log.stopped and "GITHUB_TOKEN" in s.log.stopped
    assert len(server.received) == after == 2


def test_request_budget_stops_before_asking(monkeypatch):
    names = repos(18)
    with GitHubServer(one_issue_each(names)) as server:
        s = searcher(server, monkeypatch, LeadSettings(max_requests=2))
        found = s.run(batch_queries(targets(*names), BASE), BASE)
    assert len(server.searches()) == 2 and len(found) == 12
    assert "max_requests" in s.log.stopped


def test_incomplete_results_are_kept_and_reported(monkeypatch):
    with GitHubServer(one_issue_each(["a/a"])) as server:
        server.incomplete = True
        s = searcher(server, monkeypatch)
        found = s.run(batch_queries(targets("a/a"), BASE), BASE)
    assert len(found) == 1 and any("incomplete" in n and "a/a" in n for n in s.log.notices)
    assert len(server.received) == 1


def test_topics_cost_one_request_each(monkeypatch):
    with GitHubServer(topics={"jupyter": ["jupyter/notebook", "x/y", "z/w"]}) as server:
        s = searcher(server, monkeypatch, LeadSettings(repos_per_topic=2))
        found = s.topic_targets(("jupyter",))
    assert [t.scope for t in found] == ["jupyter/notebook", "x/y"]
    assert [r.path for r in server.received] == ["/search/repositories"]
    assert "topic:jupyter" in server.received[0].params["q"]


def test_token_is_sent_as_authorization_only(monkeypatch):
    with GitHubServer(one_issue_each(["a/a"])) as server:
        monkeypatch.setenv("GITHUB_API_URL", server.url)
        monkeypatch.setenv("GITHUB_TOKEN", "ghp_secretsecret")
        Searcher(client(pause=None), SETTINGS).run(batch_queries(targets("a/a"), BASE), BASE)
    assert server.received[0].headers["Authorization"] == "token ghp_secretsecret"


def test_other_errors_name_the_status_and_not_the_token(monkeypatch):
    monkeypatch.setenv("GITHUB_TOKEN", "ghp_secretsecret")
    with GitHubServer() as server:
        server.faults.extend([Fault(500, {"message": "Server Error"})] * 4)
        monkeypatch.setenv("GITHUB_API_URL", server.url)
        with pytest.raises(GitHubError) as err:
            Searcher(client(pause=None), SETTINGS, sleep=lambda s: None).run(
                [Query(BASE + " repo:a/a", tuple(targets("a/a")))], BASE)
    assert "500" in str(err.value) and "ghp_" not in str(err.value)
    assert f"{server.url}/search/issues" in str(err.value) and len(server.received) == 4


def test_unreachable_api_is_one_clear_error(monkeypatch):
    monkeypatch.setenv("GITHUB_API_URL", "http://127.0.0.1:9")
    with pytest.raises(GitHubError, match="cannot reach GitHub"):
        Searcher(client(pause=None, timeout=2), SETTINGS, sleep=lambda s: None).run(
            [Query(BASE + " repo:a/a", tuple(targets("a/a")))], BASE)


@pytest.mark.parametrize("status, headers, message, expected", [
    (429, {"Retry-After": "12"}, "", 12.0),
    (403, {"retry-after": "5"}, "secondary rate limit", 5.0),
    (403, {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "1000100"}, "API rate limit exceeded", 100.0),
    (403, {}, "You have exceeded a secondary rate limit", 60.0),
    (403, {}, "Resource not accessible", None),
    (422, {"Retry-After": "1"}, "Validation Failed", None),
])
def test_rate_limit_wait(status, headers, message, expected):
    assert rate_limit_wait(status, headers, message, now=1_000_000.0) == expected


def test_repo_of_reads_repository_url():
    assert repo_of("https://api.github.com/repos/pandas-dev/pandas") == "pandas-dev/pandas"


def test_a_query_with_no_results_costs_one_request(monkeypatch):
    with GitHubServer() as server:
        s = searcher(server, monkeypatch)
        found = s.run(batch_queries(targets("quiet/repo"), BASE), BASE)
    assert found == [] and len(server.received) == 1 == s.log.requests and s.log.notices == []


def test_found_issues_remember_the_query_scopes(monkeypatch):
    with GitHubServer(one_issue_each(["a/a", "b/b"])) as server:
        found = searcher(server, monkeypatch).run(batch_queries(targets("a/a", "b/b"), BASE), BASE)
    assert {f.via for f in found} == {("a/a", "b/b")}


# What real answers look like, whatever the query asked for (issue 13, Leads).

def test_recorded_old_shape_answer_keeps_only_open_unassigned_issues(monkeypatch):
    """Search.testSearchIssues from PyGitHub's ReplayData (2013): no `repository_url`, pull requests
    (and issues with an empty `pull_request`), closed and assigned issues all in one page."""
    with GitHubServer() as server:
        server.faults.append(Fault(200, recorded("recorded-search-issues-2013.json")))
        s = searcher(server, monkeypatch)
        scopes = targets("cms-sw/cmssw", "TheWhisp/android_device_samsung_msm7x27a-common")
        found = s.run(batch_queries(scopes, BASE), BASE)
    assert [(f.repo, f.number) for f in found] == [("TheWhisp/android_device_samsung_msm7x27a-common", 35)]
    assert found[0].url == "https://github.com/TheWhisp/android_device_samsung_msm7x27a-common/issues/35"
    assert [r.path for r in server.received] == ["/search/issues"]  # nothing asked per issue
    assert "left out 4" in s.log.left_out_notice()


def test_pull_requests_closed_assigned_and_locked_issues_are_left_out_on_our_side(monkeypatch):
    issues = [FakeIssue("a/a", 1, "keep me"), FakeIssue("a/a", 2, "a PR", pull_request=True),
              FakeIssue("a/a", 3, "closed", state="closed"), FakeIssue("a/a", 4, "taken", assignee="x"),
              FakeIssue("a/a", 5, "co-assigned", assignees=("y",)),
              FakeIssue("a/a", 6, "locked", locked=True)]
    with GitHubServer(issues, filters=False) as server:
        s = searcher(server, monkeypatch)
        found = s.run(batch_queries(targets("a/a"), BASE), BASE)
    assert [f.number for f in found] == [1]
    assert "left out 5" in s.log.left_out_notice() and "1 pull request," in s.log.left_out_notice()


@pytest.mark.parametrize("body, content_type, words", [
    (recorded("sso-login.html"), "text/html; charset=utf-8", "an HTML page"),
    (recorded("recorded-search-issues-truncated.txt"), "application/json; charset=utf-8", "cut short"),
    ('{"message": "moved"}', "application/json", "not a search answer"),
])
def test_an_unreadable_200_is_one_line_naming_the_url(monkeypatch, body, content_type, words):
    with GitHubServer(one_issue_each(["a/a"])) as server:
        server.faults.append(Fault(200, body, content_type=content_type))
        with pytest.raises(GitHubError) as err:
            searcher(server, monkeypatch).run(batch_queries(targets("a/a"), BASE), BASE)
    message = str(err.value)
    assert "\n" not in message and f"{server.url}/search/issues" in message and words in message
    assert len(server.received) == 1  # a sign-in page is not asked for again


def test_an_unreadable_answer_after_good_ones_keeps_what_was_found(monkeypatch):
    names = repos(12)
    with GitHubServer(one_issue_each(names)) as server:
        s = searcher(server, monkeypatch)
        queries = batch_queries(targets(*names), BASE)
        found = s.run(queries[:1], BASE)
        server.faults.append(Fault(200, recorded("sso-login.html"), content_type="text/html"))
        found += s.run(queries[1:], BASE)
    assert len(found) == 6 and "an HTML page" in s.log.stopped
    assert f"{server.url}/search/issues" in s.log.stopped


# Exceptions.testNonJsonDataReturnedByGithub in PyGitHub's ReplayData: a 503 whose body is HTML.
RECORDED_503 = ("<html><body><h1>503 Service Unavailable</h1>No server is available to handle this request."
                "</body></html>")


@pytest.mark.parametrize("fault", [Fault(502, {"message": "Server Error"}),
                                   Fault(503, RECORDED_503, content_type="text/html")])
def test_a_single_5xx_is_retried_after_a_pause_and_nothing_is_lost(monkeypatch, fault):
    names, slept, said = repos(12), [], []
    with GitHubServer(one_issue_each(names)) as server:
        server.faults.append(fault)
        s = searcher(server, monkeypatch, sleeps=slept, said=said)
        found = s.run(batch_queries(targets(*names), BASE), BASE)
    assert sorted(f.repo for f in found) == sorted(names) and not s.log.stopped
    assert slept == [2.0] and len(said) == 1
    assert str(fault.status) in said[0] and "trying again in 2 s" in said[0]


def test_a_lasting_500_stops_with_the_partial_results_said(monkeypatch):
    names, slept = repos(12), []
    with GitHubServer(one_issue_each(names)) as server:
        s = searcher(server, monkeypatch, sleeps=slept)
        queries = batch_queries(targets(*names), BASE)
        found = s.run(queries[:1], BASE)
        server.faults.extend([Fault(500, {"message": "Server Error"})] * 4)
        found += s.run(queries[1:], BASE)
    assert len(found) == 6 and slept == [2.0, 4.0, 8.0]
    assert "500" in s.log.stopped and f"{server.url}/search/issues" in s.log.stopped
    assert "4 times" in s.log.stopped


def test_secondary_limit_without_retry_after_says_lip_is_waiting(monkeypatch):
    slept, said = [], []
    with GitHubServer(one_issue_each(["a/a"])) as server:
        server.faults.append(rate_limited("secondary"))
        s = searcher(server, monkeypatch, sleeps=slept, said=said)
        found = s.run(batch_queries(targets("a/a"), BASE), BASE)
    assert slept == [60.0] and len(found) == 1
    assert len(said) == 1 and "secondary rate limit" in said[0] and "lip is waiting 60 s" in said[0]


def test_incomplete_results_are_remembered(monkeypatch):
    with GitHubServer(one_issue_each(["a/a"])) as server:
        server.incomplete = True
        s = searcher(server, monkeypatch)
        s.run(batch_queries(targets("a/a"), BASE), BASE)
    assert s.log.incomplete is True


def test_bidi_and_zero_width_characters_never_leave_the_search(monkeypatch):
    title = "Fix \u202egnp.exe\u202c docs\u200b of \u2066x\u2069 \ufeffnow\u200d"
    issue = FakeIssue("a/a", 1, title, labels=("good first issue", "doc\u200bs"))
    with GitHubServer([issue], filters=False) as server:
        found = searcher(server, monkeypatch).run(batch_queries(targets("a/a"), BASE), BASE)
    assert found[0].title == "Fix gnp.exe docs of x now" and "doc\u200bs" not in found[0].labels
