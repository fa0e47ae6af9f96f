"""What the decks stage adds to the generated docs folder."""

from __future__ import annotations

from pipeline.project import BuildContext
from pipeline.records import StageResult


def site_files(ctx: BuildContext) -> StageResult:
    return StageResult()
