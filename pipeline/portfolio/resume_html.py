"""The résumé as HTML, one `<section>` per part, for both its page and its PDF.

Every value is escaped; links are kept only for http(s) and mailto URLs. When the résumé does not
list them itself, a "Projects" section (featured projects) and an "Open source" section (merged
pull requests, by repository) are added. Pure: data in, text out.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Any, Callable

from pipeline.leads.site import link as http_link
from pipeline.leads.site import text as escape
from pipeline.portfolio.projects import PortfolioProject
from pipeline.portfolio.resume import Resume
from pipeline.portfolio.store import Contribution, RepoFigures

_MAILTO = re.compile(r"^mailto:[^\s\"'<>]+$")


@dataclass(frozen=True)
class Section:
    key: str  # the JSON Resume key, or `projects`/`open-source` for the added sections
    title: str
    html: str


def text(value: Any) -> str:
    """Untrusted text for HTML, on one line (a blank line would end Markdown's raw HTML block)."""
    return escape(str(value).replace("\n", " ")) if value not in (None, "") else ""


def link(url: Any, label: Any) -> str:
    """A link when `url` is http(s) or mailto, else just the escaped label."""
    if isinstance(url, str) and _MAILTO.match(url):
        return f'<a href="{escape(url)}">{text(label)}</a>'
    return http_link(url, str(label).replace("\n", " ")) if isinstance(url, str) else text(label)


def _span(start: Any, end: Any) -> str:
    if not start and not end:
        return ""
    return f'<span class="lip-resume-dates">{text(start)} – {text(end) or "present"}</span>'


def _list(items: Any) -> str:
    items = [i for i in items if i] if isinstance(items, list) else []
    return "<ul>" + "".join(f"<li>{text(i)}</li>" for i in items) + "</ul>" if items else ""


def _entry(title: str, subtitle: str = "", dates: str = "", body: str = "") -> str:
    sub = f' <span class="lip-resume-sub">{subtitle}</span>' if subtitle else ""
    head = f'<p class="lip-resume-head"><strong>{title}</strong>{sub}{dates}</p>'
    return f'<div class="lip-resume-entry">{head}{body}</div>'


def _para(value: Any) -> str:
    return f"<p>{text(value)}</p>" if value else ""


def _work(item: dict) -> str:
    return _entry(
        link(item.get("url"), item.get("name") or item.get("organization") or ""),
        text(item.get("position")),
        _span(item.get("startDate"), item.get("endDate")),
        _para(item.get("summary")) + _list(item.get("highlights")),
    )


def _education(item: dict) -> str:
    degree = " ".join(filter(None, [item.get("studyType"), item.get("area")]))
    score = f"<p>Score: {text(item['score'])}</p>" if item.get("score") else ""
    return _entry(
        link(item.get("url"), item.get("institution", "")),
        text(degree),
        _span(item.get("startDate"), item.get("endDate")),
        score + _list(item.get("courses")),
    )


def _project(item: dict) -> str:
    return _entry(
        link(item.get("url"), item.get("name", "")),
        text(", ".join(item.get("keywords") or [])),
        _span(item.get("startDate"), item.get("endDate")),
        _para(item.get("description")) + _list(item.get("highlights")),
    )


def _titled(title_key: str, sub_key: str, date_key: str, body_key: str) -> Callable[[dict], str]:
    def render(item: dict) -> str:
        return _entry(
            link(item.get("url"), item.get(title_key, "")),
            text(item.get(sub_key)),
            f'<span class="lip-resume-dates">{text(item[date_key])}</span>' if item.get(date_key) else "",
            _para(item.get(body_key)),
        )

    return render


def _keywords(item: dict) -> str:
    level = f" ({text(item['level'])})" if item.get("level") else ""
    words = ", ".join(text(k) for k in item.get("keywords") or [])
    return f"<li><strong>{text(item.get('name', ''))}</strong>{level}{': ' + words if words else ''}</li>"


def _languages(item: dict) -> str:
    fluency = f" ({text(item['fluency'])})" if item.get("fluency") else ""
    return f"<li>{text(item.get('language', ''))}{fluency}</li>"


ENTRIES: dict[str, tuple[str, Callable[[dict], str]]] = {
    "work": ("Experience", _work),
    "projects": ("Projects", _project),
    "volunteer": ("Volunteering", _work),
    "education": ("Education", _education),
    "awards": ("Awards", _titled("title", "awarder", "date", "summary")),
    "certificates": ("Certificates", _titled("name", "issuer", "date", "summary")),
    "publications": ("Publications", _titled("name", "publisher", "releaseDate", "summary")),
}
LISTS: dict[str, tuple[str, Callable[[dict], str]]] = {
    "skills": ("Skills", _keywords),
    "languages": ("Languages", _languages),
    "interests": ("Interests", _keywords),
}


def header(basics: dict) -> str:
    location = basics.get("location") or {}
    place = ", ".join(
        filter(None, [location.get("city"), location.get("region"), location.get("countryCode")])
    )
    contacts = [
        text(place),
        link(f"mailto:{basics['email']}", basics["email"]) if basics.get("email") else "",
        text(basics.get("phone")),
        link(basics.get("url"), basics.get("url", "")),
    ]
    contacts += [
        link(p.get("url"), f"{p.get('network', '')}: {p.get('username', '')}".strip(": "))
        for p in basics.get("profiles") or []
        if isinstance(p, dict)
    ]
    line = " · ".join(c for c in contacts if c)
    return (
        f'<header class="lip-resume-header"><h1>{text(basics.get("name"))}</h1>'
        + (f'<p class="lip-resume-label">{text(basics["label"])}</p>' if basics.get("label") else "")
        + (f'<p class="lip-resume-contacts">{line}</p>' if line else "")
        + _para(basics.get("summary"))
        + "</header>"
    )


def sections(resume: Resume, added: list[Section]) -> list[Section]:
    """The résumé's own sections in the usual order, with `added` after Experience."""
    found: list[Section] = []
    for key, (title, render) in ENTRIES.items():
        items = [i for i in resume.section(key) if isinstance(i, dict)]
        if items:
            found.append(Section(key, title, "".join(render(i) for i in items)))
        if key == "work":
            found += added
    for key, (title, render) in LISTS.items():
        items = [i for i in resume.section(key) if isinstance(i, dict)]
        if items:
            found.append(
                Section(key, title, '<ul class="lip-resume-list">' + "".join(map(render, items)) + "</ul>")
            )
    return found


def added_sections(
    resume: Resume,
    featured: list[PortfolioProject],
    contributions: tuple[Contribution, ...],
    figures: dict[str, RepoFigures],
    site_url: str,
    limit: int,
) -> list[Section]:
    """ "Projects" and "Open source", unless the résumé lists them itself."""
    added = []
    own = resume.section("projects")
    if featured and not own:
        added.append(Section("projects", "Projects", "".join(_featured(p, site_url) for p in featured)))
    if contributions and not any(
        str(p.get("type", "")).lower() == "open source" for p in own if isinstance(p, dict)
    ):
        added.append(Section("open-source", "Open source", open_source(contributions, figures, limit)))
    return added


def _featured(project: PortfolioProject, site_url: str) -> str:
    url = (
        f"{site_url}{project.url_path}"
        if site_url
        else (f"https://github.com/{project.repo}" if project.repo else "")
    )
    return _entry(link(url, project.title), text(", ".join(project.tags)), "", _para(project.summary))


def open_source(contributions: tuple[Contribution, ...], figures: dict[str, RepoFigures], limit: int) -> str:
    """One line per repository (most recent first): stars and how many pull requests were merged."""
    by_repo: dict[str, list[Contribution]] = defaultdict(list)
    for pull in contributions:
        by_repo[pull.repo].append(pull)
    items = []
    for repo, pulls in list(by_repo.items())[:limit]:
        stars = figures.get(repo.lower())
        star_text = f" (★ {stars.stars:,})" if stars else ""
        titles = "; ".join(link(p.url, p.title) for p in pulls[:2])
        items.append(
            f"<li><strong>{link(f'https://github.com/{repo}', repo)}</strong>{text(star_text)}: "
            f"{len(pulls)} merged pull request{'s' if len(pulls) > 1 else ''}: {titles}</li>"
        )
    return '<ul class="lip-resume-list">' + "".join(items) + "</ul>"


def resume_html(resume: Resume, added: list[Section], after_header: str = "") -> str:
    """The whole résumé as one HTML fragment, without blank lines (Markdown leaves it alone);
    `after_header` goes between the header and the first section (the page's PDF link)."""
    parts = [header(resume.data.get("basics") or {}) + after_header]
    parts += [
        f'<section id="resume-{s.key}" class="lip-resume-section"><h2>{s.title}</h2>{s.html}</section>'
        for s in sections(resume, added)
    ]
    return '<div class="lip-resume">' + "\n".join(parts) + "</div>"
