"""Real WeasyPrint PDFs read back with pypdf: one page when it fits, the text is there, the paper
is right, long sheets say how many pages, nothing is fetched from the network, the cache works."""

from __future__ import annotations

import http.server
import re
import shutil
import threading
from dataclasses import replace
from datetime import UTC
from io import BytesIO
from pathlib import Path
from typing import ClassVar

import pytest
from pypdf import PdfReader

from pipeline.cache import Cache
from pipeline.cheatsheets.pdf import (
    cached_pdf,
    font_sizes,
    local_fetcher,
    pdf_key,
    render_pdf,
)
from pipeline.cheatsheets.settings import CheatsheetSettings
from pipeline.cheatsheets.sheets import read_cheatsheet

DATA = Path(__file__).parent / "data" / "cheatsheets" / "site"
SETTINGS = CheatsheetSettings()


@pytest.fixture
def content(tmp_path: Path) -> Path:
    shutil.copytree(DATA / "content", tmp_path / "content")
    return tmp_path / "content"


def pdf_text(data: bytes) -> tuple[int, str, tuple[float, float]]:
    reader = PdfReader(BytesIO(data))
    box = reader.pages[0].mediabox
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)  # lines may wrap anywhere
    return len(reader.pages), text, (float(box.width), float(box.height))


def test_sheet_prints_on_one_letter_landscape_page_with_its_text(content: Path, caplog):
    sheet = read_cheatsheet(content / "cheatsheets" / "git-basics.md", SETTINGS)
    with caplog.at_level("WARNING", logger="weasyprint"):
        pdf = render_pdf(sheet, SETTINGS, content)
    assert [r.getMessage() for r in caplog.records if r.name.startswith("weasyprint")] == []  # image loaded
    pages, text, (width, height) = pdf_text(pdf.data)
    assert pages == pdf.pages == 1 and pdf.font_size == SETTINGS.font_size
    assert (round(width), round(height)) == (792, 612)  # Letter, landscape
    for expected in ("Git basics", "git switch -c NAME", "Detached HEAD", "α ≤ 1", "The commands behind"):
        assert expected in text


def test_portrait_a4(content: Path):
    path = content / "cheatsheets" / "regex.md"
    sheet = read_cheatsheet(path, CheatsheetSettings(landscape=False))
    pages, text, (width, height) = pdf_text(render_pdf(sheet, SETTINGS, content).data)
    assert pages == 1 and (round(width), round(height)) == (595, 842) and "re.findall" in text


def test_sheet_from_a_post_names_the_full_post_and_unbalanced_columns_still_fit(content: Path):
    from datetime import datetime
    from pathlib import PurePosixPath

    from pipeline.cheatsheets.sheets import cheatsheet_from_post
    from pipeline.records import Post

    post = Post(content / "posts/n.md", "Shapes", datetime(2026, 3, 14, tzinfo=UTC), "shapes",
                "Prose left out.\n\n## Shapes\n\n```python\nx.shape\n```\n", PurePosixPath("blog/posts/n.md"))
    settings = CheatsheetSettings(balance_columns=False)
    pdf = render_pdf(cheatsheet_from_post(post, settings, "https://me.example/"), settings, content)
    pages, text, _ = pdf_text(pdf.data)
    assert pages == 1 and "x.shape" in text and "Prose left out" not in text
    assert "full post: https://me.example/blog/2026/03/14/shapes/" in text


def render_new(content: Path, name: str, markdown: str):
    """A new cheatsheet `name` holding `markdown`, printed: the PDF, its page count and its text."""
    path = content / "cheatsheets" / name
    path.write_text(markdown, encoding="utf-8")
    pdf = render_pdf(read_cheatsheet(path, SETTINGS), SETTINGS, content)
    pages, text, _ = pdf_text(pdf.data)
    return pdf, pages, text


def test_too_long_sheet_steps_down_to_the_smallest_font_and_keeps_every_page(content: Path):
    rows = "\n".join(f"- `call_{i}()` does thing number {i}" for i in range(300))
    pdf, pages, text = render_new(content, "long.md", f"## Calls\n\n{rows}\n")
    assert pdf.pages == pages > 1 and pdf.font_size == SETTINGS.min_font_size
    assert "call_0()" in text and "call_299()" in text


