"""What the cheatsheets stage adds to the generated docs folder.

For each `content/cheatsheets/*.md` and each published post with `cheatsheet: true`: a page
`cheatsheets/<slug>.md`, its PDF `cheatsheets/<slug>.pdf` and the images it uses; plus
`cheatsheets/index.md` (always, even empty) and `assets/cheatsheet.css`. A sheet with a problem
(raw HTML, a missing image, bad front matter) is reported on its file and line and left out; the
rest still build. `lip serve` renders PDFs without column balancing (faster previews). It never
writes into the docs folder itself, and under `lip check` it writes nothing at all (the PDF cache
is only read).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath

from pipeline.cache import Cache
from pipeline.cheatsheets.markup import raw_html_errors
from pipeline.cheatsheets.pages import INDEX, cheatsheet_page, index_page
from pipeline.cheatsheets.sheets import (
    FOLDER,
    Cheatsheet,
    cheatsheet_from_post,
    read_cheatsheet,
    wants_cheatsheet,
)
from pipeline.content.links import rewrite_links
from pipeline.errors import LipError
from pipeline.project import BuildContext
from pipeline.records import OutputFile, StageResult
from pipeline.wording import counted

CSS = Path(__file__).parent / "cheatsheet.css"
CSS_OUTPUT = PurePosixPath("assets/cheatsheet.css")


@dataclass(frozen=True)
class Prepared:
    """A valid sheet, the Markdown body of its page, and the content files that page uses."""

    sheet: Cheatsheet
    page_body: str
    assets: tuple[OutputFile, ...] = ()


def site_files(ctx: BuildContext) -> StageResult:
    prepared, result = prepare_all(ctx)
    with_pdf = ctx.settings.cheatsheets.pdf
    cache = Cache(ctx.project.cache / "cheatsheets")
    for item in prepared:
        result += sheet_files(ctx, item, cache, with_pdf)
    index = OutputFile(INDEX, index_page([item.sheet for item in prepared], with_pdf).encode("utf-8"), "cheatsheets")
    style = OutputFile(CSS_OUTPUT, CSS.read_bytes(), "cheatsheets")
    return result + StageResult(files=(index, style), converted=cache.misses, cached=cache.hits)


def prepare_all(ctx: BuildContext) -> tuple[list[Prepared], StageResult]:
    """Every cheatsheet read and checked; problems are collected, never raised."""
    prepared: list[Prepared] = []
    errors: list[LipError] = []
    for make in [*_handwritten(ctx), *_from_posts(ctx)]:
        try:
            prepared += [item for item in [make()] if item is not None]
        except LipError as exc:
            errors += getattr(exc, "problems", (exc,))
    drafts = [item for item in prepared if item.sheet.draft and not ctx.serve]
    return [item for item in prepared if not (item.sheet.draft and not ctx.serve)], StageResult(
        errors=tuple(errors), notices=_drafts_notice(ctx, drafts))


def _drafts_notice(ctx: BuildContext, drafts: list[Prepared]) -> tuple[str, ...]:
    if not drafts:
        return ()
    names = ", ".join(ctx.project.relative(item.sheet.source) for item in drafts)
    return (f"skipped {counted(len(drafts), 'draft cheatsheet')} (`lip serve` previews them): {names}",)


def _handwritten(ctx: BuildContext):
    folder = ctx.project.content / "cheatsheets"
    paths = sorted(folder.glob("*.md")) if folder.is_dir() else []
    return [lambda path=path: prepare_handwritten(ctx, path) for path in paths]


def _from_posts(ctx: BuildContext):
    return [lambda post=post: prepare_from_post(ctx, post) for post in ctx.posts
            if post.extra.get("cheatsheet", False) is not False]


def prepare_handwritten(ctx: BuildContext, path: Path) -> Prepared:
    """Read a hand-written sheet; refuse raw HTML; point its links and images into the docs folder."""
    from pipeline.errors import ProblemsError

    sheet = read_cheatsheet(path, ctx.settings.cheatsheets)
    problems = list(raw_html_errors(sheet.body, path, sheet.body_line))
    done = rewrite_links(sheet.body, path, sheet.body_line, sheet.output, ctx.site)
    problems += done.errors
    if problems:
        raise ProblemsError(problems)
    assets = tuple(OutputFile(route, src.read_bytes(), str(src)) for src, route in done.assets)
    return Prepared(sheet, done.body, assets)


def prepare_from_post(ctx: BuildContext, post) -> Prepared | None:
    if not wants_cheatsheet(post):
        return None
    sheet = cheatsheet_from_post(post, ctx.settings.cheatsheets, ctx.settings.base_url)
    # the post reports its own broken links; here its links are pointed from the sheet's page
    done = rewrite_links(sheet.body, post.source, 1, sheet.output, ctx.site, written_for=post.output)
    assets = tuple(OutputFile(route, src.read_bytes(), str(src)) for src, route in done.assets)
    return Prepared(sheet, done.body, assets)


def sheet_files(ctx: BuildContext, item: Prepared, cache: Cache, with_pdf: bool) -> StageResult:
    """The page, the assets and (unless PDFs are off) the PDF of one sheet, with a notice if it overflows."""
    sheet = item.sheet
    page = OutputFile(sheet.output, cheatsheet_page(sheet, item.page_body, with_pdf).encode("utf-8"), str(sheet.source))
    if not with_pdf:
        return StageResult(files=(page, *item.assets))
    settings = ctx.settings.cheatsheets
    if ctx.serve:  # previews re-render on every save: fill columns in order, about 2-3x faster
        settings = replace(settings, balance_columns=False)
    from pipeline.cheatsheets.pdf import cached_pdf  # Pygments and the PDF code: only for a sheet

    pdf = cached_pdf(sheet, settings, cache, ctx.project.content, store=not ctx.check)
    output = OutputFile(FOLDER / sheet.pdf_name, pdf.data, str(sheet.source))
    notices = () if pdf.pages == 1 else (overflow_notice(ctx, sheet, pdf.pages, pdf.font_size),)
    return StageResult(files=(page, output, *item.assets), notices=notices)


def overflow_notice(ctx: BuildContext, sheet: Cheatsheet, pages: int, font_size: float) -> str:
    return (f"{ctx.project.relative(sheet.source)}: cheatsheet PDF {sheet.pdf_name} takes {pages} pages "
            f"({sheet.layout}, even at {font_size:g}pt); shorten it to fit on one page")
