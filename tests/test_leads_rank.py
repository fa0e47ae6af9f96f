"""Ranking issues into leads: fresh, quiet, in the most-used libraries first, with a reason."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from hypothesis import given, strategies as st

from pipeline.leads.rank import describe_age, rank_leads
from pipeline.leads.repos import Target
from pipeline.leads.search import FoundIssue

NOW = datetime(2026, 11, 21, 12, tzinfo=timezone.utc)
PANDAS = Target("pandas-dev/pandas", "repo", "you import pandas in 7 notebooks", 7)
NUMPY = Target("numpy/numpy", "repo", "you import numpy in 1 note", 1)
ORG = Target("holoviz", "org", "holoviz is an organisation in your settings", 1000)


def issue(repo="pandas-dev/pandas", number=1, days=1, comments=0) -> FoundIssue:
    when = NOW - timedelta(days=days)
    return FoundIssue(repo, number, f"Issue {number}", f"https://github.com/{repo}/issues/{number}",
                      ("good first issue",), comments, when - timedelta(days=30), when)


def test_fresher_first():
    leads = rank_leads([issue(number=1, days=40), issue(number=2, days=2)], [PANDAS], NOW, 10)
    assert [x.number for x in leads] == [2, 1]


def test_fewer_comments_first():
    leads = rank_leads([issue(number=1, comments=12), issue(number=2, comments=0)], [PANDAS], NOW, 10)
    assert [x.number for x in leads] == [2, 1]


def test_most_used_library_first():
    leads = rank_leads([issue("numpy/numpy", 1), issue("pandas-dev/pandas", 2)], [NUMPY, PANDAS], NOW, 10)
    assert [x.repo for x in leads] == ["pandas-dev/pandas", "numpy/numpy"]


def test_why_says_the_library_the_age_and_the_comments():
    (lead,) = rank_leads([issue(days=3, comments=1)], [PANDAS], NOW, 10)
    assert lead.why == "you import pandas in 7 notebooks; updated 3 days ago; 1 comment"


def test_org_targets_match_their_repositories_and_unknown_repos_are_dropped():
    leads = rank_leads([issue("HoloViz/panel", 5), issue("stranger/repo", 6)], [ORG], NOW, 10)
    assert [(x.repo, x.number) for x in leads] == [("HoloViz/panel", 5)]
    assert leads[0].why.startswith("holoviz is an organisation")


def test_duplicates_collapse_and_limit_applies():
    issues = [issue(number=n % 5) for n in range(20)]
    assert len(rank_leads(issues, [PANDAS], NOW, 100)) == 5
    assert len(rank_leads(issues, [PANDAS], NOW, 3)) == 3


@given(st.lists(st.tuples(st.integers(0, 400), st.integers(0, 60)), max_size=30))
def test_order_is_by_score_and_stable(specs):
    issues = [issue(number=i, days=d, comments=c) for i, (d, c) in enumerate(specs)]
    leads = rank_leads(issues, [PANDAS], NOW, 100)
    assert [x.score for x in leads] == sorted((x.score for x in leads), reverse=True)
    assert leads == rank_leads(list(reversed(issues)), [PANDAS], NOW, 100)


def test_describe_age():
    assert [describe_age(d) for d in (0, 1, 9)] == ["today", "1 day ago", "9 days ago"]


def test_a_moved_repository_is_kept_when_its_query_named_one_target():
    old = Target("pytorch/pytorch-lightning", "repo", "you import pytorch_lightning in 2 notebooks", 2)
    moved = FoundIssue("Lightning-AI/pytorch-lightning", 3, "t", "https://github.com/x", (), 0, NOW, NOW,
                       via=("pytorch/pytorch-lightning",))
    ambiguous = FoundIssue("Other/moved", 4, "t", "https://github.com/y", (), 0, NOW, NOW, via=("a/a", "b/b"))
    (lead,) = rank_leads([moved, ambiguous], [old, PANDAS], NOW, 10)
    assert lead.repo == "Lightning-AI/pytorch-lightning"
    assert lead.why.startswith("you import pytorch_lightning in 2 notebooks "
                               "(pytorch/pytorch-lightning is now Lightning-AI/pytorch-lightning)")
