"""Reusing unchanged pages in `lip serve` gives exactly the site a fresh build gives."""

from pathlib import Path

from pipeline.project import Project
from pipeline.publish.serve import Preview

URL = "http://127.0.0.1:9/"


def pages(site: Path) -> dict[str, str]:
    return {str(p.relative_to(site)): p.read_text() for p in sorted(site.rglob("*.html"))}


def fresh(project: Project, site: Path) -> dict[str, str]:
    assert Preview(project, site, URL).rebuild()
    return pages(site)


def test_warm_rebuilds_equal_fresh_builds_after_edits(blog_project: Path, tmp_path: Path):
    project = Project(blog_project)
    warm = Preview(project, tmp_path / "warm", URL)
    assert warm.rebuild()
    hello = blog_project / "content/posts/hello.md"
    edits = [
        ("First post", "A changed first post"),  # body: the post, its excerpts
        ("title: Hello world", "title: Hello there"),  # title: every index listing it
        ("tags: [intro]", "tags: [intro, extra]"),  # tags: the tags page and the post
    ]
    for old, new in edits:
        assert old in hello.read_text(), old
        hello.write_text(hello.read_text().replace(old, new))
        assert warm.rebuild()
        assert warm.plugin.reused > 0  # some pages really were reused...
        assert pages(tmp_path / "warm") == fresh(project, tmp_path / f"fresh-{len(new)}")  # ...correctly
