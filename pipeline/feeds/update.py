"""`lip feeds update`: fetch every followed feed concurrently and store what changed.

Fetching and parsing run in worker threads; only the calling thread touches SQLite and the
OPML file. One feed's failure (timeout, not XML, 410, too big) is recorded and reported, never
stops the others. `lip build` never calls this unless asked (`--fetch`).
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from typing import Callable

import requests

from pipeline.feeds.entries import ParsedFeed, parse_feed
from pipeline.feeds.fetch import Fetched, fetch
from pipeline.feeds.opml import Followed, load_tree, read_followed, rewrite_urls, save_tree
from pipeline.feeds.settings import FeedSettings
from pipeline.feeds.state import FeedState, after_fetch
from pipeline.feeds.store import Store, db_path
from pipeline.project import Project
from pipeline.settings import Settings


@dataclass(frozen=True)
class FeedOutcome:
    url: str
    title: str
    new: int = 0
    updated: int = 0
    unchanged: bool = False
    skipped: str = ""  # why it was not polled this time
    error: str = ""
    moved_to: str = ""


@dataclass(frozen=True)
class UpdateSummary:
    outcomes: tuple[FeedOutcome, ...]

    @property
    def new(self) -> int:
        return sum(o.new for o in self.outcomes)

    @property
    def failed(self) -> tuple[FeedOutcome, ...]:
        return tuple(o for o in self.outcomes if o.error)

    def line(self) -> str:
        fetched = [o for o in self.outcomes if not o.skipped]
        return (f"{len(fetched)} feed(s) checked: {self.new} new entries, "
                f"{sum(o.updated for o in self.outcomes)} updated, {sum(o.unchanged for o in self.outcomes)} unchanged, "
                f"{len(self.failed)} failed, {sum(bool(o.skipped) for o in self.outcomes)} not due")


def update_feeds(project: Project, settings: Settings, now: datetime | None = None,
                 progress: Callable[[FeedOutcome], None] | None = None) -> UpdateSummary:
    """Fetch the due feeds of `content/<opml>`, store entries, record permanent redirects."""
    now = now or datetime.now(timezone.utc)
    opml_path = project.content / settings.feeds.opml
    followed = read_followed(opml_path)
    store = Store(db_path(project.state))
    try:
        outcomes = _run(store, followed, settings.feeds, now, progress or (lambda outcome: None))
    finally:
        store.close()
    moved = {o.url: o.moved_to for o in outcomes if o.moved_to}
    if moved:
        tree = load_tree(opml_path)
        rewrite_urls(tree, moved)
        save_tree(tree, opml_path)
    return UpdateSummary(tuple(outcomes))


def _run(store: Store, followed, settings: FeedSettings, now: datetime, progress) -> list[FeedOutcome]:
    states = store.feeds()
    feeds = {f.url: states.get(f.url) or FeedState(f.url, f.title) for f in followed}
    outcomes = [FeedOutcome(s.url, _title(followed, s), skipped=_why_not(s)) for s in feeds.values() if not s.is_due(now)]
    for outcome in outcomes:
        progress(outcome)
    due = [s for s in feeds.values() if s.is_due(now)]
    with requests.Session() as session, ThreadPoolExecutor(max(1, settings.workers)) as pool:
        session.mount("http://", requests.adapters.HTTPAdapter(pool_maxsize=settings.workers))
        session.mount("https://", requests.adapters.HTTPAdapter(pool_maxsize=settings.workers))
        jobs = {pool.submit(_fetch_and_parse, session, s, settings, now): s for s in due}
        for job in as_completed(jobs):
            fetched, parsed = job.result()
            state = jobs.pop(job)  # drop the body and entries as soon as they are stored
            outcome = _record(store, state, fetched, parsed, settings, now)
            outcomes.append(replace(outcome, title=_title(followed, state)))
            progress(outcomes[-1])
    return outcomes


def _fetch_and_parse(session, state: FeedState, settings: FeedSettings, now: datetime) -> tuple[Fetched, ParsedFeed | None]:
    """Runs in a worker thread: network and parsing only, no shared state."""
    fetched = fetch(session, state.url, state.validators, settings, now)
    if fetched.status != 200 or fetched.error:
        return fetched, None
    return fetched, parse_feed(fetched.moved_to or state.url, fetched.body, fetched.headers, now)


def _record(store: Store, state: FeedState, fetched: Fetched, parsed: ParsedFeed | None,
            settings: FeedSettings, now: datetime) -> FeedOutcome:
    problem = parsed.problem if parsed else ""
    new_state = after_fetch(state, fetched, problem, now, settings.backoff_minutes)
    if parsed and not problem:
        new_state = replace(new_state, title=parsed.title or state.title)
    store.save_feed(new_state)
    moved = fetched.moved_to if fetched.moved_to and not new_state.error and not new_state.gone else ""
    if moved:
        store.move_feed(state.url, moved)
    new = updated = 0
    if parsed and not problem:
        new, updated = store.save_entries(parsed.entries, now)
    error = new_state.error if (new_state.error or new_state.gone) else ""
    return FeedOutcome(state.url, state.title, new, updated, unchanged=fetched.status == 304,
                       error=error, moved_to=moved)


def _title(followed: tuple[Followed, ...], state: FeedState) -> str:
    return next((f.title for f in followed if f.url == state.url), state.title or state.url)


def _why_not(state: FeedState) -> str:
    if state.gone:
        return "gone (410): no longer polled; `lip unfollow` it"
    return f"waiting until {state.next_fetch:%Y-%m-%d %H:%M} UTC after: {state.error or 'Retry-After'}"
