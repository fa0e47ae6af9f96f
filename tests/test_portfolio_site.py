"""The portfolio's pages in a real `lip build` (MkDocs strict): projects, contributions, the
résumé and its one-page PDF (read back with pypdf), share previews and their meta; no request
during the build; GitHub's text escaped; bad input stops the build before anything is written."""

from __future__ import annotations

import io
import socket
import sys
import threading
from datetime import datetime, timezone
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath

import pytest
from PIL import Image
from pypdf import PdfReader

from pipeline.errors import ProblemsError
from pipeline.portfolio.store import Contribution, PortfolioState, RepoFigures, write_state
from pipeline.portfolio.update import update_portfolio
from pipeline.project import Project
from pipeline.publish.build import build, render_docs

from conftest import DATA, write

sys.path.insert(0, str(DATA / "portfolio"))
from portfolio_server import FakePull, FakeRepo, portfolio_repo, standard_server  # noqa: E402

NOW = datetime(2026, 11, 28, 12, tzinfo=timezone.utc)
HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


class Meta(HTMLParser):
    """`<meta property|name=... content=...>` of a page, and every <script> body."""

    def __init__(self, text: str):
        super().__init__()
        self.meta: dict[str, str] = {}
        self.scripts: list[str] = []
        self._in_script = False
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and (attrs.get("property") or attrs.get("name")):
            self.meta[attrs.get("property") or attrs.get("name")] = attrs.get("content", "")
        self._in_script = tag == "script"

    def handle_data(self, data):
        if self._in_script:
            self.scripts.append(data)


