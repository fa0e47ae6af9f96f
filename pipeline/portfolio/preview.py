"""Share previews: the 1200x630 PNG that Open Graph and Twitter cards show for a post or project.

Drawn offline with Pillow and the font Pillow carries itself (`ImageFont.load_default(size)`),
so a build never downloads a font (Material's social plugin does, and fails offline). Same text,
same bytes: previews are cached by their text and never redrawn for an unchanged page. That font
(Aileron) covers Latin script only: other scripts draw as boxes.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from pipeline.cache import Cache, digest

VERSION = "2"
WIDTH, HEIGHT = 1200, 630
MARGIN = 80
INK, MUTED, ACCENT, PAPER = "#1a237e", "#424242", "#3f51b5", "#fafafa"


@dataclass(frozen=True)
class Card:
    """What a preview says: the page's title and summary, where it is from, and what it is."""

    title: str
    summary: str
    site: str
    kind: str  # "Post", "Project", ...


def wrap(text: str, font, width: int, max_lines: int) -> list[str]:
    """Greedy word wrap to `width` pixels; the last line ends with an ellipsis when text is left."""
    lines: list[str] = []
    words = text.split()
    while words and len(lines) < max_lines:
        line = words.pop(0)
        while words and font.getlength(f"{line} {words[0]}") <= width:
            line += " " + words.pop(0)
        cut = len(line)
        while cut > 1 and font.getlength(line[:cut]) > width:  # one word wider than the line
            cut -= 1
        if cut < len(line):
            words.insert(0, line[cut:])
            line = line[:cut]
        lines.append(line)
    if words and lines:
        last = lines[-1]
        while last and font.getlength(last + " …") > width:
            last = last.rsplit(" ", 1)[0] if " " in last else last[:-1]
        lines[-1] = last + " …"
    return lines


def draw_preview(card: Card) -> bytes:
    from PIL import Image, ImageDraw, ImageFont  # only when a preview is really drawn

    image = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, WIDTH, 14), fill=ACCENT)
    small, title_font, body = (ImageFont.load_default(size=s) for s in (30, 68, 36))
    draw.text((MARGIN, 70), card.kind.upper(), font=small, fill=ACCENT)
    y = 130
    for line in wrap(card.title, title_font, WIDTH - 2 * MARGIN, 3):
        draw.text((MARGIN, y), line, font=title_font, fill=INK)
        y += 82
    y += 20
    for line in wrap(card.summary, body, WIDTH - 2 * MARGIN, max(1, (HEIGHT - 120 - y) // 48)):
        draw.text((MARGIN, y), line, font=body, fill=MUTED)
        y += 48
    draw.line((MARGIN, HEIGHT - 100, WIDTH - MARGIN, HEIGHT - 100), fill="#c5cae9", width=2)
    draw.text(
        (MARGIN, HEIGHT - 80),
        wrap(card.site, small, WIDTH - 2 * MARGIN, 1)[0] if card.site else "",
        font=small,
        fill=MUTED,
    )
    out = io.BytesIO()
    image.save(out, format="PNG")  # optimize=True: 4x the time for 4% fewer bytes
    return out.getvalue()


def cached_preview(card: Card, cache: Cache, store: bool = True) -> bytes:
    key = digest("preview", VERSION, card.title, card.summary, card.site, card.kind)
    return cache.get_or_make(key, lambda: draw_preview(card), store)
