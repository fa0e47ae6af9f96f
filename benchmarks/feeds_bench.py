"""Feeds: `lip feeds update` against the `reader` library on the same N feeds served on 127.0.0.1,
and `lip follow --import` of a large OPML against the floor of reading and writing it.

The parent process serves N RSS feeds (20 entries of ~1.5 KB each, ~35 KB per feed, ETag and
Last-Modified, a fixed latency per request) from tests/data/feeds/feed_server.py, spread over
`--hosts` loopback addresses (127.0.0.1, 127.0.0.2, ...: real feeds live on many hosts). Each
measured update runs in a fresh child process (so peak RSS is its own): a first update into an
empty database, a second one right after (both tools' defaults: lip honours its minimum interval
and the server's freshness, reader its update interval), and a forced one in which every feed is
asked and answers 304 (lip `--force`, reader `scheduled=False`). Both tools get the same worker
count. CPU seconds are the child's user+system time for that update: "our own work".
Usage: .venv/bin/python benchmarks/feeds_bench.py [--feeds 200] [--hosts 20] [--latency 0.2]
       [--workers 10] [--import-feeds 2107]
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
from contextlib import ExitStack
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests" / "data" / "feeds"))

from feed_server import FeedServer, Route  # noqa: E402

WORDS = "gradient descent attention transformer embedding tokenizer dataset loss optimizer batch".split()
RUNS = (("first update", False), ("second update, right after (defaults)", False),
        ("forced update (every feed asked, all 304)", True))


def feed_body(n: int, entries: int = 20) -> bytes:
    items = []
    for i in range(entries):
        text = " ".join(WORDS[(n + i + k) % len(WORDS)] for k in range(200))
        items.append(f"<item><guid>https://p{n}.example/{i}</guid><title>Post {i} of person {n}</title>"
                     f"<link>https://p{n}.example/{i}</link><pubDate>Fri, {1 + i % 20:02d} Nov 2026 10:00:00 GMT</pubDate>"
                     f"<description>&lt;p&gt;{text}&lt;/p&gt;</description></item>")
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Person {n}</title>'
            f"<link>https://p{n}.example/</link>{''.join(items)}</channel></rss>").encode()


def child(tool: str, folder: Path, urls: list[str], workers: int, force: bool) -> dict:
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
        db.update_feeds(workers=workers, scheduled=not force)
        links, unchanged = [e.link for e in db.get_entries()], None
    else:
        project = Project(folder)
        settings = project.settings()
        settings = replace(settings, feeds=replace(settings.feeds, workers=workers))
        summary = update_feeds(project, settings, force=force)
        assert not summary.failed, summary.failed[:3]
        links = [r[0] for r in sqlite3.connect(project.state / "feeds.sqlite").execute("SELECT link FROM entries")]
        unchanged = sum(o.unchanged for o in summary.outcomes)
    wall, after = time.perf_counter() - started, resource.getrusage(resource.RUSAGE_SELF)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    same = hashlib.sha256("\n".join(sorted(links)).encode()).hexdigest()[:12]
    return {"wall": wall, "cpu": cpu, "entries": len(links), "links": same, "unchanged": unchanged,
            "rss_mb": after.ru_maxrss / 1024}


def import_child(folder: Path, source: Path, floor: bool) -> dict:
    """`lip follow --import` of `source` into an empty project, or the floor: parse it, write it."""
    import xml.etree.ElementTree as ET

    from pipeline.feeds.run import import_opml
    from pipeline.project import Project

    started = time.perf_counter()
    if floor:
        tree = ET.parse(source)
        ET.indent(tree)
        text = ET.tostring(tree.getroot(), encoding="utf-8", xml_declaration=True)
        (folder / "floor.opml").write_bytes(text)
        added = duplicates = len(tree.getroot().findall(".//outline[@xmlUrl]"))
    else:
        project = Project(folder)
        merged = import_opml(project, project.settings(), source)
        added, duplicates = len(merged.added), len(merged.duplicates)
    return {"wall": time.perf_counter() - started, "added": added, "duplicates": duplicates}


def run_child(spec: dict) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child"], input=json.dumps(spec), capture_output=True,
                         text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def lip_project(folder: Path, urls: list[str] = ()) -> None:
    from pipeline.feeds.opml import Followed, add_feed, load_tree, save_tree

    (folder / "content").mkdir(parents=True)
    (folder / "mkdocs.yml").write_text("site_name: bench\n")
    tree = load_tree(folder / "content" / "following.opml")
    for n, url in enumerate(urls):
        add_feed(tree, Followed(url, f"Person {n}", "Bench"))
    save_tree(tree, folder / "content" / "following.opml")


def big_opml(path: Path, feeds: int) -> None:
    """An export the size of the issue's (2,107 feeds) in 30 categories, 1 outline in 50 repeated."""
    groups = []
    for c in range(30):
        outlines = "".join(f'<outline type="rss" text="Blog {n}" xmlUrl="https://b{n}.example/feed.xml"/>'
                           for n in range(c, feeds, 30))
        outlines += "".join(f'<outline text="Again {n}" xmlUrl="https://b{n}.example/feed.xml"/>'
                            for n in range(c, feeds, 30 * 50))
        groups.append(f'<outline text="Category {c}">{outlines}</outline>')
    path.write_text(f'<?xml version="1.0"?><opml version="2.0"><head/><body>{"".join(groups)}</body></opml>')


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--feeds", type=int, default=200)
    parser.add_argument("--hosts", type=int, default=20)
    parser.add_argument("--latency", type=float, default=0.2)
    parser.add_argument("--workers", type=int, default=10)
    parser.add_argument("--import-feeds", type=int, default=2107)
    parser.add_argument("--child", action="store_true")
    args = parser.parse_args()
    if args.child:
        spec = json.loads(sys.stdin.read())
        if spec.get("import"):
            print(json.dumps(import_child(Path(spec["folder"]), Path(spec["import"]), spec["floor"])))
        else:
            result = child(spec["tool"], Path(spec["folder"]), spec["urls"], spec["workers"], spec["force"])
            print(json.dumps(result))
        return
    with ExitStack() as stack, tempfile.TemporaryDirectory() as tmp:
        servers = [stack.enter_context(FeedServer(args.latency, host=f"127.0.0.{h + 1}"))
                   for h in range(args.hosts)]
        urls = []
        for n in range(args.feeds):
            server = servers[n % len(servers)]
            server.routes[f"/p{n}.xml"] = Route(feed_body(n))
            urls.append(server.url(f"/p{n}.xml"))
        lip_project(Path(tmp) / "lip", urls)
        (Path(tmp) / "reader").mkdir()
        results = {}
        for tool in ("reader", "lip"):
            folder = Path(tmp) / tool
            results[tool] = []
            for _, force in RUNS:
                asked = sum(len(s.log) for s in servers)
                spec = {"tool": tool, "folder": str(folder), "urls": urls, "workers": args.workers,
                        "force": force}
                results[tool].append(dict(run_child(spec), requests=sum(len(s.log) for s in servers) - asked))
        command = whole_command(Path(tmp) / "lip", servers)
        report(args, results, command)
        report_import(args, Path(tmp))


