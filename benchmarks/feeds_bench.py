"""Feeds: `lip feeds update` against the `reader` library on the same N feeds served on 127.0.0.1.

The parent process serves N RSS feeds (20 entries of ~1.5 KB each, ~35 KB per feed, ETag and
Last-Modified, a fixed latency per request) from tests/data/feeds/feed_server.py. Each measured
update runs in a fresh child process (so peak RSS is its own): a first update into an empty
database, then a second one in which every feed answers 304. Both tools get the same worker
count. CPU seconds are the child's user+system time for that update: "our own work".
Usage: .venv/bin/python benchmarks/feeds_bench.py [--feeds 300] [--latency 0.2] [--workers 10]
Needs (benchmark only): pip install reader sgmllib3k
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests" / "data" / "feeds"))

from feed_server import FeedServer, Route  # noqa: E402

WORDS = "gradient descent attention transformer embedding tokenizer dataset loss optimizer batch".split()


def feed_body(n: int, entries: int = 20) -> bytes:
    items = []
    for i in range(entries):
        text = " ".join(WORDS[(n + i + k) % len(WORDS)] for k in range(200))
        items.append(f"<item><guid>https://p{n}.example/{i}</guid><title>Post {i} of person {n}</title>"
                     f"<link>https://p{n}.example/{i}</link><pubDate>Fri, {1 + i % 20:02d} Nov 2026 10:00:00 GMT</pubDate>"
                     f"<description>&lt;p&gt;{text}&lt;/p&gt;</description></item>")
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Person {n}</title>'
            f"<link>https://p{n}.example/</link>{''.join(items)}</channel></rss>").encode()


def child(tool: str, folder: Path, urls: list[str], workers: int) -> dict:
    """Runs in the child process: one update with `tool`, timed after the imports."""
    import hashlib
    import sqlite3
    from dataclasses import replace

    from reader import make_reader

    from pipeline.feeds.update import update_feeds
    from pipeline.project import Project

    before, started = resource.getrusage(resource.RUSAGE_SELF), time.perf_counter()
    if tool == "reader":
        db = make_reader(str(folder / "reader.sqlite"))
        for url in urls:
            db.add_feed(url, exist_ok=True)
        db.update_feeds(workers=workers, scheduled=False)  # reader would skip feeds fetched < 1 h ago
        links, unchanged = [e.link for e in db.get_entries()], None
    else:
        project = Project(folder)
        settings = project.settings()
        summary = update_feeds(project, replace(settings, feeds=replace(settings.feeds, workers=workers)))
        assert not summary.failed, summary.failed[:3]
        links = [r[0] for r in sqlite3.connect(project.state / "feeds.sqlite").execute("SELECT link FROM entries")]
        unchanged = sum(o.unchanged for o in summary.outcomes)
    wall, after = time.perf_counter() - started, resource.getrusage(resource.RUSAGE_SELF)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    same = hashlib.sha256("\n".join(sorted(links)).encode()).hexdigest()[:12]
    return {"wall": wall, "cpu": cpu, "entries": len(links), "links": same, "unchanged": unchanged,
            "rss_mb": after.ru_maxrss / 1024}


def run_child(tool: str, folder: Path, urls: list[str], workers: int) -> dict:
    spec = json.dumps({"tool": tool, "folder": str(folder), "urls": urls, "workers": workers})
    out = subprocess.run([sys.executable, __file__, "--child"], input=spec, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def lip_project(folder: Path, urls: list[str]) -> None:
    from pipeline.feeds.opml import Followed, add_feed, load_tree, save_tree

    (folder / "content").mkdir(parents=True)
    (folder / "mkdocs.yml").write_text("site_name: bench\n")
    tree = load_tree(folder / "content" / "following.opml")
    for n, url in enumerate(urls):
        add_feed(tree, Followed(url, f"Person {n}", "Bench"))
    save_tree(tree, folder / "content" / "following.opml")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--feeds", type=int, default=300)
    parser.add_argument("--latency", type=float, default=0.2)
    parser.add_argument("--workers", type=int, default=10)
    parser.add_argument("--child", action="store_true")
    args = parser.parse_args()
    if args.child:
        spec = json.loads(sys.stdin.read())
        print(json.dumps(child(spec["tool"], Path(spec["folder"]), spec["urls"], spec["workers"])))
        return
    with FeedServer(latency=args.latency) as server, tempfile.TemporaryDirectory() as tmp:
        for n in range(args.feeds):
            server.routes[f"/p{n}.xml"] = Route(feed_body(n))
        urls = [server.url(f"/p{n}.xml") for n in range(args.feeds)]
        lip_project(Path(tmp) / "lip", urls)
        (Path(tmp) / "reader").mkdir()
        results = {}
        for tool in ("reader", "lip"):
            folder = Path(tmp) / tool
            results[tool] = []
            for _ in ("first", "second"):
                asked = len(server.log)
                results[tool].append(dict(run_child(tool, folder, urls, args.workers), requests=len(server.log) - asked))
        report(args, results)


def report(args, results: dict) -> None:
    lip, reader = results["lip"], results["reader"]
    print(f"{args.feeds} feeds, {args.latency:g} s latency per request, {args.workers} workers each")
    print("| measure | lip | reader | reader / lip |\n|---|---|---|---|")
    for i, name in enumerate(("first update", "second update (all 304)")):
        print(f"| {name}: wall | {lip[i]['wall']:.2f} s | {reader[i]['wall']:.2f} s | {reader[i]['wall'] / lip[i]['wall']:.2f}x |")
        print(f"| {name}: CPU | {lip[i]['cpu']:.2f} s | {reader[i]['cpu']:.2f} s | {reader[i]['cpu'] / max(lip[i]['cpu'], 1e-9):.2f}x |")
        print(f"| {name}: HTTP requests | {lip[i]['requests']} | {reader[i]['requests']} | |")
        print(f"| {name}: peak RSS | {lip[i]['rss_mb']:.0f} MB | {reader[i]['rss_mb']:.0f} MB | |")
    same = "same links" if lip[0]["links"] == reader[0]["links"] else "DIFFERENT links"
    print(f"| entries found | {lip[0]['entries']} | {reader[0]['entries']} | {same} |")
    print(f"| feeds answered 304 on the second update | {lip[1]['unchanged']} of {args.feeds} | | |")


if __name__ == "__main__":
    main()
