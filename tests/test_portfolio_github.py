"""Which merged pull request closes which lead: GitHub's closing keywords, any spelling of the issue."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from pipeline.portfolio.github import MergedPull, closed_leads
from pipeline.portfolio.store import Contribution, SeenLead

NOW = datetime(2026, 11, 28, tzinfo=timezone.utc)
LEAD = SeenLead("numpy/numpy", 99, "https://github.com/numpy/numpy/issues/99")


def pull(body: str, repo: str = "numpy/numpy") -> MergedPull:
    return MergedPull(Contribution(repo, 1, "t", "u", NOW), body)


@pytest.mark.parametrize(
    "body",
    [
        "Fixes #99",
        "closes numpy/numpy#99.",
        "Resolved: #99",
        "This fixed https://github.com/numpy/numpy/issues/99",
        "FIX #99)",
    ],
)
def test_closing_keywords(body):
    assert closed_leads(pull(body), (LEAD,)) == LEAD.url


@pytest.mark.parametrize("body", ["See #99", "Fixes #990", "fixes #98", "prefixes #99", ""])
def test_not_a_close(body):
    assert closed_leads(pull(body), (LEAD,)) == ""


def test_the_number_alone_only_counts_in_the_same_repository():
    assert closed_leads(pull("Fixes #99", repo="pandas-dev/pandas"), (LEAD,)) == ""
    assert closed_leads(pull("Fixes numpy/numpy#99", repo="pandas-dev/pandas"), (LEAD,)) == LEAD.url
