"""One-page PDFs of cheatsheets with WeasyPrint: Pygments colours, math as text, no network.

The font size steps down (settings `font_size` to `min_font_size`) until the sheet fits on one
page; when even the smallest does not fit, the PDF keeps every page and the caller says so.
Balanced columns cost one layout per font size tried: the sheet is laid out once as a single
column of the columns' width on a very tall page, which gives every block's (and every top-level
list item's) height; the most even split into columns is found from those heights alone, sizes
that cannot fit are skipped, and the laid-out blocks are then moved into their columns (lists may
continue in the next column; a heading stays with what follows it) and the page cut to the
paper's height. No block is laid out twice, so nothing can come out different from what was
measured. When the measurement cannot be read, or a block is taller than a column (a long
paragraph, which only CSS columns can break), the in-order columns of CSS are used: always
correct, just uneven. Results are cached by content (HTML, stylesheet, images, layout, version),
so an unchanged cheatsheet is never rendered twice. Resources load only from the cheatsheet's own
folder tree (`allowed_root`) or `data:` URLs: a build never reaches the network.
"""

from __future__ import annotations

import html
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import groupby
from pathlib import Path
from urllib.parse import unquote, urlparse

from pygments.formatters import HtmlFormatter

from pipeline.cache import MISSING, Cache, digest
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


def sheet_html(sheet: Cheatsheet, rules: int = 0) -> str:
    """The printable HTML document of `sheet` (stylesheet applied separately); `rules` empty
    `lip-rule` boxes after `<main>` become the lines between balanced columns."""
    description = f"<p>{html.escape(sheet.description)}</p>" if sheet.description else ""
    lines = '<div class="lip-rule"></div>' * rules
    return (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{html.escape(sheet.title)}'
            f'</title></head><body><header><h1>{html.escape(sheet.title)}</h1>{description}</header>'
            f'<main class="lip-cheatsheet">{markdown_to_html(sheet.body)}</main>{lines}</body></html>')


def paper_mm(sheet: Cheatsheet) -> tuple[float, float]:
    width, height = PAPER_MM[sheet.paper]
    return (height, width) if sheet.landscape else (width, height)


def column_width_mm(sheet: Cheatsheet) -> float:
    """A column's width, rounded down to whole micrometres so that the floated columns never add
    up to more than the page (a float that does not fit would drop below the others)."""
    count = column_count(sheet)
    width = (paper_mm(sheet)[0] - MARGIN_MM[1] - MARGIN_MM[3] - GAP_MM * (count - 1)) / count
    return math.floor(width * 1000) / 1000 - 0.002


def print_css(sheet: Cheatsheet, font_size: float, footer: str = "") -> str:
    """The print stylesheet (Pygments' is applied after it)."""
    size = f"{sheet.paper} {'landscape' if sheet.landscape else 'portrait'}"
    css = PRINT_CSS.replace("{page_size}", size).replace("{font_size}", f"{font_size:g}")
    css = css.replace("{columns}", str(column_count(sheet)))
    return css.replace("{footer}", footer.replace('"', "'").replace("\\", ""))


def measuring_css(sheet: Cheatsheet, font_size: float) -> str:
    """One column of the columns' width on a page as wide as the paper and very tall."""
    return (print_css(sheet, font_size, footer_text(sheet)) +
            f"\n@page {{ size: {paper_mm(sheet)[0]:.2f}mm {TALL_MM}mm; }}"
            f"\nmain {{ column-count: auto; width: {column_width_mm(sheet):.3f}mm; }}"
            "\n.lip-rule { border-left: 0.4pt solid #ccc; height: 0; margin: 0; }")


TALL_MM = 5000


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
        result = balanced_layout(sheet, size, allowed_root)
        if result is None:
            return None, sizes[n:]
        document, height, capacity = result
        if document is not None:
            return Pdf(document.write_pdf(), 1, size), []
        last = (size, height, capacity)
    return None, sizes[-1:]


