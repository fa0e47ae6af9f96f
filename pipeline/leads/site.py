"""What the leads stage adds to the generated docs folder: `leads/index.md`, from the last run.

Never searches GitHub during a build (builds stay offline): it only reads `.lip/state/leads.json`.
Issue titles and labels are untrusted text, so every one is HTML-escaped into a raw HTML table
that Markdown leaves alone; links are kept only when they are plain http(s) URLs.
"""

from __future__ import annotations

import html
import re
from pathlib import PurePosixPath

from pipeline.leads.rank import Lead
from pipeline.leads.state import LeadsRun, read_run
from pipeline.project import BuildContext
from pipeline.records import OutputFile, StageResult

PAGE = PurePosixPath("leads/index.md")
_SAFE_URL = re.compile(r"^https?://[^\s\"'<>]+$")
_REPO = re.compile(r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")

EMPTY = """# Good first issues

No leads yet. Run `lip leads` in this repository (set `GITHUB_TOKEN` for higher rate limits) to
search GitHub for open, unclaimed beginner issues in the libraries your notebooks and notes
import, then `lip build` to publish them here.
"""


def text(value: str) -> str:
    """Untrusted text made safe for an HTML page: control characters dropped, markup escaped."""
    return html.escape(_CONTROL.sub("", value), quote=True)


def link(url: str, label: str) -> str:
    if _SAFE_URL.match(url):
        return f'<a href="{text(url)}">{text(label)}</a>'
    return text(label)


def repo_link(repo: str) -> str:
    return link(f"https://github.com/{repo}", repo) if _REPO.match(repo) else text(repo)


def lead_row(lead: Lead) -> str:
    labels = " ".join(f"<code>{text(label)}</code>" for label in lead.labels)
    cells = [repo_link(lead.repo), f"{link(lead.url, lead.title)} (#{lead.number})", labels,
             f"{lead.updated_at:%Y-%m-%d}", f"{lead.created_at:%Y-%m-%d}", str(lead.comments), text(lead.why)]
    return "<tr>" + "".join(f"<td>{cell}</td>" for cell in cells) + "</tr>"


def leads_table(leads: tuple[Lead, ...]) -> str:
    head = "".join(f"<th>{h}</th>" for h in
                   ("Repository", "Issue", "Labels", "Updated", "Opened", "Comments", "Why"))
    rows = "\n".join(lead_row(lead) for lead in leads)
    # Material styles only class-less tables (`table:not([class])`), so the class goes on a wrapper.
    return (f'<div class="lip-leads">\n<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{rows}\n'
            '</tbody>\n</table>\n</div>\n')


def notices_block(run: LeadsRun) -> str:
    lines = ([f"<li><strong>Partial results:</strong> {text(run.stopped)}</li>"] if run.stopped else [])
    lines += [f"<li>{text(n)}</li>" for n in run.notices]
    return "" if not lines else "<ul class=\"lip-leads-notices\">\n" + "\n".join(lines) + "\n</ul>\n"


def leads_page(run: LeadsRun | None) -> str:
    """The whole Markdown page for `run`, or the empty state when there is no run yet."""
    if run is None:
        return EMPTY
    when = f"{run.fetched_at:%Y-%m-%d %H:%M} UTC"
    intro = (f"Open, unassigned issues with beginner labels and no linked pull request, in the "
             f"libraries my notebooks and notes use. Found on {when}; best first.\n")
    if not run.leads:
        body = "The last search found no matching issues. Try a longer `updated_within_days` or more repositories.\n"
    else:
        body = leads_table(run.leads)
    return "\n".join(["# Good first issues\n", intro, body, notices_block(run)]).rstrip() + "\n"


def site_files(ctx: BuildContext) -> StageResult:
    run = read_run(ctx.project.state)
    return StageResult(files=(OutputFile(PAGE, leads_page(run).encode("utf-8"), "leads"),))
