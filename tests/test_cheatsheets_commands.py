"""`lip new cheatsheet`: a template that is itself a valid one-page cheatsheet; never overwrites."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import click
from click.testing import CliRunner
from pypdf import PdfReader

from pipeline.cheatsheets.commands import COMMANDS, NEW_COMMANDS
from pipeline.cheatsheets.markup import raw_html_errors
from pipeline.cheatsheets.pdf import render_pdf
from pipeline.cheatsheets.settings import CheatsheetSettings
from pipeline.cheatsheets.sheets import read_cheatsheet
from pipeline.cli import main


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
