"""The Leads page: empty state, escaping of untrusted titles, and a real MkDocs build."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

from pipeline.leads.rank import Lead
from pipeline.leads.site import PAGE, leads_page, leads_status, site_files
from pipeline.leads.state import LeadsRun, write_run
from pipeline.project import BuildContext, Project
from pipeline.publish.build import build
from pipeline.settings import Settings

NOW = datetime(2026, 11, 21, 12, tzinfo=timezone.utc)
EVIL = '<script>alert(1)</script> **bold** [x](javascript:alert(2)) | pipe $x$ \x1b[31m'


def lead(title=EVIL, url="https://github.com/a/b/issues/7", repo="a/b", labels=("good first issue", "<img src=x onerror=alert(3)>")):
    return Lead(repo, 7, title, url, labels, 2, NOW - timedelta(days=9), NOW - timedelta(days=1), 1.0,
                "you import b in 1 note; updated 1 day ago; 2 comments")


OWNER_WORDS = ("lip ", "GITHUB_TOKEN", "tool.lip", "updated_within_days", "--refresh", "rate limit",
               "skipped")


def test_empty_state_speaks_to_visitors_and_doctor_tells_the_owner(tmp_path):
    """Issue 12: a visitor never sees owner instructions; `lip doctor` gets them from leads_status."""
    result = site_files(BuildContext(Project(tmp_path), Settings(), (), NOW, check=True))
    (page,) = result.files
    text = page.data.decode()
    assert page.path == PAGE and "check back later" in text
    assert not any(word in text for word in OWNER_WORDS)
    assert not (tmp_path / ".lip").exists()
    status = leads_status(Project(tmp_path))
    assert "run `lip leads`" in status and "GITHUB_TOKEN" in status


def test_leads_status_names_what_the_owner_can_do(tmp_path):
    project = Project(tmp_path)
    write_run(project.state, LeadsRun((), NOW))
    assert "found no issues" in leads_status(project) and "updated_within_days" in leads_status(project)
    write_run(project.state, LeadsRun((lead(),), NOW, stopped="GitHub rate limit reached after 3 requests"))
    assert "stopped early: GitHub rate limit reached" in leads_status(project)
    write_run(project.state, LeadsRun((lead(),), NOW, incomplete=True))
    assert "incomplete results" in leads_status(project)
    write_run(project.state, LeadsRun((lead(),), NOW))
    assert leads_status(project) is None


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


def test_partial_runs_and_notices_never_show_owner_words():
    run = LeadsRun((lead(title="Add an example"),), NOW,
                   stopped="GitHub rate limit reached; set GITHUB_TOKEN",
                   notices=("skipped repo <a/b>: GitHub cannot search it", "content/x.ipynb: not readable"))
    page = leads_page(run)
    assert "Add an example" in page and "some may be missing" in page
    assert not any(word in page for word in OWNER_WORDS) and "x.ipynb" not in page
    empty = leads_page(LeadsRun((), NOW, notices=("skipped repo a/b",)))
    assert "check back later" in empty and not any(word in empty for word in OWNER_WORDS)


def test_bidi_and_zero_width_characters_never_reach_the_page():
    sneaky = lead(title="Fix \u202egnp.exe\u202c docs\u200b", labels=("ea\u2066sy",))
    page = leads_page(LeadsRun((sneaky,), NOW))
    assert "Fix gnp.exe docs" in page and "<code>easy</code>" in page
    assert not any(c in page for c in "\u202e\u202c\u200b\u2066")


def test_real_mkdocs_build_publishes_escaped_leads(blog_project: Path):
    project = Project(blog_project)
    write_run(project.state, LeadsRun((lead(), lead(title="Add an example", url="https://github.com/c/d/issues/1", repo="c/d")), NOW))
    build(project, now=NOW)
    html = (project.site / "leads" / "index.html").read_text(encoding="utf-8")
    assert "Add an example" in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)" not in html and "<strong>bold</strong>" not in html
    assert html.count('class="lip-leads"') == 1 and "<img src=x" not in html


def test_real_mkdocs_build_of_the_empty_state_has_no_owner_words(blog_project: Path):
    project = Project(blog_project)
    build(project, now=NOW)
    html = (project.site / "leads" / "index.html").read_text(encoding="utf-8")
    article = html.split("<article", 1)[1].split("</article>", 1)[0]
    assert "check back later" in article and not any(word in article for word in OWNER_WORDS)
