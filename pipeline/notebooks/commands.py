"""Command-line commands of the notebooks stage; `pipeline.cli` registers every one in COMMANDS."""

from __future__ import annotations

import click

COMMANDS: list[click.Command] = []
