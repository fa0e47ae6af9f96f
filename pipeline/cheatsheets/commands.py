"""Command-line commands of the cheatsheets stage; `pipeline.cli` registers COMMANDS in `lip`
and NEW_COMMANDS under `lip new`.

`lip new cheatsheet "Title"` writes `content/cheatsheets/<slug>.md` from a template; it never
overwrites a file.
"""

from __future__ import annotations

import click


@click.command("cheatsheet")
@click.argument("title")
@click.pass_obj
def new_cheatsheet(obj, title: str) -> None:
    """Start a cheatsheet called TITLE: writes content/cheatsheets/<slug>.md from a template
    (never overwrites a file)."""
    from pipeline.cheatsheets.new import write_new_cheatsheet

    project = obj.get() if hasattr(obj, "get") else obj
    path = write_new_cheatsheet(project, title)
    click.echo(f"wrote {project.relative(path)}")


COMMANDS: list[click.Command] = []
NEW_COMMANDS: list[click.Command] = [new_cheatsheet]
