"""What the portfolio stage adds to the generated docs folder.

`projects/index.md` (a card per project) and `projects/<name>.md` (its story) with its image;
`contributions/index.md`; `resume/index.md` and the one-page `resume/resume.pdf`; a share preview
(`preview.png`) next to every post and project page, and the theme override that puts Open Graph
and Twitter meta into their `<head>`. Reads `.lip/state/portfolio.json` and never asks GitHub.
A project or résumé with a problem is reported on its file and line and left out; under
`lip check` caches are read but nothing is written.
"""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import datetime
from pathlib import Path, PurePosixPath

import yaml

from pipeline.cache import Cache
from pipeline.content.links import rewrite_links
from pipeline.errors import LipError
from pipeline.portfolio.cards import buttons, figures_line, project_cards, tags
from pipeline.portfolio.preview import Card, cached_preview
from pipeline.portfolio.projects import FOLDER, PortfolioProject, read_projects
from pipeline.portfolio.resume import read_resume
from pipeline.portfolio.resume_html import added_sections, link, resume_html, sections, text
from pipeline.portfolio.store import Contribution, PortfolioState, RepoFigures, read_state
from pipeline.project import BuildContext
from pipeline.records import OutputFile, StageResult

HERE = Path(__file__).parent
OVERRIDE = PurePosixPath(".overrides/main.html")  # MkDocs and Zensical skip dot folders as pages
CSS_OUTPUT = PurePosixPath("assets/portfolio.css")
CONTRIBUTIONS = PurePosixPath("contributions/index.md")
RESUME = PurePosixPath("resume/index.md")
RESUME_PDF = PurePosixPath("resume/resume.pdf")
PDF_LINK = (
    '<p class="lip-resume-pdf"><a class="md-button" href="resume.pdf">Download the one-page PDF</a></p>'
)
NO_RESUME = "# Résumé\n\nAdd `content/resume.yaml` (the JSON Resume schema) for a page and a one-page PDF.\n"
NO_STATE = "run `lip portfolio update` to fetch repository figures and merged pull requests from GitHub"


def site_files(ctx: BuildContext) -> StageResult:
    projects, errors = read_projects(ctx.project.content)
    state = read_state(ctx.project.state)
    figures = state.figures() if state else {}
    result = StageResult(
        errors=tuple(errors),
        files=(
            OutputFile(OVERRIDE, theme_override(ctx.settings.base_url).encode(), "portfolio"),
            OutputFile(CSS_OUTPUT, (HERE / "portfolio.css").read_bytes(), "portfolio"),
            OutputFile(FOLDER / "index.md", projects_page(projects, figures, ctx.now).encode(), "portfolio"),
            OutputFile(CONTRIBUTIONS, contributions_page(state, figures).encode(), "portfolio"),
        ),
    )
    for item in projects:
        result += project_files(ctx, item, figures.get(item.repo.lower()))
    result += resume_files(ctx, [p for p in projects if p.featured], state)
    return result + previews(ctx, projects)


def theme_override(site_url: str) -> str:
    """The `main.html` that adds share meta, with the site URL as a Jinja string literal."""
    template = (HERE / "overrides" / "main.html").read_text(encoding="utf-8")
    return template.replace("SITE_URL", json.dumps(site_url))


def projects_page(projects: list[PortfolioProject], figures: dict[str, RepoFigures], now: datetime) -> str:
    head = "---\ntitle: Projects\nhide:\n  - toc\n---\n\n# Projects\n\n"
    if not projects:
        return head + "No projects yet: add one Markdown file per project under `content/projects/`.\n"
    return head + project_cards(projects, figures, now)


def project_page(item: PortfolioProject, body: str, figures: RepoFigures | None, now: datetime) -> str:
    meta = {"title": item.title, "description": item.summary, "date": item.date.date(), "preview": True}
    parts = [
        "---",
        yaml.safe_dump(meta, sort_keys=False, allow_unicode=True).strip(),
        "---",
        "",
        f"# {_heading(item.title)}",
        "",
        f'<p class="lip-project-summary">{text(item.summary)}</p>',
        tags(item) + figures_line(figures, now) + buttons(item),
        "",
    ]
    if item.image:
        parts += [f"![{_heading(item.title)}]({item.name}/{item.image.name}){{ .lip-project-shot }}", ""]
    return "\n".join(parts) + body.strip() + "\n"


def _heading(title: str) -> str:
    """The title as Markdown text: markup escaped, brackets kept literal."""
    return text(title).replace("[", "\\[").replace("]", "\\]")


def project_files(ctx: BuildContext, item: PortfolioProject, figures: RepoFigures | None) -> StageResult:
    done = rewrite_links(item.body, item.source, item.body_line, item.output, ctx.site)
    if done.errors:
        return StageResult(errors=done.errors)
    files = [
        OutputFile(item.output, project_page(item, done.body, figures, ctx.now).encode(), str(item.source))
    ]
    files += [OutputFile(route, src.read_bytes(), str(src)) for src, route in done.assets]
    if item.image and item.image_output:
        files.append(OutputFile(item.image_output, item.image.read_bytes(), str(item.source)))
    return StageResult(files=tuple(files))


