"""What the leads stage adds to the generated docs folder: `leads/index.md`, from the last run,
and what `lip doctor` tells the owner about it (`leads_status`).

The page is for visitors: it never shows owner instructions (commands, tokens, settings, skipped
repositories); with nothing to show it says so kindly, and the owner learns why from `lip doctor`.
Never searches GitHub during a build (builds stay offline): it only reads `.lip/state/leads.json`.
Issue titles and labels are untrusted text, so every one loses its invisible and bidirectional
control characters and is HTML-escaped into a raw HTML table that Markdown leaves alone; links are
kept only when they are plain http(s) URLs.
"""

from __future__ import annotations

import html
import re
from pathlib import PurePosixPath

from pipeline.leads.rank import Lead
from pipeline.leads.state import LeadsRun, read_run
from pipeline.leads.text import visible
from pipeline.project import BuildContext, Project
from pipeline.records import OutputFile, StageResult

PAGE = PurePosixPath("leads/index.md")
_SAFE_URL = re.compile(r"^https?://[^\s\"'<>]+$")
_REPO = re.compile(r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$")
ABOUT = ("Open, unassigned issues with beginner labels and no linked pull request, in the "
         "libraries my notebooks and notes use.")
EMPTY = f"""# Good first issues

{ABOUT} There are none to show right now; please check back later.
"""


def text(value: str) -> str:
    """Untrusted text made safe for an HTML page: invisible characters dropped, markup escaped."""
    return html.escape(visible(value), quote=True)


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


def leads_page(run: LeadsRun | None) -> str:
    """The whole Markdown page for `run`: the table, or the visitors' empty state."""
    if run is None or not run.leads:
        return EMPTY
    when = f"{run.fetched_at:%Y-%m-%d %H:%M} UTC"
    partial = "" if run.complete else " GitHub did not answer every search that time, so some may be missing."
    intro = f"{ABOUT} Found on {when}; best first.{partial}\n"
    return "\n".join(["# Good first issues\n", intro, leads_table(run.leads)]).rstrip() + "\n"


def leads_status(project: Project) -> str | None:
    """What the owner should know about the Leads page (for `lip doctor`), or None when it is fine."""
    run = read_run(project.state)
    if run is None:
        return ("the Leads page shows visitors an empty state: run `lip leads` (set GITHUB_TOKEN for "
                "higher rate limits), then `lip build`")
    when = f"{run.fetched_at:%Y-%m-%d %H:%M} UTC"
    if run.stopped:
        return (f"the last `lip leads` ({when}) stopped early: {visible(run.stopped)}; "
                "run `lip leads --refresh`")
    if not run.leads:
        return (f"the last `lip leads` ({when}) found no issues, so visitors see an empty state: try a "
                "larger updated_within_days or more repos in [tool.lip.leads]")
    if run.incomplete:
        return (f"GitHub's search returned incomplete results at the last `lip leads` ({when}); "
                "run `lip leads --refresh`")
    return None


def site_files(ctx: BuildContext) -> StageResult:
    run = read_run(ctx.project.state)
    return StageResult(files=(OutputFile(PAGE, leads_page(run).encode("utf-8"), "leads"),))
