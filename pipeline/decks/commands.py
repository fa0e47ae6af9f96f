"""Command-line commands of the decks stage; `pipeline.cli` registers every one in COMMANDS."""

from __future__ import annotations

import click

COMMANDS: list[click.Command] = []