def contributions_page(state: PortfolioState | None, figures: dict[str, RepoFigures]) -> str:
    head = "---\ntitle: Open-source contributions\n---\n\n# Open-source contributions\n\n"
    if state is None:
        return head + f"Nothing fetched yet: {NO_STATE}.\n"
    if not state.contributions:
        return head + f"No merged pull requests by {text(state.user)} in other people's repositories yet.\n"
    intro = (
        f"Pull requests by {link(f'https://github.com/{state.user}', state.user)} merged into other "
        f"people's repositories, newest first (as of {state.fetched_at:%Y-%m-%d}).\n\n"
    )
    return head + intro + contributions_html(state.contributions, figures)


def contributions_html(contributions: tuple[Contribution, ...], figures: dict[str, RepoFigures]) -> str:
    by_repo: dict[str, list[Contribution]] = defaultdict(list)
    for pull in sorted(contributions, key=lambda p: p.merged_at, reverse=True):
        by_repo[pull.repo].append(pull)
    blocks = []
    for repo, pulls in by_repo.items():
        stars = figures.get(repo.lower())
        figure = f' <span class="lip-figures">★ {stars.stars:,}</span>' if stars else ""
        items = "".join(_pull_item(p) for p in pulls)
        blocks.append(
            f'<section class="lip-contribution"><h2>{link(f"https://github.com/{repo}", repo)}{figure}</h2>'
            f"<ul>{items}</ul></section>"
        )
    return '<div class="lip-contributions">\n' + "\n".join(blocks) + "\n</div>\n"


def _pull_item(pull: Contribution) -> str:
    lead = (
        f' <span class="lip-lead-fixed">{link(pull.fixes_lead, "fixed a lead from lip leads")}</span>'
        if pull.fixes_lead
        else ""
    )
    return (
        f"<li>{link(pull.url, pull.title)} (#{pull.number}) · merged "
        f'<time datetime="{pull.merged_at:%Y-%m-%d}">{pull.merged_at:%Y-%m-%d}</time>{lead}</li>'
    )


def resume_files(
    ctx: BuildContext, featured: list[PortfolioProject], state: PortfolioState | None
) -> StageResult:
    """`resume/index.md` and the one-page `resume/resume.pdf` (a notice when it runs longer)."""
    cache = Cache(ctx.project.cache / "resume", readonly=ctx.check)
    try:
        resume = read_resume(ctx.project.content, cache)
    except LipError as exc:
        return StageResult(errors=tuple(getattr(exc, "problems", (exc,))))
    if resume is None:
        return StageResult(files=(OutputFile(RESUME, NO_RESUME.encode(), "portfolio"),))
    settings = ctx.settings
    contributions, figures = (state.contributions, state.figures()) if state else ((), {})
    added = added_sections(
        resume, featured, contributions, figures, settings.base_url, settings.portfolio.resume_contributions
    )
    name = str(resume.data["basics"]["name"])
    from pipeline.portfolio.pdf import cached_pdf  # the PDF code (and Pygments): only for a résumé

    pdf = cached_pdf(resume_html(resume, added), name, settings.portfolio.paper, cache, ctx.project.content)
    page = resume_page(name, resume_html(resume, added, PDF_LINK))
    files = (
        OutputFile(RESUME, page.encode(), str(resume.source)),
        OutputFile(RESUME_PDF, pdf.data, str(resume.source)),
    )
    if pdf.pages == 1:
        return StageResult(files=files)
    titles = {f"resume-{s.key}": s.title for s in sections(resume, added)}
    cut = ", ".join(titles.get(i, i) for i in pdf.overflow) or "the header"
    notice = (
        f"{ctx.project.relative(resume.source)}: the résumé takes {pdf.pages} pages "
        f"({settings.portfolio.paper}); it must fit one: cut or shorten {cut} (on page 2 and after)"
    )
    return StageResult(files=files, notices=(notice,))


def resume_page(name: str, fragment: str) -> str:
    meta = yaml.safe_dump(
        {"title": f"Résumé of {name}", "hide": ["toc"]}, sort_keys=False, allow_unicode=True
    )
    return f"---\n{meta}---\n\n{fragment}\n"


def previews(ctx: BuildContext, projects: list[PortfolioProject]) -> StageResult:
    """A 1200x630 `preview.png` in the folder of every post and project page."""
    if not ctx.settings.portfolio.previews:
        return StageResult()
    cache = Cache(ctx.project.cache / "previews", readonly=ctx.check)
    site = " · ".join(filter(None, [ctx.settings.author, ctx.settings.site_url.split("://")[-1].rstrip("/")]))
    cards = [
        (PurePosixPath(p.url_path), Card(p.title, p.description, site, "Post"), str(p.source))
        for p in ctx.posts
    ]
    cards += [
        (PurePosixPath(p.url_path), Card(p.title, p.summary, site, "Project"), str(p.source))
        for p in projects
    ]
    files = tuple(
        OutputFile(folder / "preview.png", cached_preview(card, cache), source)
        for folder, card, source in cards
    )
    return StageResult(files=files)  # not counted as conversions: a preview costs a tenth of a second
