"""`.lip/state/portfolio.json`: what goes in comes back; a damaged file reads as nothing stored."""

from __future__ import annotations

from datetime import datetime, timezone

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.portfolio.store import (
    Contribution,
    PortfolioState,
    RepoFigures,
    SeenLead,
    dump_state,
    load_state,
    read_state,
    state_path,
    write_state,
)

NOW = datetime(2026, 11, 28, 12, tzinfo=timezone.utc)
STATE = PortfolioState(
    "ada",
    NOW,
    repos=(
        RepoFigures("numpy/numpy", 29000, "Python", NOW, "https://github.com/numpy/numpy", "d"),
        RepoFigures("a/b", 0, "", None, "https://github.com/a/b"),
    ),
    contributions=(
        Contribution(
            "numpy/numpy",
            1,
            "DOC: <b>",
            "https://github.com/numpy/numpy/pull/1",
            NOW,
            "https://github.com/numpy/numpy/issues/2",
        ),
    ),
    leads_seen=(SeenLead("numpy/numpy", 2, "https://github.com/numpy/numpy/issues/2"),),
    notices=("n",),
    stopped="",
    requests=3,
)


def test_round_trip(tmp_path):
    write_state(tmp_path, STATE)
    assert read_state(tmp_path) == STATE
    assert STATE.figures()["numpy/numpy"].stars == 29000


@settings(deadline=None)
@given(st.text(max_size=40))
def test_any_text_round_trips(title):
    state = PortfolioState("u", NOW, contributions=(Contribution("a/b", 1, title, "u", NOW),))
    assert load_state(dump_state(state)) == state


def test_damaged_or_older_files_read_as_nothing(tmp_path):
    assert read_state(tmp_path) is None
    for text in ("{", "[]", '{"version": 0}', dump_state(STATE).replace('"requests"', '"reqs"'), "\xff"):
        state_path(tmp_path).write_text(text)
        assert read_state(tmp_path) is None
