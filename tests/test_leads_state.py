"""The last run kept in .lip/state/leads.json: round trip, freshness, damaged files."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from hypothesis import given, strategies as st

from pipeline.leads.rank import Lead
from pipeline.leads.state import LeadsRun, dump_run, load_run, read_run, state_path, write_run

NOW = datetime(2026, 11, 21, 12, tzinfo=timezone.utc)
texts = st.text(max_size=40)


def lead(title: str = "Fix <b>docs</b>", labels=("good first issue",)) -> Lead:
    return Lead("a/b", 7, title, "https://github.com/a/b/issues/7", tuple(labels), 2,
                NOW - timedelta(days=9), NOW - timedelta(days=1), 1.25, "you import b in 1 note")


@given(st.lists(st.tuples(texts, st.lists(texts, max_size=3)), max_size=5), st.lists(texts, max_size=3), texts)
def test_round_trip(items, notices, stopped):
    run = LeadsRun(tuple(lead(t, ls) for t, ls in items), NOW, key="k", requests=3, notices=tuple(notices),
                   stopped=stopped, libraries=4, unmapped=("x",), pypi={"x": None, "y": "o/y"})
    assert load_run(dump_run(run)) == run


def test_fresh_only_with_same_key_within_the_window():
    run = LeadsRun((), NOW, key="k")
    assert run.is_fresh("k", NOW + timedelta(minutes=59), 60)
    assert not run.is_fresh("k", NOW + timedelta(minutes=61), 60)
    assert not run.is_fresh("other", NOW, 60)
    assert not run.is_fresh("k", NOW - timedelta(minutes=1), 60)  # clock went back: ask again
    assert not LeadsRun((), NOW, key="k", stopped="rate limit").is_fresh("k", NOW, 60)


def test_damaged_or_foreign_files_are_no_run(tmp_path):
    assert read_run(tmp_path) is None
    for text in ("{", "[]", '{"version": 99}', '{"version": 1, "leads": [{"repo": 1}]}'):
        state_path(tmp_path).parent.mkdir(exist_ok=True)
        state_path(tmp_path).write_text(text)
        assert read_run(tmp_path) is None


def test_write_is_atomic_and_leaves_no_temp_files(tmp_path):
    write_run(tmp_path / "state", LeadsRun((lead(),), NOW))
    write_run(tmp_path / "state", LeadsRun((), NOW))
    assert [p.name for p in (tmp_path / "state").iterdir()] == ["leads.json"]
    assert read_run(tmp_path / "state") == LeadsRun((), NOW)