def balanced_layout(sheet: Cheatsheet, size: float, allowed_root: Path):
    """(the one-page document with balanced columns, or None when they do not fit; the column
    height needed; the height there is), or None when the measurement cannot be read or a block
    is taller than a column (a long paragraph: only CSS columns can break it)."""
    measured = measure(sheet, size, allowed_root)
    if measured is None:
        return None
    document, pieces, capacity = measured
    if any(piece.bottom - piece.top > capacity for piece in pieces):
        return None
    height, starts = balance_pieces(pieces, column_count(sheet))
    if height > capacity:
        return None, height, capacity
    place(document, sheet, pieces, starts)
    return document, height, capacity


# Heights shrink with the font size about linearly (lines that stay lines) to quadratically (text
# that wraps less), and faster when whole lines disappear (8 to 6 pt measured 2.65 on short
# paragraphs): a size is skipped only when even the cube would not make it fit.
SHRINK_POWER = 3


def balance(sheet: Cheatsheet, size: float, allowed_root: Path, document):
    """The sheet at `size` with columns of (nearly) equal height, or `document` itself when the
    measured blocks do not fit one page."""
    result = balanced_layout(sheet, size, allowed_root)
    return document if result is None or result[0] is None else result[0]


def measure(sheet: Cheatsheet, size: float, allowed_root: Path):
    """The sheet laid out at `size` in one column of the columns' width (the document), its pieces,
    and the height (px) the columns have under the header; None when the laid-out boxes are not
    what this expects (then the caller uses CSS columns)."""
    page = _html(sheet_html(sheet, rules=column_count(sheet) - 1), sheet, allowed_root)
    document = _render(page, measuring_css(sheet, size))
    main = _main_box(document.pages[0])
    if main is None or len(document.pages) != 1:
        return None
    pieces = pieces_of(main)
    bottom = (paper_mm(sheet)[1] - MARGIN_MM[2]) * PX_PER_MM
    return (document, pieces, bottom - main.position_y) if pieces else None


def pieces_of(main) -> list[Piece]:
    """Every block of `<main>` in order, a top-level list as its items."""
    pieces: list[Piece] = []
    after_heading = False
    for block, box in enumerate(main.children):
        tag = getattr(box, "element_tag", "")
        split = tag in _LISTS and len(box.children) > 1 and all(map(_is_item, box.children))
        items = box.children if split else ()
        end = box.position_y + box.margin_height()
        for n, item in enumerate(items):
            top = box.position_y if n == 0 else item.position_y
            bottom = end if n == len(items) - 1 else item.position_y + item.margin_height()
            pieces.append(Piece(top, bottom, block, n, not (n == 0 and after_heading)))
        if not items:
            pieces.append(Piece(box.position_y, end, block, None, not after_heading))
        after_heading = tag in _HEADINGS
    return pieces


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


def place(document, sheet: Cheatsheet, pieces: list[Piece], starts: list[int]) -> None:
    """Move the measured blocks of `document` into their columns, draw the rules between them,
    and cut the page to the paper's height. Boxes are only moved, never laid out again."""
    page_box = document.pages[0]._page_box
    main = _main_box(document.pages[0])
    blocks = list(main.children)
    step = (column_width_mm(sheet) + GAP_MM) * PX_PER_MM
    top = main.position_y
    columns = []
    for number, (first, end) in enumerate(zip(starts, starts[1:] + [len(pieces)])):
        run = pieces[first:end]
        dx, dy = number * step, top - run[0].top
        boxes = [_part(blocks[block], list(group)) for block, group in groupby(run, key=lambda p: p.block)]
        for box in boxes:
            box.translate(dx, dy)
        column = main.copy_with_children(boxes)
        column.position_x, column.position_y = main.position_x + dx, top
        column.height = run[-1].bottom - run[0].top
        column.margin_top = column.margin_bottom = column.padding_top = column.padding_bottom = 0
        columns.append(column)
    tallest = max(column.height for column in columns)
    main.children, main.height = columns, tallest
    _draw_rules(page_box, main, step, len(columns), tallest)
    _cut_page(page_box, (paper_mm(sheet)[1] - MARGIN_MM[0] - MARGIN_MM[2]) * PX_PER_MM)
    document.pages[0] = type(document.pages[0])(page_box)  # links and bookmarks where the blocks are now


