"""One-page PDFs of cheatsheets with WeasyPrint: Pygments colours, math as text, no network.

The font size steps down (settings `font_size` to `min_font_size`) until the sheet fits on one
page; when even the smallest does not fit, the PDF keeps every page and the caller says so.
Balanced columns cost one measuring layout and one final layout per font size tried: the sheet is
laid out once as a single column of the columns' width on a tall page, which gives every block's
(and every list item's) height; the shortest column height that holds everything in the columns is
found from those heights alone, the sizes that cannot fit are skipped, and the final page places
each block in its column (lists may continue in the next column; a heading stays with what
follows it). When that page does not come out as one page, the in-order columns of CSS are used:
always correct, just uneven. Results are cached by content (HTML, stylesheet, images, layout,
version), so an unchanged cheatsheet is never rendered twice. Resources load only from the
cheatsheet's own folder tree (`allowed_root`) or `data:` URLs: a build never reaches the network.
"""

from __future__ import annotations

import copy
import html
import math
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from functools import lru_cache
from itertools import groupby
from pathlib import Path
from urllib.parse import unquote, urlparse

from pygments.formatters import HtmlFormatter

from pipeline.cache import Cache, digest
from pipeline.cheatsheets.markup import markdown_to_html
from pipeline.cheatsheets.settings import CheatsheetSettings
from pipeline.cheatsheets.sheets import Cheatsheet

VERSION = "3"  # bump when the PDF's look changes, so cached PDFs are rendered again
PRINT_CSS = (Path(__file__).parent / "print.css").read_text(encoding="utf-8")
PYGMENTS_CSS = HtmlFormatter(style="friendly").get_style_defs(".highlight")
_IMG_SRC = re.compile(r'<img[^>]*\ssrc="([^"]+)"')
PX_PER_MM = 96 / 25.4
PAPER_MM = {"A4": (210.0, 297.0), "Letter": (215.9, 279.4)}  # portrait width, height
MARGIN_MM = (7.0, 7.0, 6.0, 7.0)  # top, right, bottom, left: as in print.css
GAP_MM = 4.0  # between columns, as in print.css
RULE_MM = 0.4 * 25.4 / 72  # the 0.4pt column rule
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_LISTS = {"ul", "ol"}


@dataclass(frozen=True)
class Pdf:
    """A rendered cheatsheet: the PDF bytes, its page count and the font size that was used."""

    data: bytes
    pages: int
    font_size: float


@dataclass(frozen=True)
class Piece:
    """A block of the sheet (or one item of a top-level list) as measured in one column: where a
    column may start, and how much height it takes (CSS px, margins included)."""

    top: float
    bottom: float
    block: int  # index among `<main>`'s child elements
    item: int | None = None  # index among the list's `<li>` children, for a list split by items
    may_start_column: bool = True  # False right after a heading, which stays with what follows


def sheet_html(sheet: Cheatsheet, main: str | None = None) -> str:
    """The printable HTML document of `sheet` (stylesheet applied separately); `main` replaces
    the body's HTML (the same blocks placed in columns)."""
    description = f"<p>{html.escape(sheet.description)}</p>" if sheet.description else ""
    body = markdown_to_html(sheet.body) if main is None else main
    return (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{html.escape(sheet.title)}'
            f'</title></head><body><header><h1>{html.escape(sheet.title)}</h1>{description}</header>'
            f'<main class="lip-cheatsheet">{body}</main></body></html>')


def paper_mm(sheet: Cheatsheet) -> tuple[float, float]:
    width, height = PAPER_MM[sheet.paper]
    return (height, width) if sheet.landscape else (width, height)


def column_width_mm(sheet: Cheatsheet) -> float:
    """A column's width, rounded down to whole micrometres so that the floated columns never add
    up to more than the page (a float that does not fit would drop below the others)."""
    count = column_count(sheet)
    width = (paper_mm(sheet)[0] - MARGIN_MM[1] - MARGIN_MM[3] - GAP_MM * (count - 1)) / count
    return math.floor(width * 1000) / 1000 - 0.002


