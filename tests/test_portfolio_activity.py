"""The activity calendar: 52 weeks and the current one as static SVG, a title on every day."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.portfolio.activity import Event, calendar_svg, first_day, level

SVG = "{http://www.w3.org/2000/svg}"
TODAY = date(2026, 11, 28)  # a Saturday


def cells(svg: str) -> list[ET.Element]:
    return list(ET.fromstring(svg).iter(f"{SVG}rect"))


def test_one_square_per_day_from_a_sunday_52_weeks_back_to_today():
    squares = cells(calendar_svg([], TODAY))
    start = first_day(TODAY)
    assert start.weekday() == 6 and (TODAY - start).days // 7 == 52
    assert len(squares) == (TODAY - start).days + 1
    assert squares[0].find(f"{SVG}title").text == f"{start:%Y-%m-%d}: nothing"
    assert squares[-1].find(f"{SVG}title").text == "2026-11-28: nothing"
    assert {s.get("class") for s in squares} == {"lip-a0"}


def test_counts_each_kind_and_ignores_days_outside_the_window():
    events = [
        Event(TODAY, "post"),
        Event(TODAY, "card"),
        Event(TODAY, "card"),
        Event(TODAY, "pull request"),
        Event(TODAY - timedelta(days=400), "post"),
        Event(TODAY + timedelta(days=1), "post"),
    ]
    svg = calendar_svg(events, TODAY)
    last = cells(svg)[-1]
    assert last.find(f"{SVG}title").text == "2026-11-28: 1 post, 2 cards, 1 pull request"
    assert last.get("class") == "lip-a3"
    assert 'aria-label="4 things published or done in the last 52 weeks"' in svg
    phone = calendar_svg(events, TODAY, 18)
    assert len(cells(phone)) == 17 * 7 + 7 and "lip-activity--recent" in phone and "last 18 weeks" in phone


def test_no_script_and_no_external_reference():
    svg = calendar_svg([Event(TODAY, "notebook")], TODAY)
    root = ET.fromstring(svg)
    assert not [e for e in root.iter() if e.tag.endswith("script") or e.tag.endswith("foreignObject")]
    assert not [k for e in root.iter() for k in e.attrib if k.startswith("on") or "href" in k]


@settings(deadline=None)  # a shared machine: timing is not what is tested
@given(st.integers(min_value=0, max_value=10_000))
def test_levels_grow_with_the_count(count):
    assert 0 <= level(count) <= 4 and (level(count) == 0) == (count == 0)
    assert level(count) <= level(count + 1)


@settings(deadline=None)
@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1)))
def test_the_last_square_is_always_today(today):
    squares = cells(calendar_svg([Event(today, "post")], today))
    assert squares[-1].find(f"{SVG}title").text == f"{today:%Y-%m-%d}: 1 post"
    assert 364 <= len(squares) <= 371
