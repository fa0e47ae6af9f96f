"""`lip feeds update`: fetch every due followed feed concurrently and store what changed.

A feed is due unless it is gone (410), still fresh (the minimum interval, Cache-Control max-age,
Expires, RSS <ttl>), or backing off after failures; `force` asks every feed but the gone ones.
Fetching and parsing run in worker threads, at most `per_host` at once per host name; only the
calling thread touches SQLite (one transaction per feed) and the OPML file. One feed's failure,
whatever raised it, is recorded for that feed and reported, never stops the others. `lip build`
never calls this unless asked (`--fetch`).
"""

from __future__ import annotations

from collections import Counter, deque
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from typing import Callable, Iterable, Iterator
from urllib.parse import urlsplit

import requests

from pipeline.errors import LipError
from pipeline.feeds.opml import Followed, load_tree, read_followed, rewrite_urls, save_tree
from pipeline.feeds.entries import FeedEntry
from pipeline.feeds.retrieve import Retrieved, attempt, failed_retrieval, retrieve
from pipeline.feeds.settings import FeedSettings
from pipeline.feeds.state import FeedState, after_fetch
from pipeline.feeds.store import Store, db_path, opened
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

    @property
    def asked(self) -> tuple[FeedOutcome, ...]:
        return tuple(o for o in self.outcomes if not o.skipped)

    def line(self) -> str:
        updated, unchanged = sum(o.updated for o in self.outcomes), sum(o.unchanged for o in self.outcomes)
        return (f"{_count(len(self.asked), 'feed')} checked: {_count(self.new, 'new entry', 'new entries')}, "
                f"{updated} updated, {unchanged} unchanged, {len(self.failed)} failed, "
                f"{len(self.outcomes) - len(self.asked)} not due")

    def require_one_worked(self) -> None:
        """Raise when feeds were asked and every one failed (each was already named)."""
        if self.asked and len(self.failed) == len(self.asked):
            asked = _count(len(self.asked), "feed")
            raise LipError(f"none of the {asked} asked could be updated (each is named above)")


def _count(n: int, one: str, many: str = "") -> str:
    return f"{n} {one if n == 1 else many or one + 's'}"


def update_feeds(project: Project, settings: Settings, now: datetime | None = None,
                 progress: Callable[[FeedOutcome], None] | None = None, force: bool = False) -> UpdateSummary:
    """Fetch the due feeds of `content/<opml>`, store entries, record permanent redirects."""
    now = now or datetime.now(timezone.utc)
    opml_path = project.content / settings.feeds.opml
    followed = read_followed(opml_path)
    with opened(db_path(project.state)) as store:
        outcomes = _run(store, followed, settings.feeds, now, progress or (lambda outcome: None), force)
    moved = {o.url: o.moved_to for o in outcomes if o.moved_to}
    if moved:
        tree = load_tree(opml_path)
        rewrite_urls(tree, moved)
        save_tree(tree, opml_path)
    return UpdateSummary(tuple(outcomes))


def _run(store: Store, followed: tuple[Followed, ...], settings: FeedSettings, now: datetime, progress,
         force: bool) -> list[FeedOutcome]:
    states = store.feeds()
    titles = {f.url: f.title for f in followed}
    feeds = [states.get(f.url) or FeedState(f.url, f.title) for f in followed]
    outcomes = []
    for state in (s for s in feeds if not s.is_due(now, force)):
        outcomes.append(FeedOutcome(state.url, titles[state.url], skipped=_why_not(state)))
        progress(outcomes[-1])
    due = [s for s in feeds if s.is_due(now, force)]
    for decided in _decide_all(due, settings, now):
        new, updated = store.save_update(decided.state, decided.entries, now, decided.moved_to)
        outcomes.append(replace(decided.outcome, title=titles[decided.outcome.url], new=new, updated=updated))
        progress(outcomes[-1])
    return outcomes


@dataclass(frozen=True)
class Decided:
    """What one fetch decided for a feed: everything the calling thread stores."""

    state: FeedState  # next validators, freshness or back-off
    entries: tuple[FeedEntry, ...]
    moved_to: str
    outcome: FeedOutcome  # without the new/updated counts, which only storing knows


