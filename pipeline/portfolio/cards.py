"""HTML of project cards and figures, shared by the Projects page and the home page.

Every piece of text is escaped (GitHub's and the user's alike); links are kept only when they are
plain http(s) URLs. Pure: records in, HTML out, without blank lines (Markdown leaves it alone).
"""

from __future__ import annotations

from datetime import datetime

from pipeline.portfolio.projects import PortfolioProject
from pipeline.portfolio.resume_html import link, text
from pipeline.portfolio.store import RepoFigures


def figures_line(figures: RepoFigures | None, now: datetime) -> str:
    """`★ 1,234 · Python · pushed 3 days ago`, or '' before the first `lip portfolio update`."""
    if figures is None:
        return ""
    parts = [f"★ {figures.stars:,}"]
    if figures.language:
        parts.append(text(figures.language))
    if figures.pushed_at:
        parts.append(
            f'pushed <time datetime="{figures.pushed_at:%Y-%m-%d}">'
            f"{pushed_ago(figures.pushed_at, now)}</time>"
        )
    return f'<p class="lip-figures">{" · ".join(parts)}</p>'


def pushed_ago(when: datetime, now: datetime) -> str:
    days = max(0, (now - when).days)
    if days == 0:
        return "today"
    if days < 60:
        return f"{days} day{'s' if days > 1 else ''} ago"
    return f"on {when:%Y-%m-%d}"


def buttons(project: PortfolioProject, page: str = "") -> str:
    found = [f'<a class="md-button" href="{page}">Read the story</a>'] if page else []
    if project.demo:
        found.append(
            link(project.demo, "Live demo").replace("<a ", '<a class="md-button md-button--primary" ', 1)
        )
    if project.repo:
        found.append(
            link(f"https://github.com/{project.repo}", "Repository").replace(
                "<a ", '<a class="md-button" ', 1
            )
        )
    return f'<p class="lip-buttons">{" ".join(found)}</p>' if found else ""


def tags(project: PortfolioProject) -> str:
    if not project.tags:
        return ""
    return '<p class="lip-tags">' + "".join(f"<span>{text(t)}</span>" for t in project.tags) + "</p>"


def project_card(
    project: PortfolioProject, figures: RepoFigures | None, now: datetime, base: str = "", level: int = 2
) -> str:
    """One card; `base` is the way from the page holding it to `projects/` ('' or 'projects/'),
    `level` its heading's (3 under the home page's "Featured projects")."""
    page = f"{base}{project.name}/"
    image = ""
    if project.image_output:
        image = (
            f'<a class="lip-project-image" href="{page}">'
            f'<img src="{base}{project.name}/{text(project.image.name)}" '
            f'alt="{text(project.title)}" loading="lazy"></a>'
        )
    return (
        f'<div class="lip-project-card">{image}<div class="lip-project-text">'
        f'<h{level}><a href="{page}">{text(project.title)}</a></h{level}><p>{text(project.summary)}</p>'
        f"{tags(project)}{figures_line(figures, now)}{buttons(project)}</div></div>"
    )


def project_cards(
    projects: list[PortfolioProject],
    figures: dict[str, RepoFigures],
    now: datetime,
    base: str = "",
    level: int = 2,
) -> str:
    cards = [project_card(p, figures.get(p.repo.lower()), now, base, level) for p in projects]
    return '<div class="lip-projects">\n' + "\n".join(cards) + "\n</div>\n"
