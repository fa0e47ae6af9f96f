"""The link check of the built site: real builds, and the resolution rules on small sites."""

from datetime import datetime, timezone
from pathlib import Path

import pytest

from conftest import write
from pipeline.errors import ProblemsError
from pipeline.project import Project
from pipeline.publish.build import build
from pipeline.publish.sitecheck import broken_links

NOW = datetime(2026, 6, 1, tzinfo=timezone.utc)


def site(tmp_path: Path, pages: dict[str, str]) -> Path:
    for path, text in pages.items():
        write(tmp_path / path, text)
    return tmp_path


def test_relative_root_relative_and_full_site_urls_are_checked(tmp_path: Path):
    root = site(tmp_path, {
        "index.html": '<a href="blog/">b</a><img src="img/a.png"><a href="/sub/blog/x/">gone</a>',
        "blog/index.html": '<a href="../">home</a><a href="../index.html#top">top</a>'
                           '<link href="https://example.test/sub/blog/">'
                           '<a href="https://example.test/sub/missing.html">gone</a>',
        "img/a.png": "png",
    })
    found = [(b.page, b.link) for b in broken_links(root, "https://example.test/sub/")]
    assert found == [("blog/index.html", "https://example.test/sub/missing.html"),
                     ("index.html", "/sub/blog/x/")]


def test_external_anchor_and_other_scheme_links_are_not_checked(tmp_path: Path):
    root = site(tmp_path, {"index.html": (
        '<a href="#x">a</a><a href="https://other.test/x">b</a><a href="mailto:a@b.c">c</a>'
        '<a href="//cdn.test/x.js">d</a><script src="data:text/javascript,1"></script><a href="?q=1">e</a>'
    )})
    assert broken_links(root, "https://example.test/") == []


def test_a_link_out_of_the_site_folder_is_broken(tmp_path: Path):
    root = site(tmp_path, {"blog/index.html": '<a href="../../up.html">x</a>'})
    assert [b.link for b in broken_links(root)] == ["../../up.html"]


def test_build_fails_naming_the_source_and_keeps_the_old_site(blog_project: Path):
    project = Project(blog_project)
    build(project, now=NOW)
    before = (blog_project / "site/index.html").read_bytes()
    post = blog_project / "content/posts/hello.md"
    # an <a>/<img> is resolved through the index before the build; an iframe only the site check sees
    post.write_text(post.read_text() + '\n<iframe src="../../../../nowhere/"></iframe>\n')
    with pytest.raises(ProblemsError) as caught:
        build(project, now=NOW)
    lines = [str(p) for p in caught.value.problems]
    # the page only: excerpts on the blog index, archive and category pages end at the first paragraph
    assert len(lines) == 1 and all(line.startswith("content/posts/hello.md: broken link") for line in lines)
    assert any("'../../../../nowhere/' on the built page blog/2026/01/05/hello/index.html" in line
               for line in lines)
    assert (blog_project / "site/index.html").read_bytes() == before
    assert not list(blog_project.glob(".site-*"))


def test_links_are_read_as_a_browser_reads_them_and_excerpt_links_belong_to_their_post():
    from pipeline.publish.sitecheck import _links

    html = """<html><body><a HREF="a.html?x=1&amp;y=2">a</a><img src='b.png'>
<article class="md-post md-post--excerpt"><a href="../c.md">before title</a>
<h2><a class="toclink" href="../posts/c/">C</a></h2><p><a href="d/">d</a></p></article>
<article class="md-post"><a href="e/">e</a></article><!-- <a href="f/"> --><script>"<a href='g/'>"</script>
<a href="">empty</a></body></html>"""
    assert list(_links(html)) == [("a.html?x=1&y=2", ""), ("b.png", ""), ("../c.md", ""),
                                  ("../posts/c/", "../posts/c/"), ("d/", "../posts/c/"), ("e/", "")]
