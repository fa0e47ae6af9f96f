"""Search queries for beginner issues, batched within GitHub's query limits. Pure: no I/O.

GitHub's documented limits for `GET /search/issues`: the query may not be longer than 256
characters *not counting qualifiers*, and may not hold more than five AND/OR/NOT operators.
Several `repo:`/`org:` qualifiers in one query are ORed; we count each extra one as an OR so a
batch stays inside the operator limit even if GitHub counts them (six scopes per query), and we
also keep the whole `q` under `MAX_QUERY_CHARS` so the URL stays short.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from pipeline.leads.repos import Target
from pipeline.leads.settings import LeadSettings

MAX_OPERATORS = 5
MAX_KEYWORD_CHARS = 256
MAX_QUERY_CHARS = 1000
_QUALIFIER = re.compile(r'^-?[a-z_]+:(?:"[^"]*"|[^\s"])*(?:,(?:"[^"]*"|[^\s,"]+))*$')
_OPERATOR_WORDS = {"AND", "OR", "NOT"}
_SCOPE_PREFIXES = ("repo:", "org:", "user:")


@dataclass(frozen=True)
class Query:
    """One search request: its `q` text and the targets it covers."""

    text: str
    targets: tuple[Target, ...]


def label_qualifier(labels: tuple[str, ...]) -> str:
    """`label:"good first issue",beginner`: a comma list is OR within one qualifier."""
    return "label:" + ",".join(f'"{label}"' if re.search(r'[\s,:]', label) else label for label in labels)


def search_labels(settings: LeadSettings, help_wanted: bool = False) -> tuple[str, ...]:
    labels = tuple(dict.fromkeys(settings.labels))
    if (help_wanted or settings.help_wanted) and "help wanted" not in labels:
        labels += ("help wanted",)
    return labels


def base_qualifiers(labels: tuple[str, ...], now: datetime, days: int, language: str = "") -> str:
    """Open, unassigned, no linked PR, unarchived, recently updated issues with a beginner label."""
    since = (now - timedelta(days=days)).date().isoformat()
    parts = ["is:issue", "is:open", "archived:false", "no:assignee", "-linked:pr",
             f"updated:>={since}", label_qualifier(labels)]
    if language:
        parts.append(f"language:{language}")
    return " ".join(parts)


def _tokens(text: str) -> list[str]:
    return re.findall(r'(?:[^\s"]+|"[^"]*")+', text)


def operator_count(text: str) -> int:
    """AND/OR/NOT words, plus one implicit OR per scope qualifier after the first."""
    tokens = _tokens(text)
    words = sum(1 for t in tokens if t in _OPERATOR_WORDS)
    scopes = sum(1 for t in tokens if t.startswith(_SCOPE_PREFIXES))
    return words + max(0, scopes - 1)


def keyword_chars(text: str) -> int:
    """Length of the free-text part GitHub's 256-character limit applies to."""
    return len(" ".join(t for t in _tokens(text) if not _QUALIFIER.match(t) and t not in _OPERATOR_WORDS))


def fits(text: str) -> bool:
    return (operator_count(text) <= MAX_OPERATORS and keyword_chars(text) <= MAX_KEYWORD_CHARS
            and len(text) <= MAX_QUERY_CHARS)


def batch_queries(targets: list[Target], base: str) -> list[Query]:
    """Greedy batches of scopes, in the targets' order, each query fitting GitHub's limits.

    A target that cannot fit even alone (an absurdly long name) gets a query of its own anyway:
    GitHub will answer 422 and the caller drops it with a message naming it.
    """
    queries: list[Query] = []
    batch: list[Target] = []
    for target in targets:
        if batch and not fits(_text(base, [*batch, target])):
            queries.append(Query(_text(base, batch), tuple(batch)))
            batch = []
        batch.append(target)
    if batch:
        queries.append(Query(_text(base, batch), tuple(batch)))
    return queries


def _text(base: str, targets: list[Target]) -> str:
    return " ".join([base, *(t.qualifier for t in targets)])


def split_query(query: Query, base: str) -> list[Query]:
    """Two halves of a query GitHub refused, so the one bad scope can be found and dropped."""
    half = len(query.targets) // 2
    parts = (query.targets[:half], query.targets[half:])
    return [Query(_text(base, list(p)), tuple(p)) for p in parts if p]
