"""`lip serve` vs `mkdocs serve`: seconds from saving a file to the served page showing the change.

Both servers run at once on 127.0.0.1, on the same site: lip serves the project (300 generated
notes + 40 notebooks by default, or the repository's example site with --example); the peer is
`mkdocs serve` on a copy of the docs folder lip generated for that project, with the same
mkdocs.yml. Each round edits one post in each tool (the note's source for lip, its docs file for
the peer), interleaved, and polls the post's URL until the new text appears. The median of the
rounds is reported with the peer / lip ratio.

Run: .venv/bin/python benchmarks/serve_bench.py --notes 300 --notebooks 40 --rounds 5
     .venv/bin/python benchmarks/serve_bench.py --example --rounds 5
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from notebooks_bench import make_corpus  # noqa: E402  (the same generated corpus)

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, text: str, timeout: float = 600.0) -> float:
    """Seconds until `url` answers with `text` in it (polled every 20 ms)."""
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        try:
            if text in urllib.request.urlopen(url, timeout=10).read().decode():
                return time.perf_counter() - started
        except OSError:
            pass
        time.sleep(0.02)
    raise SystemExit(f"{url} never showed {text!r}")


def start(command: list[str], cwd: Path) -> subprocess.Popen:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONPATH=str(REPO))
    return subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def project(args, root: Path) -> tuple[Path, str]:
    """The lip project and the slug of the post the rounds edit."""
    if args.example:
        ours = root / "lip"
        ours.mkdir()
        for name in ("content", "mkdocs.yml", "pyproject.toml"):
            source = REPO / name
            (shutil.copytree if source.is_dir() else shutil.copy)(source, ours / name)
        return ours, "first-week"
    ours, _ = make_corpus(root, args.notebooks, args.notes)
    return ours, "note007"


def source_file(ours: Path, slug: str) -> Path:
    return next(p for p in (ours / "content/posts").rglob("*.md") if p.stem == slug)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--notes", type=int, default=300)
    parser.add_argument("--notebooks", type=int, default=40)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--example", action="store_true", help="the repository's example site instead")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        ours, slug = project(args, Path(tmp))
        subprocess.run([str(BIN / "lip"), "build"], cwd=ours, check=True, capture_output=True,
                       env=dict(os.environ, PYTHONPATH=str(REPO)))
        peer = Path(tmp) / "mkdocs-serve"
        peer.mkdir()
        shutil.copy(ours / "mkdocs.yml", peer / "mkdocs.yml")
        shutil.copytree(ours / "build/docs", peer / "build/docs")
        page = next((ours / "site/blog").glob(f"*/*/*/{slug}/index.html")).parent.relative_to(ours / "site")
        ports = {"lip": free_port(), "mkdocs serve": free_port()}
        edits = {"lip": source_file(ours, slug),
                 "mkdocs serve": peer / "build/docs/blog/posts" / f"{slug}.md"}
        servers = [start([str(BIN / "lip"), "serve", "-a", f"127.0.0.1:{ports['lip']}"], ours),
                   start([str(BIN / "mkdocs"), "serve", "-a", f"127.0.0.1:{ports['mkdocs serve']}"], peer)]
        try:
            for name, port in ports.items():
                wait_for(f"http://127.0.0.1:{port}/{page}/", "<html")
            times = measure(args.rounds, ports, edits, page)
        finally:
            for server in servers:
                server.terminate()
                server.wait(timeout=30)
    report(args, times)


def measure(rounds: int, ports: dict, edits: dict, page: Path) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {name: [] for name in ports}
    for number in range(rounds):
        for name, port in ports.items():
            token = f"Edited in round {number} for {name.split()[0]}."
            path = edits[name]
            path.write_text(path.read_text() + f"\n{token}\n")
            times[name].append(wait_for(f"http://127.0.0.1:{port}/{page}/", token))
            time.sleep(1.0)  # let the server settle before the other tool's edit
    return times


def report(args, times: dict[str, list[float]]) -> None:
    what = "example site" if args.example else f"{args.notes} notes + {args.notebooks} notebooks"
    lip, peer = statistics.median(times["lip"]), statistics.median(times["mkdocs serve"])
    print(f"\n{what}, save -> page shows the change, median of {args.rounds} rounds\n")
    print("| measure | lip serve | mkdocs serve | lip / peer |\n|---|---|---|---|")
    print(f"| save -> reloaded page | {lip:.2f} s | {peer:.2f} s | {lip / peer:.2f} |")
    print(f"rounds: lip {[round(t, 2) for t in times['lip']]}, "
          f"mkdocs serve {[round(t, 2) for t in times['mkdocs serve']]}")


if __name__ == "__main__":
    main()
