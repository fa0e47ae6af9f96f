"""The one site index: every source -> docs path -> URL; drafts absent for `lip build`."""

from datetime import datetime, timezone
from pathlib import Path, PurePosixPath

from conftest import write
from pipeline.content.index import SOURCE_KINDS, Entry, Sources, build_index, page_url
from pipeline.project import Project
from pipeline.publish.read import read_site

NOW = datetime(2026, 6, 1, tzinfo=timezone.utc)


def sources(root: Path, serve: bool = False) -> Sources:
    project = Project(root)
    posts, _index, _result = read_site(project, project.settings(), NOW, serve=True)
    return Sources(project, project.settings(), posts, NOW, serve)


def test_published_posts_cheatsheets_and_about_have_urls(blog_project: Path):
    write(blog_project / "content/cheatsheets/Git Basics.md", "# Git\n")
    write(blog_project / "content/about.md", "About me.\n")
    index = build_index(sources(blog_project))
    content = blog_project / "content"
    assert index.url_of(content / "posts/hello.md") == "blog/2026/01/05/hello/"
    assert index.entry(content / "posts/hello.md").output == PurePosixPath("blog/posts/hello.md")
    assert index.url_of(content / "cheatsheets/Git Basics.md") == "cheatsheets/git-basics/"
    assert index.url_of(content / "about.md") == ""


def test_drafts_and_future_posts_are_absent_for_build_and_present_for_serve(blog_project: Path):
    content = blog_project / "content"
    built, served = build_index(sources(blog_project)), build_index(sources(blog_project, serve=True))
    for name in ("draft.md", "future.md"):
        assert built.entry(content / "posts" / name) is None
        assert built.resolve(name, content / "posts/hello.md").problem.endswith("points at a draft or future post")
        assert served.entry(content / "posts" / name) is not None
    assert built.resolve("img/dot.svg", content / "posts/hello.md").output == PurePosixPath("media/posts/img/dot.svg")
    assert built.resolve("https://x.org", content / "posts/hello.md") is None


def test_a_source_kind_is_one_function(blog_project: Path):
    resume = write(blog_project / "content/resume.md", "# Me\n")

    def resume_entries(found: Sources):
        yield Entry(resume.resolve(), PurePosixPath("resume.md"), page_url(PurePosixPath("resume.md")), "resume")

    index = build_index(sources(blog_project), (*SOURCE_KINDS, resume_entries))
    assert index.url_of(resume) == "resume/"
    assert index.resolve("../resume.md#work", blog_project / "content/posts/hello.md").url == "resume/"
