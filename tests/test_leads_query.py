"""Building and batching search queries within GitHub's limits."""

from __future__ import annotations

from datetime import datetime, timezone

from hypothesis import given, strategies as st

from pipeline.leads.query import (MAX_OPERATORS, MAX_QUERY_CHARS, base_qualifiers, batch_queries, fits,
                                  keyword_chars, label_qualifier, operator_count, search_labels, split_query)
from pipeline.leads.repos import Target
from pipeline.leads.settings import BEGINNER_LABELS, LeadSettings

NOW = datetime(2026, 11, 21, 12, tzinfo=timezone.utc)
BASE = base_qualifiers(search_labels(LeadSettings()), NOW, 90)
names = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9-]{0,38}/[A-Za-z0-9_.-]{1,100}", fullmatch=True)


def test_label_list_is_one_or_qualifier_with_quotes_where_needed():
    assert label_qualifier(("good first issue", "easy", "help wanted")) == 'label:"good first issue",easy,"help wanted"'


def test_help_wanted_only_when_asked():
    assert "help wanted" not in search_labels(LeadSettings())
    assert search_labels(LeadSettings(), help_wanted=True)[-1] == "help wanted"
    assert search_labels(LeadSettings(help_wanted=True)).count("help wanted") == 1
    assert search_labels(LeadSettings()) == BEGINNER_LABELS


def test_base_qualifiers_say_open_unclaimed_unarchived_and_recent():
    base = base_qualifiers(("easy",), NOW, 30, language="python")
    assert base == "is:issue is:open archived:false no:assignee -linked:pr updated:>=2026-10-22 label:easy language:python"
    assert keyword_chars(base) == 0 and operator_count(base) == 0


def test_operators_count_words_and_extra_scopes():
    assert operator_count("a OR b NOT c repo:x/y") == 2
    assert operator_count("repo:a/b repo:c/d org:e") == 2
    assert keyword_chars('fix "the docs" repo:a/b label:"x y"') == len('fix "the docs"')
    assert not fits("x" * 257) and fits("x" * 256)


def test_forty_repositories_need_at_most_one_query_per_five():
    targets = [Target(f"some-org-{i}/library-name-{i}", "repo", "") for i in range(40)]
    queries = batch_queries(targets, BASE)
    assert len(queries) <= 40 / 5
    assert all(fits(q.text) for q in queries)


@given(st.lists(names, min_size=0, max_size=60, unique=True), st.booleans())
def test_batches_cover_every_target_once_in_order_and_fit(repos, orgs_too):
    targets = [Target(r, "repo", "") for r in repos] + ([Target("some-org", "org", "")] if orgs_too else [])
    queries = batch_queries(targets, BASE)
    assert [t for q in queries for t in q.targets] == targets
    for q in queries:
        assert operator_count(q.text) <= MAX_OPERATORS and len(q.text) <= MAX_QUERY_CHARS
        assert q.text.startswith(BASE) and all(t.qualifier in q.text.split() for t in q.targets)


def test_split_halves_keep_every_target():
    targets = [Target(f"o/r{i}", "repo", "") for i in range(5)]
    (query,) = batch_queries(targets, BASE)
    halves = split_query(query, BASE)
    assert [len(h.targets) for h in halves] == [2, 3]
    assert [t for h in halves for t in h.targets] == targets
    assert split_query(halves[0], BASE)[0].text == f"{BASE} repo:o/r0"
