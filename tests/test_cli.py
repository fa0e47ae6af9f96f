"""The `lip` command: help everywhere, one clear line per user mistake, no tracebacks."""

import ast
import subprocess
import sys
from datetime import date
from pathlib import Path

import click
from click.testing import CliRunner

from conftest import write
from pipeline.cli import main


def all_commands(group: click.Group, prefix=("lip",)):
    for name, command in group.commands.items():
        yield prefix + (name,), command
        if isinstance(command, click.Group):
            yield from all_commands(command, prefix + (name,))


def test_every_command_and_option_has_help():
    missing = []
    for path, command in all_commands(main):
        if not (command.help or command.short_help):
            missing.append(" ".join(path))
        for param in command.params:
            if isinstance(param, click.Option) and not param.help and not param.hidden:
                missing.append(f"{' '.join(path)} {param.opts[0]}")
    assert missing == []
    assert {"build", "check", "serve", "new"} <= set(main.commands)


def test_python_dash_m_pipeline_is_lip():
    out = subprocess.run([sys.executable, "-m", "pipeline", "--help"], capture_output=True, text=True)
    assert out.returncode == 0 and "build" in out.stdout


HEAVY_MODULES = ("mkdocs", "github", "genanki", "weasyprint", "nbconvert", "anki", "requests", "yaml")


def test_help_imports_no_stage_library():
    """`lip --help` lists every command without importing what the commands use (slow to load)."""
    code = """if True:  # `python -m pipeline --help`, then the top-level modules it loaded
        import runpy, sys
        sys.argv = ["lip", "--help"]
        try:
            runpy.run_module("pipeline", run_name="__main__")
        except SystemExit:
            pass
        print(sorted({name.split(".")[0] for name in sys.modules}))
    """
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert "portfolio" in out.stdout and "feeds" in out.stdout  # the help listed the stages' commands
    loaded = set(ast.literal_eval(out.stdout.strip().splitlines()[-1]))
    assert loaded & set(HEAVY_MODULES) == set()


# What only MkDocs, fetching (GitHub, PyPI, feeds), notebook conversion, PDFs and previews need.
NOT_FOR_A_NO_CHANGE_BUILD = ("mkdocs", "material", "jinja2", "github", "requests", "feedparser", "jsonschema",
                             "packaging", "nbconvert", "nbformat", "weasyprint", "PIL")


def test_a_no_change_build_imports_only_what_it_uses(blog_project: Path):
    """`lip build` with nothing changed skips MkDocs: it loads neither MkDocs nor a network library."""
    code = f"""if True:  # `python -m pipeline -C ROOT build`, then the top-level modules it loaded
        import runpy, sys
        sys.argv = ["lip", "-C", {str(blog_project)!r}, "build"]
        try:
            runpy.run_module("pipeline", run_name="__main__")
        except SystemExit as exc:
            assert not exc.code, exc.code
        print(sorted({{name.split(".")[0] for name in sys.modules}}))
    """
    first = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert first.returncode == 0, first.stderr
    assert set(ast.literal_eval(first.stdout.strip().splitlines()[-1])) >= {"mkdocs", "jinja2"}  # it built
    again = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert again.returncode == 0 and "mkdocs skipped: nothing changed" in again.stdout, again.stderr
    loaded = set(ast.literal_eval(again.stdout.strip().splitlines()[-1]))
    assert loaded & set(NOT_FOR_A_NO_CHANGE_BUILD) == set()


def test_new_post_writes_valid_front_matter(blog_project: Path):
    runner = CliRunner()
    result = runner.invoke(main, ["-C", str(blog_project), "new", "post", "Linear Regression, Part 1"])
    assert result.exit_code == 0, result.output
    path = blog_project / "content/posts/linear-regression-part-1.md"
    text = path.read_text()
    assert "title: Linear Regression, Part 1" in text and f"date: {date.today().isoformat()}" in text
    assert "draft: true" in text  # a new post is published only once its author says so
    again = runner.invoke(main, ["-C", str(blog_project), "new", "post", "Linear Regression, Part 1"])
    assert again.exit_code == 1 and "already exists" in again.output
    check = runner.invoke(main, ["-C", str(blog_project), "check"])
    assert check.exit_code == 0, check.output


def test_check_reports_each_problem_on_one_line_and_writes_nothing(blog_project: Path):
    write(blog_project / "content/posts/bad.md", "---\ntitle: [unclosed\n---\n")
    write(blog_project / "content/posts/nodate.md", "---\ntitle: No date\n---\n")
    result = CliRunner().invoke(main, ["-C", str(blog_project), "check"])
    assert result.exit_code == 1
    errors = [l for l in result.output.splitlines() if l.startswith("error:")]
    assert len(errors) == 2
    assert any("bad.md:2: invalid YAML front matter" in l for l in errors)
    assert any("nodate.md:1: missing 'date'" in l for l in errors)
    # check never writes, so it must not claim "nothing was written"
    assert result.output.strip().splitlines()[-1] == "2 problems."
    assert "Traceback" not in result.output
    assert not (blog_project / "site").exists() and not (blog_project / "build").exists()
    assert not (blog_project / ".lip").exists()  # not even a cache


def test_build_from_the_command_line(blog_project: Path):
    result = subprocess.run([sys.executable, "-m", "pipeline", "build"], cwd=blog_project,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "built site/" in result.stdout
    assert (blog_project / "site/feed.xml").is_file()
    assert ("note: skipped 1 draft and 1 post dated in the future (`lip serve` previews them): "
            "content/posts/draft.md, content/posts/future.md") in result.stdout
    assert "\x1b[" not in result.stdout + result.stderr  # no progress display outside a terminal


def test_a_folder_without_mkdocs_yml_is_a_clear_error(tmp_path: Path):
    result = subprocess.run([sys.executable, "-m", "pipeline", "check"], cwd=tmp_path,
                            capture_output=True, text=True)
    assert result.returncode == 1
    assert "no mkdocs.yml here or above" in result.stderr and "Traceback" not in result.stderr


def test_an_unwritable_output_folder_is_one_line(blog_project: Path, tmp_path: Path):
    write(blog_project / "content/posts/card.md",
          "---\ntitle: Cards\ndate: 2026-01-02\n---\n\nQ: Two plus two?\nA: Four.\n")
    blocker = write(tmp_path / "not-a-folder", "a file where a folder should be")
    result = CliRunner().invoke(main, ["-C", str(blog_project), "decks", "--out", str(blocker / "decks")])
    assert result.exit_code == 1
    assert result.output.strip().splitlines()[-1].startswith("error: ")
    assert "not-a-folder" in result.output and "Traceback" not in result.output


def test_one_problem_is_one_problem_and_a_failed_build_wrote_nothing(blog_project: Path):
    write(blog_project / "content/posts/nodate.md", "---\ntitle: No date\n---\n")
    result = CliRunner().invoke(main, ["-C", str(blog_project), "build"])
    assert result.exit_code == 1
    assert result.output.strip().splitlines()[-1] == "1 problem; nothing was written."
    assert not (blog_project / "site").exists()


def test_counts_in_messages_are_spelled_right():
    from pipeline.wording import counted

    assert [counted(n, "post") for n in (0, 1, 2)] == ["0 posts", "1 post", "2 posts"]
    assert counted(1, "entry", "entries") == "1 entry" and counted(3, "entry", "entries") == "3 entries"
