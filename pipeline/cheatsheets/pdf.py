"""One-page PDFs of cheatsheets with WeasyPrint: Pygments colours, math as text, no network.

The font size steps down (settings `font_size` to `min_font_size`) until the sheet fits on one
page; when even the smallest does not fit, the PDF keeps every page and the caller says so.
Results are cached by content (HTML, stylesheet, images, layout, version), so an unchanged
cheatsheet is never rendered twice. Resources load only from the cheatsheet's own folder tree
(`allowed_root`) or `data:` URLs: a build never reaches the network.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlparse

from pygments.formatters import HtmlFormatter

from pipeline.cache import Cache, digest
from pipeline.cheatsheets.markup import markdown_to_html
from pipeline.cheatsheets.settings import CheatsheetSettings
from pipeline.cheatsheets.sheets import Cheatsheet

VERSION = "2"  # bump when the PDF's look changes, so cached PDFs are rendered again
PRINT_CSS = (Path(__file__).parent / "print.css").read_text(encoding="utf-8")
PYGMENTS_CSS = HtmlFormatter(style="friendly").get_style_defs(".highlight")
_IMG_SRC = re.compile(r'<img[^>]*\ssrc="([^"]+)"')


@dataclass(frozen=True)
class Pdf:
    """A rendered cheatsheet: the PDF bytes, its page count and the font size that was used."""

    data: bytes
    pages: int
    font_size: float


def sheet_html(sheet: Cheatsheet) -> str:
    """The printable HTML document of `sheet` (stylesheet applied separately)."""
    description = f"<p>{html.escape(sheet.description)}</p>" if sheet.description else ""
    return (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{html.escape(sheet.title)}'
            f'</title></head><body><header><h1>{html.escape(sheet.title)}</h1>{description}</header>'
            f'<main class="lip-cheatsheet">{markdown_to_html(sheet.body)}</main></body></html>')


def print_css(sheet: Cheatsheet, font_size: float, footer: str = "", column_height: float | None = None) -> str:
    """The print stylesheet; `column_height` (CSS px) fixes the columns' height, to balance them."""
    size = f"{sheet.paper} {'landscape' if sheet.landscape else 'portrait'}"
    css = PRINT_CSS.replace("{page_size}", size).replace("{font_size}", f"{font_size:g}")
    css = css.replace("{columns}", str(column_count(sheet)))
    css = css.replace("{footer}", footer.replace('"', "'").replace("\\", ""))
    height = f"\nmain {{ height: {column_height:.1f}px; }}" if column_height else ""
    return css + height + "\n" + PYGMENTS_CSS


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
    """The PDF at the largest font size that fits one page (or at the smallest, on several pages).

    Columns fill in order; when the sheet fits on one page, `balance` then evens them out.
    """
    for size in font_sizes(settings):
        document = _layout(sheet, size, allowed_root)
        if len(document.pages) == 1:
            break
    if settings.balance_columns and len(document.pages) == 1:
        document = balance(sheet, size, allowed_root, document)
    return Pdf(document.write_pdf(), len(document.pages), size)


def balance(sheet: Cheatsheet, size: float, allowed_root: Path, document):
    """The one-page `document` laid out again with columns of (nearly) equal height.

    WeasyPrint's own `column-fill: balance` costs many layouts and its time varies a lot with the
    content; instead the columns get a fixed height, starting at an even share of what the in-order
    layout used and growing by part of what spills into extra columns. After BALANCE_TRIES layouts
    without a fit, the in-order layout is kept: it is always correct.
    """
    columns = _columns(document)
    if columns is None:  # WeasyPrint's box tree changed shape: keep the in-order layout
        return document
    height = sum(_used_height(column) for column in columns) / column_count(sheet)
    for _ in range(BALANCE_TRIES):
        candidate = _layout(sheet, size, allowed_root, height)
        laid_out = _columns(candidate) or ()
        if len(candidate.pages) == 1 and 0 < len(laid_out) <= column_count(sheet):
            return candidate
        spilled = sum(_used_height(column) for column in laid_out[column_count(sheet):])
        height += max(spilled / 2, height * 0.03)
    return document


BALANCE_TRIES = 5


def _columns(document) -> tuple | None:
    """The column boxes of the first page's `<main>` (WeasyPrint's laid-out box tree)."""
    stack = [getattr(document.pages[0], "_page_box", None)]
    while stack:
        box = stack.pop()
        if getattr(box, "element_tag", None) == "main":
            return tuple(box.children)
        stack.extend(getattr(box, "children", None) or ())
    return None


def _used_height(column) -> float:
    bottoms = [child.position_y + child.margin_height() for child in column.children]
    return max(bottoms, default=column.position_y) - column.position_y


def _layout(sheet: Cheatsheet, size: float, allowed_root: Path, column_height: float | None = None):
    from weasyprint import CSS, HTML  # slow import: only when a PDF is really rendered

    page = HTML(string=sheet_html(sheet), base_url=str(sheet.source.parent) + "/",
                url_fetcher=local_fetcher(allowed_root))
    return page.render(stylesheets=[CSS(string=print_css(sheet, size, footer_text(sheet), column_height))])


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
