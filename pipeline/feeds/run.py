"""What each feeds command does, between the CLI (commands.py) and the parts it uses.

Each function reads everything first, then writes (OPML, digest file) atomically at the end.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Iterable

from pipeline.errors import ContentError, LipError
from pipeline.feeds import STATUSES
from pipeline.feeds.digest import Digest, load_digests, make_digest, save_digest, select_digest_entries
from pipeline.feeds.discover import discover
from pipeline.feeds.opml import (Followed, Merged, add_feed, load_tree, merge, read_followed, remove_feed,
                                 save_tree)
from pipeline.feeds.state import FeedState
from pipeline.feeds.store import db_path, opened
from pipeline.project import Project
from pipeline.settings import Settings


def opml_path(project: Project, settings: Settings) -> Path:
    return project.content / settings.feeds.opml


def follow(project: Project, settings: Settings, url: str, name: str | None,
           category: str | None) -> Followed:
    """Discover the feed behind `url`, check it parses, and add it to the OPML."""
    path = opml_path(project, settings)
    tree = load_tree(path)
    feed_url, parsed = discover(url, settings.feeds)
    feed = Followed(feed_url, name or parsed.title or feed_url, category or settings.feeds.default_category,
                    parsed.link)
    if not add_feed(tree, feed):
        raise LipError(f"{feed_url}: already followed (in {project.relative(path)})")
    save_tree(tree, path)
    return feed


def import_opml(project: Project, settings: Settings, source: Path) -> Merged:
    """Merge another reader's export: feeds not followed yet are added, nothing is removed; the
    outlines left out (already followed, or listed twice) are returned."""
    if not source.is_file():
        raise ContentError(source, "no such file")
    path = opml_path(project, settings)
    tree = load_tree(path)
    merged = merge(tree, load_tree(source), settings.feeds.default_category)
    if merged.added:
        save_tree(tree, path)
    return merged


def unfollow(project: Project, settings: Settings, match: str) -> tuple[Followed, ...]:
    path = opml_path(project, settings)
    tree = load_tree(path)
    removed = remove_feed(tree, match)
    if not removed:
        raise LipError(f"{match}: not followed (no feed URL, site URL or name matches "
                       f"in {project.relative(path)})")
    save_tree(tree, path)
    return removed


@dataclass(frozen=True)
class FollowingRow:
    feed: Followed
    state: FeedState | None


def following(project: Project, settings: Settings) -> tuple[FollowingRow, ...]:
    followed = read_followed(opml_path(project, settings))
    states = _states(project)
    return tuple(FollowingRow(f, states.get(f.url)) for f in followed)


def row_status(row: FollowingRow) -> str:
    state = row.state
    if state is None or not state.last_fetch:
        return "new"
    return "gone" if state.gone else "failing" if state.error else "ok"


def following_summary(rows: tuple[FollowingRow, ...]) -> str:
    """One line: how many feeds, and how many in each status."""
    counts = Counter(row_status(row) for row in rows)
    labels = ("failing", "gone (410)", "not fetched yet", "ok")
    parts = [f"{counts[s]} {label}" for s, label in zip(STATUSES, labels) if counts[s]]
    total = f"{len(rows)} feed{'' if len(rows) == 1 else 's'} followed"
    return total + (f": {', '.join(parts)}" if parts else "")


def following_view(rows: tuple[FollowingRow, ...], statuses: Iterable[str] = (),
                   match: str = "") -> tuple[FollowingRow, ...]:
    """The rows to list: failing first (most failures first), then gone, not fetched, ok; only
    `statuses` when given, only rows whose name, category or URL contains `match` (any case)."""
    wanted, needle = set(statuses) or set(STATUSES), match.casefold()
    chosen = [r for r in rows if row_status(r) in wanted
              and (not needle or needle in f"{r.feed.title}\n{r.feed.category}\n{r.feed.url}".casefold())]
    return tuple(sorted(chosen, key=_listing_order))


def _listing_order(row: FollowingRow) -> tuple:
    failures = row.state.failures if row.state else 0
    return STATUSES.index(row_status(row)), -failures, row.feed.title.casefold()


def _states(project: Project) -> dict[str, FeedState]:
    if not db_path(project.state).exists():
        return {}
    with opened(db_path(project.state)) as store:
        return store.feeds()


def build_digest(project: Project, settings: Settings, day: date, now: datetime) -> Digest:
    """The digest of `day` from the stored entries and the published digests (not yet saved)."""
    folder = project.content / settings.feeds.digests
    published = load_digests(folder)
    followed = read_followed(opml_path(project, settings))
    people = {f.url: (f.title, f.category) for f in followed}
    candidates = []
    if db_path(project.state).exists():
        with opened(db_path(project.state)) as store:
            candidates = list(store.entries())  # selection decides by first-seen time
    chosen = select_digest_entries(candidates, published, day, people, settings.feeds.max_age_days)
    existing = next((d for d in published if d.day == day), None)
    return make_digest(day, now, chosen, existing, people)


def publish_digest(project: Project, settings: Settings, day: date,
                   now: datetime) -> tuple[Digest, Path | None]:
    """Build and save the digest of `day`; a day with nothing new writes no file (None)."""
    digest = build_digest(project, settings, day, now)
    if not digest.items:
        return digest, None
    return digest, save_digest(project.content / settings.feeds.digests, digest)
