"""Notebook posts vs mkdocs-jupyter: cold build, no-change rebuild, one-edit rebuild, peak memory.

Both sites are built from one generated corpus (notebooks with code, a PNG, an HTML table, a
Plotly figure and stdout; plus Markdown notes), each build in its own process so peak memory
(ru_maxrss) is per build. lip: `lip build` (render + strict MkDocs Material blog build).
Peer: MkDocs Material with the mkdocs-jupyter plugin on the same notebooks and notes.

With --corpus DIR, the notebooks are a folder of real third-party notebooks instead (lip's copy
gets a `date` added to each notebook's metadata, nothing else; folders beside them, such as
figures/, are copied to both sites). The peer's own cache (.cache/mkdocs-jupyter) is cleared
before every cold build.

Run: .venv/bin/python benchmarks/notebooks_bench.py --notebooks 40 --notes 120 --repeat 3
     .venv/bin/python benchmarks/notebooks_bench.py --corpus DIR --notes 0 --repeat 2
(mkdocs-jupyter is a benchmark-only dependency: .venv/bin/pip install mkdocs-jupyter)
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import resource
import shutil
import struct
import subprocess
import sys
import tempfile
import time
import zlib
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PEER_YML = """site_name: Peer
docs_dir: docs
site_dir: site
theme: {name: material, font: false}
plugins:
  - search
  - mkdocs-jupyter:
      include_source: true
markdown_extensions: [admonition, attr_list, md_in_html, tables, pymdownx.details, pymdownx.superfences,
  {pymdownx.arithmatex: {generic: true}}]
"""


def png(width: int = 160, height: int = 120, seed: int = 0) -> bytes:
    rows = b"".join(b"\x00" + bytes((x * 7 + y * 3 + seed) % 256 for x in range(width * 3)) for y in range(height))
    chunk = lambda kind, data: (struct.pack(">I", len(data)) + kind + data
                                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def notebook(i: int) -> dict:
    table = "<table class='dataframe'><tr><th>x</th><th>y</th></tr>" + "".join(
        f"<tr><td>{r}</td><td>{r * i % 97}</td></tr>" for r in range(30)) + "</table>"
    figure = {"data": [{"type": "scatter", "x": list(range(200)), "y": [(x * i) % 37 for x in range(200)]}],
              "layout": {"title": {"text": f"Figure {i}"}}}
    cell = lambda kind, source, **more: {"cell_type": kind, "metadata": {}, "source": source, **more}
    code = lambda source, outputs: cell("code", source, execution_count=1, outputs=outputs)
    return {"nbformat": 4, "nbformat_minor": 5, "metadata": {
        "title": f"Notebook {i}", "date": f"2026-01-{1 + i % 28:02d}", "kernelspec": {"name": "python3", "display_name": "Python 3"},
        "language_info": {"name": "python"}}, "cells": [
        cell("markdown", f"# Notebook {i}\n\nExperiment {i} with softmax and gradient descent.\n\n## Setup"),
        code("import numpy as np\nx = np.arange(10)\nprint(x.sum())", [{"output_type": "stream", "name": "stdout", "text": "45\n" * 200}]),
        cell("markdown", "## A plot\n\n$$ y = \\sigma(x) $$"),
        code("plt.plot(x)", [{"output_type": "display_data", "metadata": {}, "data": {
            "image/png": base64.b64encode(png(seed=i)).decode(), "text/plain": "<Figure>"}}]),
        code("df", [{"output_type": "execute_result", "execution_count": 2, "metadata": {}, "data": {
            "text/html": table, "text/plain": "df"}}]),
        code("fig", [{"output_type": "display_data", "metadata": {}, "data": {
            "application/vnd.plotly.v1+json": figure, "text/html": "<div>plotly</div>", "text/plain": "Figure"}}]),
    ]}


def note(i: int) -> str:
    body = "\n\n".join(f"## Part {p}\n\nLearning note {i}, part {p}: matrices, vectors and gradients. " * 3 for p in range(5))
    return f"---\ntitle: Note {i}\ndate: 2026-02-{1 + i % 28:02d}\ntags: [ml]\n---\n\nSummary {i}.\n\n<!-- more -->\n\n{body}\n"


def make_corpus(root: Path, notebooks: int, notes: int, real: Path | None = None,
                leave_out: tuple[str, ...] = ()) -> tuple[Path, Path]:
    ours, peer = root / "lip", root / "peer"
    (ours / "content/notebooks").mkdir(parents=True)
    (ours / "content/posts").mkdir(parents=True)
    (peer / "docs/notebooks").mkdir(parents=True)
    (peer / "docs/notes").mkdir(parents=True)
    shutil.copy(REPO / "mkdocs.yml", ours / "mkdocs.yml")
    (ours / "pyproject.toml").write_text('[tool.lip]\nauthor = "Bench"\nrepo_url = "https://github.com/bench/site"\n')
    (peer / "mkdocs.yml").write_text(PEER_YML)
    (peer / "docs/index.md").write_text("# Peer\n")
    if real:
        copy_real(real, ours / "content/notebooks", peer / "docs/notebooks", leave_out)
    for i in range(0 if real else notebooks):
        text = json.dumps(notebook(i), indent=1)
        (ours / f"content/notebooks/nb{i:03d}.ipynb").write_text(text)
        (peer / f"docs/notebooks/nb{i:03d}.ipynb").write_text(text)
    for i in range(notes):
        (ours / f"content/posts/note{i:03d}.md").write_text(note(i))
        (peer / f"docs/notes/note{i:03d}.md").write_text(note(i))
    return ours, peer


def copy_real(real: Path, ours: Path, peer: Path, leave_out: tuple[str, ...]) -> None:
    """Real notebooks as a learner brings them: lip's copies get a date, nothing else."""
    for i, path in enumerate(sorted(p for p in real.glob("*.ipynb") if p.name not in leave_out)):
        data = json.loads(path.read_text("utf-8"))
        if data.get("metadata", {}).pop("widgets", None) is not None:
            # mkdocs-jupyter 0.26.3 crashes on widget metadata without a saved widget state
            (peer / path.name).write_text(json.dumps(data, indent=1), "utf-8")
        else:
            shutil.copy(path, peer / path.name)
        data = json.loads(path.read_text("utf-8"))
        data.setdefault("metadata", {})["date"] = f"2025-{1 + i // 28 % 12:02d}-{1 + i % 28:02d}"
        (ours / path.name).write_text(json.dumps(data, indent=1), "utf-8")
    for folder in (p for p in real.iterdir() if p.is_dir()):
        shutil.copytree(folder, ours / folder.name)
        shutil.copytree(folder, peer / folder.name)