def whole_command(folder: Path, servers) -> dict:
    """`lip feeds update` once more as the user runs it: a process, imports and all."""
    import os

    asked, started = sum(len(s.log) for s in servers), time.perf_counter()
    subprocess.run([sys.executable, "-m", "pipeline", "-C", str(folder), "feeds", "update"], check=True,
                   capture_output=True, env={**os.environ, "PYTHONPATH": str(REPO)})
    return {"wall": time.perf_counter() - started, "requests": sum(len(s.log) for s in servers) - asked}


def report(args, results: dict, command: dict) -> None:
    lip, reader = results["lip"], results["reader"]
    print(f"{args.feeds} feeds on {args.hosts} hosts, {args.latency:g} s latency per request, "
          f"{args.workers} workers each")
    print("| measure | lip | reader | reader / lip |\n|---|---|---|---|")
    for i, (name, _) in enumerate(RUNS):
        print(f"| {name}: wall | {lip[i]['wall']:.2f} s | {reader[i]['wall']:.2f} s | {reader[i]['wall'] / lip[i]['wall']:.2f}x |")
        print(f"| {name}: CPU | {lip[i]['cpu']:.2f} s | {reader[i]['cpu']:.2f} s | {reader[i]['cpu'] / max(lip[i]['cpu'], 1e-9):.2f}x |")
        print(f"| {name}: HTTP requests | {lip[i]['requests']} | {reader[i]['requests']} | |")
        print(f"| {name}: peak RSS | {lip[i]['rss_mb']:.0f} MB | {reader[i]['rss_mb']:.0f} MB | |")
    same = "same links" if lip[0]["links"] == reader[0]["links"] else "DIFFERENT links"
    print(f"| entries found | {lip[0]['entries']} | {reader[0]['entries']} | {same} |")
    print(f"| feeds answered 304 on the forced update | {lip[2]['unchanged']} of {args.feeds} | | |")
    print(f"| `lip feeds update` again, the whole process (start-up and imports included): wall | "
          f"{command['wall']:.2f} s ({command['requests']} requests) | | |")


def report_import(args, tmp: Path) -> None:
    source = tmp / "export.opml"
    big_opml(source, args.import_feeds)
    lip_project(tmp / "import")
    lip = run_child({"import": str(source), "folder": str(tmp / "import"), "floor": False})
    floor = run_child({"import": str(source), "folder": str(tmp), "floor": True})
    print(f"\n`lip follow --import` of {floor['added']} outlines ({lip['added']} feeds, "
          f"{lip['duplicates']} duplicate outlines reported): {lip['wall']:.3f} s; "
          f"floor (parse + indent + write the same OPML): {floor['wall']:.3f} s; "
          f"lip / floor {lip['wall'] / floor['wall']:.1f}x")


if __name__ == "__main__":
    main()
