"""Leads: API requests and wall time for a user whose notebooks import 40 libraries.

Runs `lip`'s whole leads pipeline (read notebooks, map imports to repositories, batched search,
rank, save state) and a naive finder (one search per repository and label, as most finders do)
against the same local GitHub search server on 127.0.0.1 with a fixed latency per request, in the
same process, on the same data. Both use PyGitHub with its pause between requests turned off, so
the difference is the number of round trips. Usage: .venv/bin/python benchmarks/leads_bench.py
[--latency 0.1]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests" / "data" / "leads"))

from github_server import FakeIssue, GitHubServer  # noqa: E402
from pipeline.leads.query import base_qualifiers, label_qualifier  # noqa: E402
from pipeline.leads.repos import bundled_table  # noqa: E402
from pipeline.leads.run import RunOptions, find_leads  # noqa: E402
from pipeline.leads.search import client, repo_of  # noqa: E402
from pipeline.leads.settings import LeadSettings  # noqa: E402
from pipeline.project import Project  # noqa: E402

LIBRARIES = ["numpy", "pandas", "matplotlib", "seaborn", "sklearn", "scipy", "statsmodels", "sympy",
             "networkx", "torch", "torchvision", "tensorflow", "keras", "jax", "flax", "optax",
             "transformers", "datasets", "tokenizers", "accelerate", "xgboost", "lightgbm", "catboost",
             "optuna", "shap", "mlflow", "wandb", "plotly", "bokeh", "altair", "streamlit", "gradio",
             "polars", "pyarrow", "dask", "xarray", "numba", "nltk", "spacy", "gensim"]
NOW = datetime.now(timezone.utc)


def make_project(root: Path) -> Project:
    """40 notebooks; notebook i imports libraries i, i+1, i+2 (mod 40): 40 distinct libraries."""
    for i in range(40):
        names = [LIBRARIES[(i + k) % 40] for k in range(3)]
        cell = {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
                "source": "".join(f"import {n}\n" for n in names)}
        path = root / "content" / "notebooks" / f"nb{i:02d}.ipynb"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [cell]}))
    (root / "mkdocs.yml").write_text("site_name: bench\n")
    return Project(root)


def make_issues(repos: list[str]) -> list[FakeIssue]:
    """Three beginner issues per repository with different labels, and two that must not match."""
    issues = []
    for r, repo in enumerate(repos):
        for n, label in enumerate(("good first issue", "easy", "beginner")):
            updated = (NOW - timedelta(days=(r + n) % 30)).strftime("%Y-%m-%dT%H:%M:%SZ")
            issues.append(FakeIssue(repo, 100 * r + n, f"Issue {n} of {repo}", (label,), n, updated=updated))
        issues.append(FakeIssue(repo, 100 * r + 50, "bug", ("bug",)))
        issues.append(FakeIssue(repo, 100 * r + 51, "taken", ("good first issue",), assignee="x"))
    return issues


def naive(repos: list[str], settings: LeadSettings) -> set[tuple[str, int]]:
    """One query per repository and label, reading every page."""
    gh = client(pause=None)
    base = base_qualifiers((), NOW, settings.updated_within_days).replace(" label:", "")
    found = set()
    for repo in repos:
        for label in settings.labels:
            for issue in gh.search_issues(f"{base} {label_qualifier((label,))} repo:{repo}"):
                found.add((repo_of(issue.repository_url), issue.number))
    return found


def measure(latency: float) -> dict:
    table = bundled_table()
    repos = sorted({table[name.lower()] for name in LIBRARIES})
    settings = LeadSettings(max_requests=1000, max_leads=1000, results_per_query=1000)
    results = {"libraries": len(LIBRARIES), "repositories": len(repos), "latency_s": latency}
    with tempfile.TemporaryDirectory() as tmp, GitHubServer(make_issues(repos), latency=latency) as server:
        os.environ["GITHUB_API_URL"] = server.url
        os.environ.pop("GITHUB_TOKEN", None)
        project = make_project(Path(tmp))
        started = time.perf_counter()
        run = find_leads(project, settings, NOW, RunOptions(), make_client=lambda: client(pause=None))
        results["lip_seconds"] = time.perf_counter() - started
        results["lip_requests"] = len(server.received)
        results["lip_per_issue_requests"] = sum(1 for r in server.received if not r.path.startswith("/search/"))
        started = time.perf_counter()
        cached = find_leads(project, settings, NOW, RunOptions(), make_client=lambda: client(pause=None))
        results["lip_cached_seconds"] = time.perf_counter() - started
        results["lip_cached_requests"] = len(server.received) - results["lip_requests"]
        before = len(server.received)
        started = time.perf_counter()
        naive_found = naive(repos, settings)
        results["naive_seconds"] = time.perf_counter() - started
        results["naive_requests"] = len(server.received) - before
    lip_found = {(lead.repo, lead.number) for lead in run.leads}
    assert cached.from_cache and lip_found == naive_found, "both approaches must find the same issues"
    results["issues_found"] = len(lip_found)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--latency", type=float, default=0.1, help="seconds the server waits per request")
    args = parser.parse_args()
    r = measure(args.latency)
    print(json.dumps({k: round(v, 3) if isinstance(v, float) else v for k, v in r.items()}, indent=1))
    print(f"requests: lip {r['lip_requests']} vs naive {r['naive_requests']} "
          f"({r['naive_requests'] / r['lip_requests']:.0f}x fewer); "
          f"{r['repositories'] / r['lip_requests']:.1f} repositories per search request")
    print(f"wall time: lip {r['lip_seconds']:.2f}s vs naive {r['naive_seconds']:.2f}s "
          f"({r['naive_seconds'] / r['lip_seconds']:.1f}x faster); cached rerun {r['lip_cached_seconds']:.3f}s, "
          f"{r['lip_cached_requests']} requests")


if __name__ == "__main__":
    main()