def print_css(sheet: Cheatsheet, font_size: float, footer: str = "", column_height: float | None = None) -> str:
    """The print stylesheet; `column_height` (CSS px) fixes the columns' height."""
    size = f"{sheet.paper} {'landscape' if sheet.landscape else 'portrait'}"
    css = PRINT_CSS.replace("{page_size}", size).replace("{font_size}", f"{font_size:g}")
    css = css.replace("{columns}", str(column_count(sheet)))
    css = css.replace("{footer}", footer.replace('"', "'").replace("\\", ""))
    height = f"\nmain {{ height: {column_height:.1f}px; }}" if column_height else ""
    return css + height


def measuring_css(sheet: Cheatsheet, font_size: float) -> str:
    """One column of the columns' width on a page as wide as the paper and very tall."""
    return (print_css(sheet, font_size) + f"\n@page {{ size: {paper_mm(sheet)[0]:.2f}mm 5000mm; }}"
            f"\nmain {{ column-count: auto; width: {column_width_mm(sheet):.3f}mm; }}")


def placed_css(sheet: Cheatsheet, font_size: float, footer: str) -> str:
    """The final page: `<main>` holds one floated box per column, with the gap and rule of print.css."""
    pad = GAP_MM / 2 - RULE_MM
    return (print_css(sheet, font_size, footer) + "\nmain { column-count: auto; }"
            f"\n.lip-column {{ float: left; width: {column_width_mm(sheet):.3f}mm; }}"
            f"\n.lip-column + .lip-column {{ margin-left: {GAP_MM / 2:.3f}mm; padding-left: {pad:.3f}mm;"
            " border-left: 0.4pt solid #ccc; }")


def column_count(sheet: Cheatsheet) -> int:
    return 3 if sheet.landscape else 2


def font_sizes(settings: CheatsheetSettings) -> list[float]:
    """From the preferred size down to the smallest, in 1pt steps, the smallest always last."""
    sizes, size = [], settings.font_size
    while size > settings.min_font_size:
        sizes.append(size)
        size -= 1.0
    return sizes + [settings.min_font_size]


def render_pdf(sheet: Cheatsheet, settings: CheatsheetSettings, allowed_root: Path) -> Pdf:
    """The PDF at the largest font size that fits one page (or at the smallest, on several pages)."""
    sizes = font_sizes(settings)
    if settings.balance_columns:
        placed, sizes = _balanced(sheet, sizes, allowed_root)
        if placed is not None:
            return placed
    for size in sizes:
        document = _layout(sheet, size, allowed_root)
        if len(document.pages) == 1:
            break
    return Pdf(document.write_pdf(), len(document.pages), size)


def _balanced(sheet: Cheatsheet, sizes: list[float], allowed_root: Path) -> tuple[Pdf | None, list[float]]:
    """Balanced columns at the largest size whose measured pieces fit one page; else None and the
    sizes left for in-order CSS columns (only the smallest when no size fits: a longer sheet
    then flows over several pages)."""
    last: tuple[float, float, float] | None = None  # (size, column height needed, capacity)
    for n, size in enumerate(sizes):
        if last and n < len(sizes) - 1 and last[1] * (size / last[0]) ** SHRINK_POWER > last[2]:
            continue  # it would not fit even if heights shrank that fast; the smallest is always measured
        measured = measure(sheet, size, allowed_root)
        if measured is None:
            return None, sizes[n:]
        pieces, capacity = measured
        height, starts = balance_pieces(pieces, column_count(sheet))
        if height <= capacity:
            document = _placed(sheet, size, allowed_root, pieces, starts)
            return (Pdf(document.write_pdf(), 1, size), []) if len(document.pages) == 1 else (None, sizes[n:])
        last = (size, height, capacity)
    return None, sizes[-1:]


# Heights shrink with the font size about linearly (lines that stay lines) to quadratically (text
# that wraps less), and faster when whole lines disappear (8 to 6 pt measured 2.65 on short
# paragraphs): a size is skipped only when even the cube would not make it fit.
SHRINK_POWER = 3


def balance(sheet: Cheatsheet, size: float, allowed_root: Path, document):
    """The one-page `document` laid out again with columns of (nearly) equal height, or `document`
    itself when the measured blocks do not fit or the placed page does not come out as one page."""
    measured = measure(sheet, size, allowed_root)
    if measured is None:
        return document
    pieces, capacity = measured
    height, starts = balance_pieces(pieces, column_count(sheet))
    if height > capacity:
        return document
    placed = _placed(sheet, size, allowed_root, pieces, starts)
    return placed if len(placed.pages) == 1 else document