def decide(state: FeedState, retrieved: Retrieved, settings: FeedSettings, now: datetime) -> Decided:
    """The feed's next state and what to store, from what its fetch found. Pure: data and `now`
    in, data out (as reader's Decider)."""
    fetched, parsed = retrieved.fetched, retrieved.parsed
    problem = parsed.problem if parsed else ""
    new_state = after_fetch(state, fetched, problem, now, settings, parsed.ttl_minutes if parsed else None)
    ok = parsed is not None and not problem
    if ok:
        new_state = replace(new_state, title=parsed.title or state.title)
    moved = fetched.moved_to if fetched.moved_to and not new_state.error and not new_state.gone else ""
    error = new_state.error if (new_state.error or new_state.gone) else ""
    outcome = FeedOutcome(state.url, state.title, unchanged=fetched.status == 304, error=error,
                          moved_to=moved)
    return Decided(new_state, parsed.entries if ok else (), moved, outcome)


def _update_one(session, state: FeedState, settings: FeedSettings, now: datetime) -> Decided:
    """Runs in a worker thread: fetch, parse and decide for one feed, inside the one per-feed
    boundary (whatever raises, the feed gets it as its error and backs off)."""
    def work() -> Decided:
        return decide(state, retrieve(session, state.url, state.validators, settings, now), settings, now)

    return attempt(work, lambda line: decide(state, failed_retrieval(state.url)(line), settings, now))


def _decide_all(due: list[FeedState], settings: FeedSettings, now: datetime) -> Iterator[Decided]:
    """What each due feed's fetch decided, as they finish; never more than `settings.per_host`
    requests at once to one host, nor more than `settings.workers` in all."""
    turns, workers = HostTurns(due, settings.per_host), max(1, settings.workers)
    with requests.Session() as session, ThreadPoolExecutor(workers) as pool:
        adapter = requests.adapters.HTTPAdapter(pool_connections=max(10, workers),
                                                pool_maxsize=settings.per_host)
        session.mount("http://", adapter)
        session.mount("https://", adapter)
        jobs = {}
        while True:
            while len(jobs) < workers and (state := turns.take()):
                jobs[pool.submit(_update_one, session, state, settings, now)] = state
            if not jobs:
                return
            finished, _ = wait(jobs, return_when=FIRST_COMPLETED)
            for job in finished:
                turns.done(jobs.pop(job))  # drop the body and entries as soon as they are stored
                yield job.result()


class HostTurns:
    """Which feed may be fetched next: hosts take turns (round robin, in order of first
    appearance), each host's feeds in the given order, at most `per_host` at once per host name.
    Constant time per feed; pure bookkeeping, no I/O."""

    def __init__(self, states: Iterable[FeedState], per_host: int):
        self.limit = max(1, per_host)
        self.waiting: dict[str, deque[FeedState]] = {}
        self.running: Counter[str] = Counter()
        for state in states:
            self.waiting.setdefault(host_of(state.url), deque()).append(state)
        self.ready = deque(self.waiting)  # hosts with a feed waiting and room for one more request

    def take(self) -> FeedState | None:
        """The next feed whose host has room, or None when none has."""
        if not self.ready:
            return None
        host = self.ready.popleft()
        self.running[host] += 1
        state = self.waiting[host].popleft()
        self._requeue(host)
        return state

    def done(self, state: FeedState) -> None:
        host = host_of(state.url)
        self.running[host] -= 1
        if self.running[host] == self.limit - 1:  # it was full, so it is not queued
            self._requeue(host)

    def _requeue(self, host: str) -> None:
        if self.waiting[host] and self.running[host] < self.limit:
            self.ready.append(host)


def host_of(url: str) -> str:
    try:
        return (urlsplit(url).hostname or url).lower()
    except ValueError:  # an unreadable URL is its own host; fetching it fails and is recorded
        return url


def _why_not(state: FeedState) -> str:
    if state.gone:
        return "gone (410): no longer polled; `lip unfollow` it"
    if state.error:
        return f"waiting until {state.next_fetch:%Y-%m-%d %H:%M} UTC after: {state.error}"
    return f"fresh until {state.next_fetch:%Y-%m-%d %H:%M} UTC (--force asks anyway)"
