"""The Digest pages: empty state, archive and latest, Atom feed with full URLs, hostile entries
escaped, and a real strict MkDocs build of the site."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date, datetime, timezone
from pathlib import Path, PurePosixPath

from pipeline.feeds.digest import Digest, DigestItem, save_digest
from pipeline.feeds.opml import Followed, add_feed, load_tree, save_tree
from pipeline.feeds.site import digest_status, site_files
from pipeline.project import BuildContext, Project
from pipeline.publish.build import build
from pipeline.settings import Settings

NOW = datetime(2026, 11, 21, 12, tzinfo=timezone.utc)
EVIL = '<script>alert(1)</script> **bold** [x](javascript:alert(2)) | $x$ <img src=x onerror=alert(3)>'
ATOM = "{http://www.w3.org/2005/Atom}"


def item(n: int, title: str = "Post", person: str = "Ada", summary: str = "<p>Short <em>summary</em></p>") -> DigestItem:
    return DigestItem(f"k{n}", "https://ada.example/feed", person, "Research", f"{title} {n}",
                      f"https://ada.example/{n}", NOW, summary)


def digests(folder: Path) -> None:
    save_digest(folder, Digest(date(2026, 11, 20), NOW, (item(1),)))
    save_digest(folder, Digest(date(2026, 11, 21), NOW, (item(2, EVIL, EVIL, EVIL), item(3, person="Bob"))))


def files(project: Project, settings: Settings | None = None) -> dict[str, str]:
    result = site_files(BuildContext(project, settings or Settings(), (), NOW, check=True))
    assert result.errors == ()
    return {str(f.path): f.data.decode() for f in result.files}


def test_empty_state_is_for_visitors_and_the_owner_learns_what_to_run(tmp_path):
    project = Project(tmp_path)
    out = files(project)
    assert set(out) == {"digest/index.md", "digest/feed.xml"}
    page = out["digest/index.md"]
    assert "No digest has been published yet" in page
    assert "lip " not in page and "```" not in page and "Run" not in page and "GITHUB_TOKEN" not in page
    assert "`lip follow URL`" in digest_status(project)
    add_feed_to(project)
    assert "`lip feeds update` then `lip digest`" in digest_status(project)
    assert ET.fromstring(out["digest/feed.xml"]).findall(f"{ATOM}entry") == []
    digests(project.content / "digests")
    assert digest_status(project) is None


def add_feed_to(project: Project) -> None:
    tree = load_tree(project.content / "following.opml")
    add_feed(tree, Followed("https://ada.example/feed", "Ada"))
    save_tree(tree, project.content / "following.opml")


def test_pages_archive_and_atom_feed_with_full_urls(tmp_path):
    project = Project(tmp_path)
    digests(project.content / "digests")
    out = files(project, Settings(site_url="https://me.example/site"))
    assert set(out) == {"digest/index.md", "digest/2026-11-20.md", "digest/2026-11-21.md", "digest/feed.xml"}
    index = out["digest/index.md"]
    assert index.index("Bob") < index.index("## Archive") < index.index("(2026-11-21.md)") < index.index("(2026-11-20.md)")
    feed = ET.fromstring(out["digest/feed.xml"])
    entries = feed.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}link").get("href") for e in entries] == [
        "https://me.example/site/digest/2026-11-21/", "https://me.example/site/digest/2026-11-20/"]
    content = entries[0].find(f"{ATOM}content").text
    assert "https://ada.example/3" in content and "<script" not in content and "<img" not in content


def test_only_the_latest_digests_are_published(tmp_path):
    project = Project(tmp_path)
    digests(project.content / "digests")
    settings = Settings()
    from dataclasses import replace
    out = files(project, replace(settings, feeds=replace(settings.feeds, site_digests=1)))
    assert "digest/2026-11-20.md" not in out and "digest/2026-11-21.md" in out


def test_broken_digest_file_is_reported_with_its_name(tmp_path):
    project = Project(tmp_path)
    (project.content / "digests").mkdir(parents=True)
    (project.content / "digests" / "2026-11-19.json").write_text("{")
    result = site_files(BuildContext(project, Settings(), (), NOW, check=True))
    assert len(result.errors) == 1 and "2026-11-19.json:1: not a digest" in str(result.errors[0])
    assert PurePosixPath("digest/index.md") in {f.path for f in result.files}


def test_real_mkdocs_build_publishes_escaped_digest(blog_project: Path):
    project = Project(blog_project)
    digests(project.content / "digests")
    build(project, now=NOW)
    page = (project.site / "digest" / "2026-11-21" / "index.html").read_text(encoding="utf-8")
    assert 'href="https://ada.example/3"' in page and "Bob" in page
    assert "<script>alert(1)" not in page and "<strong>bold</strong>" not in page and "<img src=x" not in page
    assert 'href="javascript:' not in page and "**bold** [x](javascript:alert(2))" in page
    index = (project.site / "digest" / "index.html").read_text(encoding="utf-8")
    assert "2026-11-20/" in index and (project.site / "digest" / "feed.xml").is_file()