def measure(sheet: Cheatsheet, size: float, allowed_root: Path) -> tuple[list[Piece], float] | None:
    """The pieces of the sheet at `size` in one column of the columns' width, and the height (px)
    the columns have under the header; None when the laid-out boxes are not what this expects."""
    page = _html(sheet_html(sheet), sheet, allowed_root)
    document = _render(page, measuring_css(sheet, size))
    main = _main_box(document.pages[0])
    if main is None:
        return None
    pieces = pieces_of(main, _main_element(page))
    bottom = (paper_mm(sheet)[1] - MARGIN_MM[2]) * PX_PER_MM
    return (pieces, bottom - main.position_y) if pieces else None


def pieces_of(main, element) -> list[Piece] | None:
    """Every block of `<main>` in order (a top-level list as its items), or None when a box has
    no element of its own among `<main>`'s children (anonymous text, say)."""
    index = {id(child): n for n, child in enumerate(element)}
    pieces: list[Piece] = []
    after_heading = False
    for box in main.children:
        block = index.get(id(getattr(box, "element", None)))
        if block is None:
            return None
        tag = _tag(element[block])
        items = _item_boxes(box, element[block]) if tag in _LISTS else None
        if items:
            last = len(items) - 1
            for n, (item, number) in enumerate(items):
                bottom = box.position_y + box.margin_height() if n == last else item.position_y + item.margin_height()
                top = box.position_y if n == 0 else item.position_y
                pieces.append(Piece(top, bottom, block, number, not (n == 0 and after_heading)))
        else:
            pieces.append(Piece(box.position_y, box.position_y + box.margin_height(), block, None, not after_heading))
        after_heading = tag in _HEADINGS
    return pieces


def _item_boxes(box, element) -> list[tuple[object, int]] | None:
    items = [child for child in element if _tag(child) == "li"]
    index = {id(item): n for n, item in enumerate(items)}
    found = [(child, index.get(id(getattr(child, "element", None)))) for child in box.children]
    return found if len(found) > 1 and all(n is not None for _, n in found) else None


def balance_pieces(pieces: list[Piece], count: int) -> tuple[float, list[int]]:
    """The most even split of `pieces` into at most `count` columns: the lowest tallest column,
    then the highest shortest one. Returns the tallest column's height (px) and the index of each
    column's first piece."""
    starts = [i for i in range(1, len(pieces)) if pieces[i].may_start_column]
    end = len(pieces)

    @lru_cache(maxsize=None)
    def best(first: int, columns: int) -> tuple[float, float, tuple[int, ...]]:
        whole = pieces[end - 1].bottom - pieces[first].top
        choice = (whole, -whole, (first,))
        if columns > 1:
            for cut in (i for i in starts if i > first):
                height = pieces[cut - 1].bottom - pieces[first].top
                if round(height, 1) > round(choice[0], 1):
                    break  # columns only get taller as the cut moves on
                tallest, shortest, rest = best(cut, columns - 1)
                option = (max(height, tallest), max(-height, shortest), (first, *rest))
                choice = min(choice, option, key=lambda c: (round(c[0], 1), round(c[1], 1)))
        return choice

    tallest, _, firsts = best(0, count)
    return tallest, list(firsts)


def columns_html(element, pieces: list[Piece], starts: list[int]) -> str:
    """`<main>`'s blocks, placed: one `<div class="lip-column">` per column."""
    bounds = list(zip(starts, starts[1:] + [len(pieces)]))
    return "".join(f'<div class="lip-column">{_blocks_html(element, pieces[a:b])}</div>' for a, b in bounds)


def _blocks_html(element, pieces: list[Piece]) -> str:
    """The HTML of consecutive pieces: each block once, a list with only the items placed here."""
    return "".join(_element_html(element[block], [p.item for p in run if p.item is not None])
                   for block, run in ((block, list(run)) for block, run in groupby(pieces, key=lambda p: p.block)))


def _element_html(element, items: list[int]) -> str:
    clone = copy.deepcopy(element)
    clone.tail = None
    children = [child for child in clone if _tag(child) == "li"]
    if items and len(items) < len(children):
        for number, child in enumerate(children):
            if number not in items:
                clone.remove(child)
        if _tag(clone) == "ol":  # numbers go on; WeasyPrint reads `start` only with presentational hints on
            given = clone.get("start") or "1"
            start = (int(given) if given.strip().lstrip("-").isdigit() else 1) + items[0]
            clone.set("start", str(start))
            clone.set("style", f"counter-reset: list-item {start}; counter-increment: list-item -1")
    return ET.tostring(clone, encoding="unicode", method="html")