def timed(command: list[str], cwd: Path) -> tuple[float, float, str, float]:
    """Wall seconds, peak memory (MB), stdout and CPU seconds (user + sys, the build's own
    processes included) of one build in its own process."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    out, err = process.communicate()
    status = process.returncode
    seconds = time.perf_counter() - started
    if status:
        raise SystemExit(f"{command} failed:\n{err[-2000:]}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return seconds, _peak_mb(out), out, cpu


def _peak_mb(out: str) -> float:
    line = [l for l in out.splitlines() if l.startswith("PEAK_KB=")]
    return int(line[-1].split("=")[1]) / 1024 if line else float("nan")


def lip_build(project: str) -> None:
    """Child process: one `lip build`, printing its own timings and peak memory.

    A build that fails only at lip's link check of the built site has done all its work; it is
    timed like any other and counted (BROKEN=n), so the table can say so.
    """
    sys.path.insert(0, str(REPO))
    import resource

    from pipeline.errors import ProblemsError
    from pipeline.project import Project
    from pipeline.publish.build import build
    started = time.perf_counter()
    try:
        report = build(Project(Path(project)))
        print(f"RENDER={report.render_seconds:.3f} MKDOCS={report.mkdocs_seconds:.3f} CONVERTED={report.converted}")
    except ProblemsError as exc:
        if not all("broken link" in str(p) and "on the built page" in str(p) for p in exc.problems):
            raise
        print(f"RENDER=? MKDOCS=? BROKEN={len(exc.problems)} TOTAL={time.perf_counter() - started:.3f}")
    print(f"PEAK_KB={resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}")


def peer_build(project: str) -> None:
    import resource

    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    build(load_config(str(Path(project) / "mkdocs.yml")))
    print(f"PEAK_KB={resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}")


def edit_one(path: Path) -> None:
    data = json.loads(path.read_text())
    cell = next(c for c in data["cells"] if c["cell_type"] == "markdown")
    source = cell["source"]
    cell["source"] = source + "\n\nEdited." if isinstance(source, str) else source + ["\n\nEdited."]
    path.write_text(json.dumps(data, indent=1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--notebooks", type=int, default=40)
    parser.add_argument("--notes", type=int, default=120)
    parser.add_argument("--repeat", type=int, default=1, help="rounds; each measure keeps its fastest")
    parser.add_argument("--corpus", type=Path, help="a folder of real notebooks instead of generated ones")
    parser.add_argument("--leave-out", nargs="*", default=(), help="notebook file names of --corpus to skip")
    parser.add_argument("--child", nargs=2, metavar=("KIND", "DIR"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return (lip_build if args.child[0] == "lip" else peer_build)(args.child[1])
    runs = [one_round(args) for _ in range(args.repeat)]
    # Shared cores: the fastest of the repeats is the least disturbed measurement of each build.
    rows = {name: [min((r[name][i] for r in runs), key=lambda m: m[0]) for i in range(3)]
            + [runs[0][name][3]] for name in runs[0]}
    report(rows, args)


def one_round(args) -> dict:
    """Cold, no-change and one-edit builds of both tools on a fresh corpus, interleaved."""
    with tempfile.TemporaryDirectory() as tmp:
        ours, peer = make_corpus(Path(tmp), args.notebooks, args.notes, args.corpus,
                                 tuple(args.leave_out))
        me = [PYTHON, str(Path(__file__).resolve()), "--child"]
        edited = sorted(p.name for p in (peer / "docs/notebooks").glob("*.ipynb"))[3]
        tools = {"lip": ("lip", ours, ours / "content/notebooks" / edited),
                 "mkdocs-jupyter": ("peer", peer, peer / "docs/notebooks" / edited)}
        rows: dict = {name: [] for name in tools}
        for step in ("cold", "again", "edit"):
            for name, (kind, path, edit) in tools.items():
                if step == "cold":
                    shutil.rmtree(path / ".cache", ignore_errors=True)  # the peer's own cache
                if step == "edit":
                    edit_one(edit)
                rows[name].append(timed(me + [kind, str(path)], path))
        for name, (_, path, _) in tools.items():
            index = path / "site/search/search_index.json"  # absent if lip's link check stopped it
            rows[name].append(index.stat().st_size / 1e6 if index.is_file() else float("nan"))
        return rows


def report(rows: dict, args) -> None:
    what = f"{args.corpus.name} (real notebooks)" if args.corpus else f"{args.notebooks} notebooks"
    print(f"\n{what} + {args.notes} notes, fastest of {args.repeat} rounds\n")
    print("| measure | lip | mkdocs-jupyter | lip / peer |\n|---|---|---|---|")
    labels = ("cold build", "no-change rebuild", "rebuild after editing one notebook")
    for i, label in enumerate(labels):
        ours, peer = rows["lip"][i][0], rows["mkdocs-jupyter"][i][0]
        print(f"| {label} | {ours:.2f} s | {peer:.2f} s | {ours / peer:.2f} |")
    for i, label in enumerate(labels):
        ours, peer = rows["lip"][i][3], rows["mkdocs-jupyter"][i][3]
        print(f"| {label}, CPU (user + sys) | {ours:.2f} s | {peer:.2f} s | {ours / peer:.2f} |")
    peak = lambda name: max(r[1] for r in rows[name][:3])
    print(f"| peak memory (largest of the three builds) | {peak('lip'):.0f} MB | {peak('mkdocs-jupyter'):.0f} MB | "
          f"{peak('lip') / peak('mkdocs-jupyter'):.2f} |")
    print(f"| search_index.json | {rows['lip'][3]:.2f} MB | {rows['mkdocs-jupyter'][3]:.2f} MB | "
          f"{rows['lip'][3] / rows['mkdocs-jupyter'][3]:.2f} |")
    for label, run in zip(labels, rows["lip"][:3]):
        print(f"lip {label}: {next(l for l in run[2].splitlines() if l.startswith('RENDER'))}")


if __name__ == "__main__":
    main()
