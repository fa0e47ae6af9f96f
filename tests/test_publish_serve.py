"""`lip serve` for real: a server on 127.0.0.1 that rebuilds when content/ changes."""

import gzip
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from conftest import write
from pipeline.project import Project
from pipeline.publish.serve import Preview


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str, want: str, timeout: float = 30.0) -> str:
    """Poll `url` until its text contains `want` (the server rebuilds in the background)."""
    deadline = time.monotonic() + timeout
    text = ""
    while time.monotonic() < deadline:
        try:
            text = urllib.request.urlopen(url, timeout=5).read().decode()
            if want in text:
                return text
        except OSError:
            pass
        time.sleep(0.5)
    raise AssertionError(f"{url} never contained {want!r}; last text: {text[:300]!r}")


def serve(project: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "pipeline", "serve", "-a", f"127.0.0.1:{port}"],
                              cwd=project, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    return server, f"http://127.0.0.1:{port}/"


def stop(server: subprocess.Popen) -> str:
    server.terminate()
    return server.communicate(timeout=30)[0]


def test_serve_previews_drafts_and_rebuilds_on_change(blog_project: Path):
    server, base = serve(blog_project)
    try:
        fetch(base + "blog/2026/01/25/draft/", "Not ready.")
        write(blog_project / "content/posts/new-idea.md",
              "---\ntitle: New idea\ndate: 2026-01-26\n---\n\nFresh words.\n")
        fetch(base + "blog/2026/01/26/new-idea/", "Fresh words.")
        hello = blog_project / "content/posts/hello.md"
        hello.write_text(hello.read_text().replace("First post", "Edited post"))
        fetch(base + "blog/2026/01/05/hello/", "Edited post")
        fetch(base + "blog/", "Edited post")  # the index listing it is rebuilt too
    finally:
        output = stop(server)
    assert f"ready: serving {base}" in output


def test_a_failed_rebuild_names_the_source_file_and_line(blog_project: Path):
    server, base = serve(blog_project)
    try:
        fetch(base + "blog/2026/01/05/hello/", "First post")
        guide = blog_project / "content/posts/guides/gradient-descent.md"
        # Material's blog plugin rejects the post's settings: MkDocs names blog/posts/...
        good = guide.read_text()
        guide.write_text(good.replace("categories:", "readtime: soon\ncategories:").replace("Zebra", "King"))
        time.sleep(6)
        guide.write_text(good.replace("Zebrafinch", "Wren"))  # fixed: the server recovers
        fetch(base + "blog/2026/01/20/gradient-descent/", "Wren")
    finally:
        output = stop(server)
    failure = output.split("rebuild failed", 1)[1]
    assert "content/posts/guides/gradient-descent.md:5" in failure and "readtime" in failure
    assert "blog/posts/" not in failure and "build/docs" not in failure


def test_a_post_with_a_broken_link_is_skipped_and_listed_nowhere(blog_project: Path):
    write(blog_project / "content/posts/broken.md",
          "---\ntitle: Broken thing\ndate: 2026-01-07\n---\n\n[x](missing.md)\n")
    server, base = serve(blog_project)
    try:
        home = fetch(base, "Hello world")
        blog = fetch(base + "blog/", "Hello world")
    finally:
        output = stop(server)
    assert "Broken thing" not in home and "Broken thing" not in blog
    assert "skipped: content/posts/broken.md:6: broken link 'missing.md'" in output


def _tree(site: Path) -> dict[str, bytes]:
    files = {str(p.relative_to(site)): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}
    if "sitemap.xml.gz" in files:  # its gzip header holds the time it was written
        files["sitemap.xml.gz"] = gzip.decompress(files["sitemap.xml.gz"])
    return files


def test_a_rebuild_in_place_leaves_the_folder_a_build_into_an_empty_one_writes(blog_project: Path,
                                                                                tmp_path: Path):
    project = Project(blog_project)
    served = tmp_path / "served"
    served.mkdir()
    preview = Preview(project, served, "http://127.0.0.1:8000/")
    assert preview.rebuild()
    untouched = served / "tags/index.html"
    stamp = untouched.stat().st_mtime_ns
    hello = blog_project / "content/posts/hello.md"
    hello.write_text(hello.read_text().replace("First post", "Edited post"))
    (blog_project / "content/posts/draft.md").unlink()  # its page and folder must go
    assert preview.rebuild()
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    assert Preview(project, fresh, "http://127.0.0.1:8000/").rebuild()
    assert _tree(served) == _tree(fresh)
    assert not (served / "blog/2026/01/25").exists()
    assert untouched.stat().st_mtime_ns == stamp  # the same bytes: not written again
