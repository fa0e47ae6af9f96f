"""Settings of the cheatsheets stage: the `[tool.lip.cheatsheets]` table of pyproject.toml."""

from __future__ import annotations

from dataclasses import dataclass

PAPERS = ("A4", "Letter")


@dataclass(frozen=True)
class CheatsheetSettings:
    paper: str = "A4"  # A4 or Letter; a cheatsheet's `paper:` front matter wins
    landscape: bool = True  # a cheatsheet's `orientation: portrait` wins
    font_size: float = 8.0  # points; the PDF steps down to min_font_size to fit on one page
    min_font_size: float = 6.0
    pdf: bool = True  # false: pages only, no PDFs (faster previews)
    balance_columns: bool = True  # even columns (a few more layouts); false fills them in order

    def __post_init__(self) -> None:
        from pipeline.errors import SettingsError

        if self.paper not in PAPERS:
            raise SettingsError(f"[tool.lip.cheatsheets] paper: {self.paper!r} is not one of {', '.join(PAPERS)}")
        if not 4 <= self.min_font_size <= self.font_size <= 16:
            raise SettingsError("[tool.lip.cheatsheets] need 4 <= min_font_size <= font_size <= 16 (points)")
