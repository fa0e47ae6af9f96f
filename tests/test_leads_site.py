"""The Leads page: empty state, escaping of untrusted titles, and a real MkDocs build."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

from pipeline.leads.rank import Lead
from pipeline.leads.site import PAGE, leads_page, site_files
from pipeline.leads.state import LeadsRun, write_run
from pipeline.project import BuildContext, Project
from pipeline.publish.build import build
from pipeline.settings import Settings

NOW = datetime(2026, 11, 21, 12, tzinfo=timezone.utc)
EVIL = '<script>alert(1)</script> **bold** [x](javascript:alert(2)) | pipe $x$ \x1b[31m'


def lead(title=EVIL, url="https://github.com/a/b/issues/7", repo="a/b", labels=("good first issue", "<img src=x onerror=alert(3)>")):
    return Lead(repo, 7, title, url, labels, 2, NOW - timedelta(days=9), NOW - timedelta(days=1), 1.0,
                "you import b in 1 note; updated 1 day ago; 2 comments")


def test_empty_state_says_how_to_get_leads(tmp_path):
    result = site_files(BuildContext(Project(tmp_path), Settings(), (), NOW, check=True))
    (page,) = result.files
    assert page.path == PAGE and b"lip leads" in page.data and b"GITHUB_TOKEN" in page.data
    assert not (tmp_path / ".lip").exists()


def test_untrusted_text_is_escaped():
    page = leads_page(LeadsRun((lead(),), NOW))
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "<img" not in page and "&lt;img src=x onerror=alert(3)&gt;" in page
    assert "\x1b" not in page
    assert '<a href="https://github.com/a/b/issues/7">' in page and '<a href="https://github.com/a/b">' in page


def test_links_only_for_http_urls_and_real_repository_names():
    page = leads_page(LeadsRun((lead(url="javascript:alert(1)", repo="a/b\"><x"),), NOW))
    assert 'href="javascript' not in page and "javascript:alert(1)" not in page.split("<tbody>")[1].split("</td>")[1]
    assert 'href="https://github.com/a/b' not in page and "a/b&quot;&gt;&lt;x" in page


def test_partial_run_and_notices_are_shown_escaped():
    run = LeadsRun((), NOW, stopped="GitHub rate limit reached", notices=("skipped repo <a/b>",))
    page = leads_page(run)
    assert "no matching issues" in page and "Partial results" in page and "skipped repo &lt;a/b&gt;" in page


def test_real_mkdocs_build_publishes_escaped_leads(blog_project: Path):
    project = Project(blog_project)
    write_run(project.state, LeadsRun((lead(), lead(title="Add an example", url="https://github.com/c/d/issues/1", repo="c/d")), NOW))
    build(project, now=NOW)
    html = (project.site / "leads" / "index.html").read_text(encoding="utf-8")
    assert "Add an example" in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)" not in html and "<strong>bold</strong>" not in html
    assert html.count('class="lip-leads"') == 1 and "<img src=x" not in html
