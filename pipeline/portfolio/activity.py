"""The activity calendar: what was published or done on each day of the last 52 weeks, as one
static SVG (no script): posts, notebooks, flashcards added or changed, pull requests merged.

Pure: events and `today` in, SVG text out. Every square carries a `<title>` (its date and what
happened) so the calendar reads without colour too.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

WEEKS = 53  # 52 full weeks and the current one
PHONE_WEEKS = 18  # what a phone shows: the same squares stay readable at 390 px
CELL, GAP, LEFT, TOP = 11, 2, 28, 16
KINDS = ("post", "notebook", "card", "pull request")
_MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()


@dataclass(frozen=True)
class Event:
    day: date
    kind: str  # one of KINDS


def first_day(today: date, weeks: int = WEEKS) -> date:
    """The Sunday that starts the calendar's first column."""
    start = today - timedelta(weeks=weeks - 1)
    return start - timedelta(days=(start.weekday() + 1) % 7)


def level(count: int) -> int:
    """0 (nothing) to 4 (a busy day)."""
    return 0 if count == 0 else 1 if count == 1 else 2 if count <= 3 else 3 if count <= 6 else 4


def describe(day: date, kinds: Counter) -> str:
    parts = [f"{n} {kind}{'s' if n > 1 else ''}" for kind in KINDS if (n := kinds[kind])]
    return f"{day:%Y-%m-%d}: {', '.join(parts) or 'nothing'}"


def calendar_svg(events: list[Event], today: date, weeks: int = WEEKS) -> str:
    """The last `weeks` weeks (the current one last), one column per week, Sunday on top."""
    start = first_day(today, weeks)
    by_day: dict[date, Counter] = defaultdict(Counter)
    for event in events:
        if start <= event.day <= today:
            by_day[event.day][event.kind] += 1
    total = sum(sum(c.values()) for c in by_day.values())
    width, height = LEFT + weeks * (CELL + GAP), TOP + 7 * (CELL + GAP)
    cells, months = [], []
    for offset in range((today - start).days + 1):
        day = start + timedelta(days=offset)
        week, weekday = divmod(offset, 7)
        x, y = LEFT + week * (CELL + GAP), TOP + weekday * (CELL + GAP)
        kinds = by_day.get(day, Counter())
        cells.append(
            f'<rect x="{x}" y="{y}" width="{CELL}" height="{CELL}" rx="2" '
            f'class="lip-a{level(sum(kinds.values()))}"><title>{describe(day, kinds)}</title></rect>'
        )
        if day.day == 1 and week < weeks - 1:
            months.append(f'<text x="{x}" y="{TOP - 5}">{_MONTHS[day.month - 1]}</text>')
    days = [
        f'<text x="0" y="{TOP + row * (CELL + GAP) + CELL - 2}">{name}</text>'
        for row, name in ((1, "Mon"), (3, "Wed"), (5, "Fri"))
    ]
    span, kind = ("52 weeks", "year") if weeks == WEEKS else (f"{weeks} weeks", "recent")
    label = f"{total} things published or done in the last {span}"
    return (
        f'<svg class="lip-activity lip-activity--{kind}" xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="0 0 {width} {height}" '
        f'role="img" aria-label="{label}"><title>{label}</title>' + "".join(months + days + cells) + "</svg>"
    )


def legend() -> str:
    squares = "".join(
        f'<svg class="lip-activity-key" viewBox="0 0 {CELL} {CELL}" width="{CELL}" height="{CELL}" '
        f'aria-hidden="true"><rect width="{CELL}" height="{CELL}" rx="2" class="lip-a{n}"/></svg>'
        for n in range(5)
    )
    return f'<p class="lip-activity-legend">Less {squares} More</p>'