def _placed(sheet: Cheatsheet, size: float, allowed_root: Path, pieces: list[Piece], starts: list[int]):
    element = _main_element(_html(sheet_html(sheet), sheet, allowed_root))
    page = _html(sheet_html(sheet, columns_html(element, pieces, starts)), sheet, allowed_root)
    return _render(page, placed_css(sheet, size, footer_text(sheet)))


def _tag(element) -> str:
    return element.tag if isinstance(element.tag, str) else ""


def _main_element(page):
    return next(e for e in page.etree_element.iter() if _tag(e) == "main")


def _main_box(page):
    stack = [getattr(page, "_page_box", None)]
    while stack:
        box = stack.pop()
        if getattr(box, "element_tag", None) == "main":
            return box
        stack.extend(getattr(box, "children", None) or ())
    return None


def _columns(document) -> tuple | None:
    """The column boxes of the first page's `<main>` (WeasyPrint's laid-out box tree)."""
    main = _main_box(document.pages[0])
    return None if main is None else tuple(main.children)


def _used_height(column) -> float:
    bottoms = [child.position_y + child.margin_height() for child in column.children]
    return max(bottoms, default=column.position_y) - column.position_y


def _html(source: str, sheet: Cheatsheet, allowed_root: Path):
    from weasyprint import HTML  # slow import: only when a PDF is really rendered

    return HTML(string=source, base_url=str(sheet.source.parent) + "/", url_fetcher=local_fetcher(allowed_root))


@lru_cache(maxsize=1)
def _pygments_stylesheet():
    from weasyprint import CSS

    return CSS(string=PYGMENTS_CSS)


def _render(page, css: str):
    from weasyprint import CSS

    return page.render(stylesheets=[CSS(string=css), _pygments_stylesheet()])


def _layout(sheet: Cheatsheet, size: float, allowed_root: Path, column_height: float | None = None):
    """The sheet with CSS columns filled in order (or of a fixed height)."""
    page = _html(sheet_html(sheet), sheet, allowed_root)
    return _render(page, print_css(sheet, size, footer_text(sheet), column_height))


def footer_text(sheet: Cheatsheet) -> str:
    origin = f" · full post: {sheet.post_url}" if sheet.post_url else ""
    return f"{sheet.title} · {sheet.layout}{origin}"


def local_fetcher(allowed_root: Path):
    """A WeasyPrint URL fetcher that reads `data:` URLs and files under `allowed_root`, nothing else."""
    from weasyprint.urls import URLFetcher

    root = allowed_root.resolve()

    class LocalFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            parsed = urlparse(url)
            if parsed.scheme == "file" and not Path(unquote(parsed.path)).resolve().is_relative_to(root):
                raise ValueError(f"cheatsheet PDFs load nothing from {url!r}: only files under {root}")
            return super().fetch(url, headers)

    return LocalFetcher(allowed_protocols=("file", "data"))


def pdf_key(sheet: Cheatsheet, settings: CheatsheetSettings) -> str:
    """The cache key: everything that changes the PDF's bytes."""
    document_html = sheet_html(sheet)
    images = [_image_bytes(src, sheet.source.parent) for src in _IMG_SRC.findall(document_html)]
    layout = "|".join(map(str, (sheet.layout, settings.font_size, settings.min_font_size,
                                settings.balance_columns, footer_text(sheet))))
    return digest("cheatsheet-pdf", VERSION, document_html, PRINT_CSS, PYGMENTS_CSS, layout, *images)


def _image_bytes(src: str, folder: Path) -> bytes:
    if urlparse(src).scheme:
        return src.encode("utf-8")
    path = (folder / unquote(src)).resolve()
    return path.read_bytes() if path.is_file() else b"missing:" + src.encode("utf-8")


def cached_pdf(sheet: Cheatsheet, settings: CheatsheetSettings, cache: Cache, allowed_root: Path,
               store: bool = True) -> Pdf:
    """The PDF from the cache when its inputs are unchanged, else rendered (and kept unless `store` is False)."""
    return cache.get_or_make(pdf_key(sheet, settings), lambda: render_pdf(sheet, settings, allowed_root), store)
