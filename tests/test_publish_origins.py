"""Messages about docs files name the user's source and line, worked out only when asked."""

from pathlib import Path, PurePosixPath

from conftest import write
from pipeline.project import Project
from pipeline.publish import origins
from pipeline.publish.origins import origins_of
from pipeline.records import OutputFile


def test_sources_and_lines_are_read_only_for_the_message_that_quotes_them(tmp_path: Path, monkeypatch):
    project = Project(tmp_path)
    posts = {name: write(tmp_path / f"content/posts/{name}.md", f"# {name}\n\nSee [x]({name}-gone.md).\n")
             for name in ("one", "two", "three")}
    files = {PurePosixPath(f"blog/posts/{name}.md"): OutputFile(PurePosixPath(f"blog/posts/{name}.md"), b"",
                                                               str(path)) for name, path in posts.items()}
    files[PurePosixPath("tags.md")] = OutputFile(PurePosixPath("tags.md"), b"", "tags page")
    read: list[Path] = []
    text = origins._text
    monkeypatch.setattr(origins, "_text", lambda path: read.append(path) or text(path))
    found = origins_of(project, files)
    assert read == []  # nothing read while nothing is said
    message = found.explain("Doc file 'blog/posts/two.md' contains a link 'two-gone.md', not found")
    assert message == "Doc file 'content/posts/two.md:3' contains a link 'two-gone.md', not found"
    assert read == [posts["two"]]
    assert found.source("tags.md") == "tags page (generated)"
    assert found.source("elsewhere.md") == "elsewhere.md (generated)"
