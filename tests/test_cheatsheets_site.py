"""The cheatsheets stage's docs-folder files: pages in a `lip-cheatsheet` wrapper, the card index,
PDFs (cached), sheets from posts, and every kind of bad input named on its file and line."""

from __future__ import annotations

import shutil
from dataclasses import replace
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path, PurePosixPath

import pytest
from pypdf import PdfReader

from pipeline.cheatsheets.settings import CheatsheetSettings
from pipeline.cheatsheets.site import site_files
from pipeline.project import BuildContext, Project
from pipeline.records import Post
from pipeline.settings import Settings

DATA = Path(__file__).parent / "data" / "cheatsheets" / "site"
NOW = datetime(2026, 11, 21, 12, tzinfo=UTC)
NO_PDF = Settings(cheatsheets=CheatsheetSettings(pdf=False))


@pytest.fixture
def site(tmp_path: Path) -> Project:
    shutil.copytree(DATA, tmp_path / "site")
    return Project(tmp_path / "site")


def files_of(result) -> dict[str, bytes]:
    return {str(f.path): f.data for f in result.files}


def note(project: Project, **extra) -> Post:
    body = ("Prose.\n\n## Shapes\n\n| a | [see](p.md) |\n|---|---|\n| 1 | 2 |\n\n"
            "```python\nprint('hi')\n```\n\nQ: What is a shape?\nA: A tuple of sizes.\n")
    return Post(project.content / "posts/shapes.md", "Shapes", NOW, "shapes", body,
                PurePosixPath("blog/posts/2026/shapes.md"), extra=extra)


def test_pages_index_pdfs_images_and_stylesheet(site: Project):
    result = site_files(BuildContext(site, site.settings(), (), NOW))
    files = files_of(result)
    assert not result.errors and not result.notices and (result.converted, result.cached) == (2, 0)
    assert set(files) == {"cheatsheets/index.md", "cheatsheets/git-basics.md", "cheatsheets/git-basics.pdf",
                          "cheatsheets/regex.md", "cheatsheets/regex.pdf", "assets/cheatsheet.css",
                          "media/cheatsheets/images/branches.svg"}
    page = files["cheatsheets/git-basics.md"].decode()
    assert '<div class="lip-cheatsheet" markdown>\n' in page and page.rstrip().endswith("</div>")
    assert "](../media/cheatsheets/images/branches.svg)" in page and "](regex.md)" in page
    assert "[Download the PDF (Letter landscape)](git-basics.pdf)" in page
    assert "title: Git basics" in page and "| `git merge NAME` | join it in |" in page
    assert len(PdfReader(BytesIO(files["cheatsheets/regex.pdf"])).pages) == 1
    index = files["cheatsheets/index.md"].decode()
    assert '<div class="grid cards" markdown>' in index
    assert index.index("**[Git basics](git-basics.md)**") < index.index("**[Regular expressions](regex.md)**")


def test_unchanged_sheets_are_not_rendered_again(site: Project):
    site_files(BuildContext(site, site.settings(), (), NOW))
    again = site_files(BuildContext(site, site.settings(), (), NOW))
    assert (again.converted, again.cached) == (0, 2)
    path = site.content / "cheatsheets" / "regex.md"
    path.write_text(path.read_text() + "\nOne more line.\n")
    edited = site_files(BuildContext(site, site.settings(), (), NOW))
    assert (edited.converted, edited.cached) == (1, 1)


def test_check_writes_nothing(site: Project):
    before = sorted(p for p in site.root.rglob("*"))
    result = site_files(BuildContext(site, site.settings(), (), NOW, check=True))
    assert "cheatsheets/regex.pdf" in files_of(result) and sorted(site.root.rglob("*")) == before


def test_missing_image_and_raw_html_are_errors_on_their_lines_and_the_rest_builds(site: Project):
    (site.content / "cheatsheets" / "images" / "branches.svg").unlink()
    (site.content / "cheatsheets" / "regex.md").write_text("# Regex\n\n<script>alert(1)</script>\n")
    result = site_files(BuildContext(site, NO_PDF, (), NOW))
    messages = sorted(str(error) for error in result.errors)
    assert len(messages) == 2
    assert "git-basics.md:16: broken link 'images/branches.svg'" in messages[0]
    assert "regex.md:3: raw HTML '<script>'" in messages[1]
    assert set(files_of(result)) == {"cheatsheets/index.md", "assets/cheatsheet.css"}


def test_too_long_sheet_is_a_notice_naming_the_file(site: Project):
    rows = "\n".join(f"- `call_{i}()` does thing number {i}" for i in range(300))
    (site.content / "cheatsheets" / "regex.md").write_text(f"## Calls\n\n{rows}\n")
    (site.content / "cheatsheets" / "git-basics.md").unlink()
    settings = Settings(cheatsheets=CheatsheetSettings(font_size=6, min_font_size=6))
    result = site_files(BuildContext(site, settings, (), NOW))
    (notice,) = result.notices
    assert notice.startswith("content/cheatsheets/regex.md: cheatsheet PDF regex.pdf takes ")
    assert "shorten it to fit on one page" in notice and not result.errors


def test_post_marked_cheatsheet_yields_a_sheet_linking_back(site: Project):
    posts = (note(site, cheatsheet=True), replace(note(site), slug="plain", source=site.content / "posts/p.md",
                                                         output=PurePosixPath("blog/posts/other/page.md")))
    result = site_files(BuildContext(site, NO_PDF, posts, NOW))
    files = files_of(result)
    page = files["cheatsheets/shapes.md"].decode()
    assert "[Read the full post](../blog/posts/2026/shapes.md)" in page
    assert "[see](../blog/posts/other/page.md)" in page  # the post's own links still reach their targets
    assert "print('hi')" in page and "What is a shape?\n:   A tuple of sizes." in page and "Prose." not in page
    assert "cheatsheets/plain.md" not in files
    assert "[full post](../blog/posts/2026/shapes.md)" in files["cheatsheets/index.md"].decode()


def test_bad_cheatsheet_flag_is_an_error_on_the_post(site: Project):
    result = site_files(BuildContext(site, NO_PDF, (note(site, cheatsheet="often"),), NOW))
    (error,) = result.errors
    assert "posts/shapes.md: cheatsheet: expected true or false" in str(error)


def test_empty_site_still_has_an_index_that_says_how_to_start(tmp_path: Path):
    result = site_files(BuildContext(Project(tmp_path), Settings(), (), NOW))
    index = files_of(result)["cheatsheets/index.md"].decode()
    assert 'lip new cheatsheet "NumPy essentials"' in index and "cheatsheet: true" in index
    assert not any(tmp_path.iterdir())


def test_pdfs_off_gives_pages_without_pdf_links(site: Project):
    files = files_of(site_files(BuildContext(site, NO_PDF, (), NOW)))
    assert not [name for name in files if name.endswith(".pdf")]
    assert ".pdf" not in files["cheatsheets/git-basics.md"].decode() + files["cheatsheets/index.md"].decode()


def test_serve_previews_render_unbalanced_pdfs_under_their_own_cache_key(site: Project):
    site_files(BuildContext(site, site.settings(), (), NOW))
    served = site_files(BuildContext(site, site.settings(), (), NOW, serve=True))
    assert (served.converted, served.cached) == (2, 0)  # a different layout, so not the build's PDFs
    pdfs = {name: data for name, data in files_of(served).items() if name.endswith(".pdf")}
    assert len(pdfs) == 2 and all(len(PdfReader(BytesIO(data)).pages) == 1 for data in pdfs.values())
