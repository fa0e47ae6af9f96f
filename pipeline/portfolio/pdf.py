"""The résumé as a one-page PDF with WeasyPrint: selectable text, clickable links, no network.

When the résumé runs past one page, the PDF keeps every page and `overflow` names the sections
that reach past the first one, so the build can say what to cut. Rendered PDFs are cached by
content; resources load only from `content/` or `data:` URLs (the cheatsheets' fetcher).
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path

from pipeline.cache import Cache, digest
from pipeline.cheatsheets.pdf import local_fetcher

VERSION = "1"  # bump when the PDF's look changes
PRINT_CSS = (Path(__file__).parent / "resume-print.css").read_text(encoding="utf-8")


@dataclass(frozen=True)
class ResumePdf:
    data: bytes
    pages: int
    overflow: tuple[str, ...] = ()  # ids of the sections that run onto page 2 or later


def document_html(fragment: str, title: str) -> str:
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title></head>"
        f"<body>{fragment}</body></html>"
    )


def render_pdf(fragment: str, title: str, paper: str, allowed_root: Path) -> ResumePdf:
    from weasyprint import CSS, HTML  # slow import: only when a PDF is really rendered

    page = HTML(
        string=document_html(fragment, title),
        base_url=str(allowed_root) + "/",
        url_fetcher=local_fetcher(allowed_root),
    )
    document = page.render(stylesheets=[CSS(string=PRINT_CSS.replace("{page_size}", paper))])
    overflow = tuple(dict.fromkeys(s for p in document.pages[1:] for s in _section_ids(p)))
    return ResumePdf(document.write_pdf(), len(document.pages), overflow)


def _section_ids(page) -> list[str]:
    """The ids of the `<section>`s laid out on `page` (WeasyPrint's box tree)."""
    found, stack = [], [getattr(page, "_page_box", None)]
    while stack:
        box = stack.pop()
        if getattr(box, "element_tag", None) == "section" and box.element is not None:
            found.append(box.element.get("id") or "")
        stack.extend(reversed(getattr(box, "children", None) or ()))
    return found


def cached_pdf(fragment: str, title: str, paper: str, cache: Cache, allowed_root: Path) -> ResumePdf:
    """The PDF from `cache` when its inputs are unchanged, else rendered (and kept unless readonly)."""
    key = digest("resume-pdf", VERSION, fragment, title, paper, PRINT_CSS)
    return cache.get_or_make(key, lambda: render_pdf(fragment, title, paper, allowed_root))
