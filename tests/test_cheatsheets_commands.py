"""`lip new cheatsheet`: a template that is itself a valid one-page cheatsheet; never overwrites."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from pipeline.cheatsheets.commands import COMMANDS, NEW_COMMANDS
from pipeline.cheatsheets.markup import raw_html_errors
from pipeline.cheatsheets.pdf import render_pdf
from pipeline.cheatsheets.settings import CheatsheetSettings
from pipeline.cheatsheets.sheets import read_cheatsheet
from pipeline.cli import main
from pipeline.errors import ProblemsError


def test_new_cheatsheet_writes_a_valid_one_page_template(tmp_path: Path):
    (tmp_path / "mkdocs.yml").write_text("site_name: t\n")
    result = CliRunner().invoke(main, ["-C", str(tmp_path), "new", "cheatsheet", "PyTorch: tensors!"])
    assert result.exit_code == 0 and "content/cheatsheets/pytorch-tensors.md" in result.output
    path = tmp_path / "content" / "cheatsheets" / "pytorch-tensors.md"
    sheet = read_cheatsheet(path, CheatsheetSettings())
    assert sheet.title == "PyTorch: tensors!" and not raw_html_errors(sheet.body, path, sheet.body_line)
    pdf = render_pdf(sheet, CheatsheetSettings(), tmp_path / "content")
    assert pdf.pages == 1 and "PyTorch: tensors!" in PdfReader(BytesIO(pdf.data)).pages[0].extract_text()


def test_new_cheatsheet_refuses_to_overwrite(tmp_path: Path):
    (tmp_path / "mkdocs.yml").write_text("site_name: t\n")
    path = tmp_path / "content" / "cheatsheets" / "regex.md"
    path.parent.mkdir(parents=True)
    path.write_text("mine\n")
    result = CliRunner().invoke(main, ["-C", str(tmp_path), "new", "cheatsheet", "Regex"])
    assert result.exit_code == 1 and "already exists" in result.output and path.read_text() == "mine\n"
    assert "Traceback" not in result.output


def test_title_without_letters_is_refused(tmp_path: Path):
    (tmp_path / "mkdocs.yml").write_text("site_name: t\n")
    result = CliRunner().invoke(main, ["-C", str(tmp_path), "new", "cheatsheet", "!!!"])
    assert result.exit_code == 1 and "no letters or digits" in result.output
    assert not (tmp_path / "content").exists()


def test_every_command_has_help_text():
    for command in COMMANDS + NEW_COMMANDS:
        assert command.help and "TITLE" in command.help
        assert all(param.help for param in command.params if isinstance(param, click.Option))


def test_a_new_cheatsheet_is_a_draft_left_out_of_the_build_and_previewed(blog_project: Path):
    from pipeline.project import Project
    from pipeline.publish.build import render_docs

    runner = CliRunner()
    assert runner.invoke(main, ["-C", str(blog_project), "new", "cheatsheet", "Regex"]).exit_code == 0
    sheet = read_cheatsheet(blog_project / "content/cheatsheets/regex.md", CheatsheetSettings())
    assert sheet.draft
    built = runner.invoke(main, ["-C", str(blog_project), "build"])
    assert built.exit_code == 0, built.output
    assert ("note: skipped 1 draft cheatsheet (`lip serve` previews them): content/cheatsheets/regex.md"
            in built.output)
    assert not (blog_project / "site/cheatsheets/regex").exists()
    assert "Regex" not in (blog_project / "site/cheatsheets/index.html").read_text(encoding="utf-8")
    previewed, _ = render_docs(Project(blog_project), serve=True)
    assert "cheatsheets/regex.md" in {str(path) for path in previewed}


def test_draft_must_be_true_or_false(tmp_path: Path):
    path = tmp_path / "content/cheatsheets/x.md"
    path.parent.mkdir(parents=True)
    path.write_text("---\ntitle: X\ndraft: soon\n---\n\n## A\n\nb\n")
    with pytest.raises(ProblemsError) as caught:
        read_cheatsheet(path, CheatsheetSettings())
    assert [str(p) for p in caught.value.problems] == [f"{path}:3: draft: expected true or false, got 'soon'"]