def test_font_sizes_step_down_to_the_minimum():
    assert font_sizes(CheatsheetSettings(font_size=8.5, min_font_size=6)) == [8.5, 7.5, 6.5, 6]
    assert font_sizes(CheatsheetSettings(font_size=7, min_font_size=7)) == [7]


class _Recorder(http.server.BaseHTTPRequestHandler):
    requests: ClassVar[list[str]] = []

    def do_GET(self):
        _Recorder.requests.append(self.path)
        self.send_response(404)
        self.end_headers()

    def log_message(self, *args):
        pass


def test_remote_images_are_never_fetched(content: Path):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/tracker.png"
        path = content / "cheatsheets" / "remote.md"
        path.write_text(f"## A\n\n![pixel]({url})\n\nText after.\n", encoding="utf-8")
        pdf = render_pdf(read_cheatsheet(path, SETTINGS), SETTINGS, content)
    finally:
        server.shutdown()
    assert _Recorder.requests == [] and "Text after." in pdf_text(pdf.data)[1]


def test_fetcher_reads_only_under_its_root(content: Path):
    fetch = local_fetcher(content)
    inside = (content / "cheatsheets" / "images" / "branches.svg").as_uri()
    assert b"<svg" in fetch(inside).read()
    with pytest.raises(ValueError, match="load nothing"):
        fetch(Path("/etc/hostname").as_uri())
    with pytest.raises(ValueError):
        fetch("http://127.0.0.1:9/x.png")