def _part(box, group: list[Piece]):
    """The box of a block, or of the items of a list that land in one column."""
    items = [p.item for p in group if p.item is not None]
    if not items or len(items) == len(box.children):
        return box
    part = box.copy_with_children([box.children[n] for n in items])
    decorations = part.margin_height() - part.height
    part.position_y = group[0].top
    part.height = group[-1].bottom - group[0].top - decorations
    return part


def _is_item(box) -> bool:
    return getattr(box, "element_tag", None) == "li"


def _draw_rules(page_box, main, step: float, columns: int, height: float) -> None:
    """The `lip-rule` boxes become the lines between columns, as tall as the tallest column."""
    rules = [box for box in _walk(page_box) if "lip-rule" in (getattr(box, "element", None) is not None
                                                               and box.element.get("class", "") or "")]
    gap = GAP_MM * PX_PER_MM
    for number, rule in enumerate(rules):
        if number + 1 >= columns:
            rule.border_left_width = 0
            continue
        x = main.position_x + (number + 1) * step - gap / 2 - rule.border_left_width / 2
        rule.translate(x - rule.position_x, main.position_y - rule.position_y)
        rule.height = height


def _cut_page(page_box, height: float) -> None:
    """The tall measuring page made the paper's height; the footer moves up with the bottom."""
    shift = height - page_box.height
    page_box.height = height
    for box in page_box.children:
        if type(box).__name__ == "MarginBox" and box.position_y > page_box.margin_top:
            box.translate(0, shift)


def _walk(box):
    stack = [box]
    while stack:
        box = stack.pop()
        yield box
        stack.extend(getattr(box, "children", None) or ())


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

    base_url = str(sheet.source.parent) + "/"
    return HTML(string=source, base_url=base_url, url_fetcher=local_fetcher(allowed_root))


@lru_cache(maxsize=1)
def _pygments_stylesheet():
    from weasyprint import CSS

    return CSS(string=PYGMENTS_CSS)


def _render(page, css: str):
    from weasyprint import CSS

    return page.render(stylesheets=[CSS(string=css), _pygments_stylesheet()])


def _layout(sheet: Cheatsheet, size: float, allowed_root: Path):
    """The sheet with CSS columns filled in order."""
    page = _html(sheet_html(sheet), sheet, allowed_root)
    return _render(page, print_css(sheet, size, footer_text(sheet)))


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


def pdf_key(sheet: Cheatsheet, settings: CheatsheetSettings, cache: Cache | None = None,
            store: bool = True) -> str:
    """The cache key: everything that changes the PDF's bytes. With a `cache`, the sheet's HTML
    (a Markdown conversion with highlighting) is made once per distinct title, description and
    body (kept unless `store` is False)."""
    document_html = sheet_html(sheet) if cache is None else _document_html(sheet, cache, store)
    images = [_image_bytes(src, sheet.source.parent) for src in _IMG_SRC.findall(document_html)]
    layout = "|".join(map(str, (sheet.layout, settings.font_size, settings.min_font_size,
                                settings.balance_columns, footer_text(sheet))))
    return digest("cheatsheet-pdf", VERSION, document_html, PRINT_CSS, PYGMENTS_CSS, layout, *images)


def _document_html(sheet: Cheatsheet, cache: Cache, store: bool) -> str:
    # Not `get_or_make`: that counts hits and misses, which the stage reports as PDFs made or reused.
    key = digest("cheatsheet-html", VERSION, sheet.title, sheet.description, sheet.body)
    document_html = cache.get(key)
    if document_html is MISSING:
        document_html = sheet_html(sheet)
        if store:
            cache.put(key, document_html)
    return document_html


def _image_bytes(src: str, folder: Path) -> bytes:
    if urlparse(src).scheme:
        return src.encode("utf-8")
    path = (folder / unquote(src)).resolve()
    return path.read_bytes() if path.is_file() else b"missing:" + src.encode("utf-8")


def cached_pdf(sheet: Cheatsheet, settings: CheatsheetSettings, cache: Cache, allowed_root: Path,
               store: bool = True) -> Pdf:
    """The PDF from the cache when its inputs are unchanged, else rendered (and kept unless `store` is False)."""
    key = pdf_key(sheet, settings, cache, store)
    return cache.get_or_make(key, lambda: render_pdf(sheet, settings, allowed_root), store)