class Listener:
    """A TCP port that counts connections: set as every proxy, it catches any request at all."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen()
        self.connections = 0
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.connections += 1
            conn.close()


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return portfolio_repo(tmp_path / "site")


@pytest.fixture
def updated(repo, monkeypatch) -> Path:
    """The repository after a real `lip portfolio update` (one hostile pull request title)."""
    with standard_server() as server:
        server.pulls.append(FakePull("evil/repo", 1, HOSTILE, "ada", "2026-08-01T00:00:00Z"))
        server.repos["evil/repo"] = FakeRepo("evil/repo", 1, HOSTILE, description=HOSTILE)
        monkeypatch.setenv("GITHUB_API_URL", server.url)
        update_portfolio(Project(repo), NOW)
    return repo


def page(repo: Path, path: str) -> str:
    return (repo / "site" / path).read_text(encoding="utf-8")


def test_build_makes_no_request_at_all(updated, monkeypatch):
    listener = Listener()
    with standard_server() as github:
        for name in ("GITHUB_API_URL", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy"):
            monkeypatch.setenv(name, github.url if name == "GITHUB_API_URL" else listener.url)
        monkeypatch.delenv("NO_PROXY", raising=False)
        monkeypatch.delenv("no_proxy", raising=False)
        build(Project(updated), now=NOW)
    assert github.received == [] and listener.connections == 0
    assert "29,000" in page(updated, "contributions/index.html")


def test_projects_page_and_project_pages(updated):
    build(Project(updated), now=NOW)
    index = page(updated, "projects/index.html")
    assert index.index("A tiny language model") < index.index("Old scraper")  # newest first
    assert "★ 42" in index and 'pushed <time datetime="2026-11-25">3 days ago</time>' in index
    assert 'href="https://example.org/demo"' in index and 'href="https://github.com/ada/tiny-lm"' in index
    assert 'src="tiny-lm/tiny-lm.png"' in index
    story = page(updated, "projects/tiny-lm/index.html")
    assert '<h2 id="the-problem">The problem' in story
    assert 'href="../../blog/2026/01/05/hello/"' in story  # the link to a post, resolved
    assert (updated / "site" / "projects" / "tiny-lm" / "tiny-lm.png").is_file()
    home = page(updated, "index.html")
    assert home.index("Featured projects") < home.index("Latest posts") < home.index("Activity")
    assert "Old scraper" not in home  # not featured


def test_contributions_are_grouped_by_repository_and_escaped(updated):
    build(Project(updated), now=NOW)
    text = page(updated, "contributions/index.html")
    assert text.index("numpy/numpy") < text.index("pandas-dev/pandas") < text.index("evil/repo")
    assert "DOC: fix the broadcasting example" in text and "my own repo" not in text
    assert HOSTILE not in text and "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in text.replace(
        "&quot;", "&#34;"
    )
    for path in ("contributions/index.html", "projects/index.html", "resume/index.html", "index.html"):
        assert not [s for s in Meta(page(updated, path)).scripts if "alert" in s]


def test_resume_page_and_one_page_pdf_with_selectable_text_and_links(updated):
    build(Project(updated), now=NOW)
    html = page(updated, "resume/index.html")
    assert "Ada Test" in html and 'href="resume.pdf"' in html
    assert (
        html.index("Experience") < html.index("Projects") < html.index("Open source") < html.index("Skills")
    )
    pdf = PdfReader(io.BytesIO((updated / "site" / "resume" / "resume.pdf").read_bytes()))
    assert len(pdf.pages) == 1
    text = pdf.pages[0].extract_text()
    assert "Ada Test" in text and "A tiny language model" in text and "numpy/numpy" in text
    links = {a.get_object()["/A"]["/URI"] for a in pdf.pages[0]["/Annots"]}
    assert {
        "mailto:ada@example.org",
        "https://github.com/numpy/numpy",
        "https://test.example/blog-site/projects/tiny-lm/",
    } <= links
    assert float(pdf.pages[0].mediabox.width) == pytest.approx(595.3, abs=1)  # A4


def test_letter_paper_and_a_resume_that_lists_its_own_projects(updated):
    with (updated / "pyproject.toml").open("a") as handle:
        handle.write('\n[tool.lip.portfolio]\npaper = "Letter"\n')
    resume = updated / "content" / "resume.yaml"
    resume.write_text(resume.read_text() + "projects:\n  - name: My own listing\n    type: open source\n")
    build(Project(updated), now=NOW)
    html = page(updated, "resume/index.html")
    assert "My own listing" in html and "Open source" not in html and "A tiny language model" not in html
    pdf = PdfReader(updated / "site" / "resume" / "resume.pdf")
    assert float(pdf.pages[0].mediabox.width) == pytest.approx(612, abs=1)


def test_a_resume_too_long_for_one_page_names_the_sections_to_cut(repo):
    jobs = "".join(
        f"  - name: Company {n}\n    position: Engineer\n    highlights:\n"
        + "".join(
            f"      - Achievement {k} with a long sentence about what was done and why.\n" for k in range(6)
        )
        for n in range(8)
    )
    write(
        repo / "content" / "resume.yaml",
        "basics:\n  name: Ada\nwork:\n" + jobs + "skills:\n  - name: Python\n    keywords: [numpy]\n",
    )
    _, report = render_docs(Project(repo), now=NOW)
    [notice] = [n for n in report.notices if "résumé" in n]
    assert notice.startswith(
        "content/resume.yaml: the résumé takes 2 pages (A4); it must fit one: cut or shorten"
    )
    assert "cut or shorten Experience, Projects, Skills (on page 2 and after)" in notice


def test_share_previews_and_meta_on_posts_and_projects(updated):
    build(Project(updated), now=NOW)
    for path, title in (
        ("blog/2026/01/05/hello/", "Hello world"),
        ("projects/tiny-lm/", "A tiny language model"),
    ):
        meta = Meta(page(updated, path + "index.html")).meta
        image = f"https://test.example/blog-site/{path}preview.png"
        assert meta["og:title"] == meta["twitter:title"] == title
        assert meta["og:image"] == meta["twitter:image"] == image
        assert meta["twitter:card"] == "summary_large_image" and meta["og:url"].endswith(path)
        with Image.open(updated / "site" / path / "preview.png") as png:
            assert png.size == (1200, 630) and png.format == "PNG"
    assert Meta(page(updated, "projects/tiny-lm/index.html")).meta["og:description"] == (
        "Character-level model trained on my own notes."
    )
    assert "og:image" not in Meta(page(updated, "blog/index.html")).meta
    assert not (updated / "site" / ".overrides").exists()


def test_before_any_update_the_pages_say_what_to_run(repo):
    build(Project(repo), now=NOW)
    assert "lip portfolio update" in page(repo, "contributions/index.html")
    assert "★" not in page(repo, "projects/index.html")


def test_bad_input_stops_the_build_with_file_and_line_and_writes_nothing(repo):
    write(repo / "content" / "projects" / "no-date.md", "---\ntitle: T\nsummary: S\n---\n")
    write(
        repo / "content" / "projects" / "no-image.md",
        "---\ntitle: T\nsummary: S\ndate: 2026-01-01\nimage: missing.png\n---\n",
    )
    write(repo / "content" / "resume.yaml", "basics:\n  name: Ada\n  email: 42\n")
    with pytest.raises(ProblemsError) as caught:
        build(Project(repo), now=NOW)
    found = sorted(str(p).split("/content/")[-1] for p in caught.value.problems)
    assert found == [
        "projects/no-date.md:1: missing 'date' in the front matter (a project needs title, summary, date)",
        "projects/no-image.md:5: image: 'missing.png': no such file next to no-image.md",
        'resume.yaml:3: basics.email: 42 must be text here: write it in quotes ("42")',
    ]
    assert not (repo / "build").exists() and not (repo / "site").exists()


def test_state_written_by_hand_with_hostile_figures_is_escaped(repo):
    state = PortfolioState(
        "ada",
        NOW,
        repos=(RepoFigures("ada/tiny-lm", 1, HOSTILE, None, "javascript:x"),),
        contributions=(Contribution("a/b", 1, HOSTILE, "javascript:alert(1)", NOW),),
    )
    write_state(repo / ".lip" / "state", state)
    build(Project(repo), now=NOW)
    for path in ("projects/index.html", "contributions/index.html"):
        text = page(repo, path)
        assert HOSTILE not in text and "javascript:" not in text


def test_check_validates_and_writes_nothing(updated):
    render_docs(Project(updated), now=NOW, check=True)
    assert not (updated / ".lip" / "cache").exists() and not (updated / "build").exists()


def test_zensical_reads_the_same_override_and_writes_the_same_meta(updated):
    """Engine-neutral: the theme override is a plain `custom_dir` with Material's `extrahead`."""
    pytest.importorskip("zensical")
    import subprocess

    build(Project(updated), now=NOW)
    mkdocs_meta = Meta(page(updated, "projects/tiny-lm/index.html")).meta
    done = subprocess.run(
        [sys.executable, "-m", "zensical", "build"], cwd=updated, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stdout + done.stderr
    meta = Meta(page(updated, "projects/tiny-lm/index.html")).meta
    assert (
        meta["og:image"]
        == mkdocs_meta["og:image"]
        == "https://test.example/blog-site/projects/tiny-lm/preview.png"
    )
    assert meta["twitter:card"] == "summary_large_image"
    assert (updated / "site" / "projects" / "tiny-lm" / "preview.png").is_file()
    assert not (updated / "site" / ".overrides").exists()


def test_a_post_links_to_a_project_and_a_project_to_another(repo):
    write(
        repo / "content" / "posts" / "built.md",
        "---\ntitle: What I built\ndate: 2026-02-01\n---\n\nSee [the model](../projects/tiny-lm.md).\n",
    )
    old = repo / "content" / "projects" / "old-scraper.md"
    old.write_text(old.read_text() + "\nIt led to [a tiny LM](tiny-lm.md#the-problem).\n")
    build(Project(repo), now=NOW)
    assert 'href="../../../../../projects/tiny-lm/"' in page(repo, "blog/2026/02/01/built/index.html")
    assert 'href="../tiny-lm/#the-problem"' in page(repo, "projects/old-scraper/index.html")


def test_a_second_build_writes_nothing_and_cards_count_on_their_posts_day(repo):
    """The calendar never reads cards.lock, which the build itself writes (it did: the second build
    rewrote the home page)."""
    write(
        repo / "content" / "posts" / "cards.md",
        "---\ntitle: Cards\ndate: 2026-03-03\n---\n\n"
        "Q: What is a tensor?\nA: An array with a shape.\n\nQ: What is a gradient?\nA: The slope.\n",
    )
    first = build(Project(repo), now=NOW)
    assert (repo / "content" / "cards.lock").is_file() and first.written > 0
    again = build(Project(repo), now=NOW)
    assert (again.written, again.removed) == (0, 0)
    assert "<title>2026-03-03: 1 post, 2 cards</title>" in page(repo, "index.html")


def test_a_kept_resume_follows_each_edit_and_a_broken_one_is_an_error_every_time(repo):
    """The résumé is read and validated once per distinct file (kept in the cache): an edit is
    seen, and a problem is reported by every build, never hidden by an earlier valid reading."""
    project, resume = Project(repo), repo / "content" / "resume.yaml"
    resume_page = lambda: render_docs(project, now=NOW)[0][PurePosixPath("resume/index.md")].data.decode()
    assert "Ada Test" in resume_page()
    resume.write_text(resume.read_text().replace("name: Ada Test", "name: Grace Test"))
    assert "Grace Test" in resume_page() and "Ada Test" not in resume_page()
    resume.write_text(resume.read_text().replace("email: ada@example.org", "email: 42"))
    for _ in range(2):
        with pytest.raises(ProblemsError, match="basics.email: 42 must be text"):
            render_docs(project, now=NOW)