def test_cache_renders_once_and_the_key_follows_images(content: Path, tmp_path: Path):
    sheet = read_cheatsheet(content / "cheatsheets" / "git-basics.md", SETTINGS)
    cache = Cache(tmp_path / "cache")
    first = cached_pdf(sheet, SETTINGS, cache, content)
    again = cached_pdf(sheet, SETTINGS, Cache(tmp_path / "cache"), content)
    assert again.data == first.data and (cache.misses, cache.hits) == (1, 0)
    key = pdf_key(sheet, SETTINGS)
    (content / "cheatsheets" / "images" / "branches.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    assert pdf_key(sheet, SETTINGS) != key
    assert pdf_key(sheet, CheatsheetSettings(font_size=9)) != key


def test_the_kept_html_of_a_sheet_follows_its_title_description_and_body(content: Path, tmp_path: Path):
    """The key's HTML (a Markdown conversion) is made once per distinct sheet text: each change is seen."""
    sheet = read_cheatsheet(content / "cheatsheets" / "git-basics.md", SETTINGS)
    cache = Cache(tmp_path / "cache")
    variants = [sheet, replace(sheet, title="Other"), replace(sheet, description="New"),
                replace(sheet, body=sheet.body + "\n\nOne more line.\n")]
    keys = [pdf_key(each, SETTINGS, cache) for each in variants]
    assert keys == [pdf_key(each, SETTINGS) for each in variants] and len(set(keys)) == 4
    assert [pdf_key(each, SETTINGS, cache) for each in variants] == keys  # now from the cache


def test_store_false_writes_no_cache(content: Path, tmp_path: Path):
    sheet = read_cheatsheet(content / "cheatsheets" / "regex.md", SETTINGS)
    cached_pdf(sheet, SETTINGS, Cache(tmp_path / "cache"), content, store=False)
    assert not (tmp_path / "cache").exists()


def test_balancing_spreads_a_short_sheet_over_every_column():
    from pipeline.cheatsheets.pdf import _columns, _layout, _used_height, balance

    content = Path(__file__).resolve().parent.parent / "content"
    sheet = read_cheatsheet(content / "cheatsheets" / "numpy-essentials.md", SETTINGS)
    in_order = _layout(sheet, 8.0, content)
    balanced = balance(sheet, 8.0, content, in_order)
    before, after = _columns(in_order), _columns(balanced)
    assert len(before) == 2 and len(after) == 3 and len(balanced.pages) == 1
    assert max(map(_used_height, after)) < 0.8 * max(map(_used_height, before))


@pytest.fixture
def renders(monkeypatch):
    """Counts WeasyPrint layouts (each `HTML.render` is one full layout)."""
    from weasyprint import HTML

    calls: list[int] = []
    real = HTML.render

    def counted(self, *args, **kwargs):
        calls.append(1)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(HTML, "render", counted)
    return calls


def test_a_sheet_that_fits_costs_one_layout(renders):
    """Issue 15: balanced columns from measured block heights, moved into place, not from trial layouts."""
    content = Path(__file__).resolve().parent.parent / "content"
    sheet = read_cheatsheet(content / "cheatsheets" / "numpy-essentials.md", SETTINGS)
    pdf = render_pdf(sheet, SETTINGS, content)
    assert len(renders) == 1 and pdf.pages == 1 and pdf.font_size == SETTINGS.font_size
    for expected in ("NumPy essentials", "np.arange", "Broadcasting"):
        assert expected in pdf_text(pdf.data)[1]


def test_sizes_that_cannot_fit_are_skipped_and_columns_come_out_even(content: Path, renders):
    from pipeline.cheatsheets.pdf import _columns, _used_height, balance

    rules = "\n\n".join(f"Rule {i}: keep every step of the recipe short, name what it does, and say why it "
                         "matters here." for i in range(140))
    path = content / "cheatsheets" / "rules.md"
    path.write_text(f"## Rules\n\n{rules}\n", encoding="utf-8")
    sheet = read_cheatsheet(path, SETTINGS)
    pdf = render_pdf(sheet, SETTINGS, content)
    pages, text, _ = pdf_text(pdf.data)
    assert pages == 1 and pdf.font_size == 6.0 and len(renders) == 2  # laid out at 8 and 6 pt; 7 skipped
    assert "Rule 0:" in text and "Rule 139:" in text
    document = balance(sheet, pdf.font_size, content, None)
    heights = [_used_height(column) for column in _columns(document)]
    assert len(heights) == 3 and min(heights) > 0.95 * max(heights)


def test_an_ordered_list_split_over_columns_keeps_its_numbers(content: Path):
    items = "\n".join(f"1. item number {i}" for i in range(1, 91))
    _, pages, text = render_new(content, "numbered.md", f"## Numbered\n\n{items}\n")
    markers = [int(n) for n in re.findall(r"(?<![\w.])(\d+)\.(?!\d)", text)]  # list markers: "31."
    assert pages == 1 and sorted(markers) == list(range(1, 91))
    assert "item number 1 " in text and "item number 90" in text


def text_boxes(document) -> list[tuple[float, float, float, float]]:
    from pipeline.cheatsheets.pdf import _walk

    return [(b.position_x, b.position_y, b.position_x + b.width, b.position_y + b.height)
            for b in _walk(document.pages[0]._page_box) if type(b).__name__ == "TextBox" and b.text.strip()]


@pytest.mark.parametrize("name", ["git-basics.md", "regex.md", "numpy-essentials.md"])
def test_moved_blocks_stay_on_the_page_and_never_overlap(content: Path, name: str):
    from pipeline.cheatsheets.pdf import balance

    folder = Path(__file__).resolve().parent.parent / "content" if name.startswith("numpy") else content
    landscape = name != "regex.md"
    settings = CheatsheetSettings(landscape=landscape)
    document = balance(read_cheatsheet(folder / "cheatsheets" / name, settings), 8.0, folder, None)
    page, boxes = document.pages[0], text_boxes(document)
    assert len(document.pages) == 1 and len(boxes) > 10
    assert all(0 <= x0 and 0 <= y0 and x1 <= page.width and y1 <= page.height for x0, y0, x1, y1 in boxes)
    overlapping = [(a, b) for n, a in enumerate(boxes) for b in boxes[n + 1:]
                   if a[0] < b[2] - 0.5 and b[0] < a[2] - 0.5 and a[1] < b[3] - 0.5 and b[1] < a[3] - 0.5]
    assert overlapping == []


def test_a_paragraph_longer_than_a_column_is_left_to_css_columns_at_the_largest_size(content: Path):
    words = " ".join(f"word{i}" for i in range(800))
    pdf, pages, text = render_new(content, "essay.md", f"## Essay\n\n{words}\n")
    assert pages == 1 and pdf.font_size == SETTINGS.font_size and "word0" in text and "word799" in text
