"""Command-line commands of the cheatsheets stage; `pipeline.cli` registers every one in COMMANDS."""

from __future__ import annotations

import click

COMMANDS: list[click.Command] = []
