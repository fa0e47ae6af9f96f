"""Untrusted text from GitHub (titles, labels, repository names) made safe to show.

Drops what a reader cannot see but a terminal or browser obeys: control characters (escape
sequences), bidirectional overrides and isolates (U+202A-U+202E, U+2066-U+2069) that reorder a
line, zero-width characters (U+200B-U+200D, U+2060, U+FEFF) and other invisible format
characters, by Unicode category rather than by pattern. Never escapes markup: the terminal
(Rich `Text`) and the page (`html.escape`) do that where the text lands.
"""

from __future__ import annotations

import unicodedata

_HIDDEN = {"Cc", "Cf", "Cs", "Zl", "Zp"}  # control, format, surrogate, line and paragraph separators
_KEEP = {"\t", "\n"}


def visible(value: str) -> str:
    """`value` without the characters that act on a display instead of showing."""
    return "".join(c for c in value if c in _KEEP or unicodedata.category(c) not in _HIDDEN)


def one_line(value: str) -> str:
    """`visible(value)` with every run of white space (newlines too) made one space."""
    return " ".join(visible(value).split())
