"""Hostile third-party text for the pages that show other people's words (leads, digest).

Every payload, if it ever ran, would record itself in `window.__lipRan`, change the title or open
a dialog; the tests look for all three."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

NOW = datetime.now(timezone.utc).replace(microsecond=0)
RUN = "(window.__lipRan=(window.__lipRan||[])).push('{0}');document.title='PWNED {0}'"
PAYLOADS = {
    "script": f"<script>{RUN.format('script')}</script>",
    "img": f"<img src=x onerror=\"{RUN.format('img')}\">",
    "svg": f"<svg onload=\"{RUN.format('svg')}\"></svg>",
    "iframe": f"<iframe srcdoc=\"<script>parent.{RUN.format('iframe')}</script>\"></iframe>",
    "break-out": f"\"><script>{RUN.format('break-out')}</script>",
}
JS_URL = f"javascript:{RUN.format('href')}"
MARKER = "Hostile entry"  # plain text that must still show on the page


def write_hostile_leads(root: Path) -> None:
    """A `lip leads` result whose issue titles, labels and URLs are all attacks."""
    from pipeline.leads.rank import Lead
    from pipeline.leads.state import LeadsRun, write_run
    leads = tuple(
        Lead(repo="octo/lib", number=n, title=f"{MARKER} {name} {payload}",
             url=JS_URL if name == "script" else f"https://github.com/octo/lib/issues/{n}",
             labels=("good first issue", payload), comments=1,
             created_at=NOW - timedelta(days=3), updated_at=NOW - timedelta(days=1),
             score=1.0, why=f"you import lib; {payload}")
        for n, (name, payload) in enumerate(PAYLOADS.items(), start=1))
    write_run(root / ".lip" / "state", LeadsRun(leads, NOW, key="e2e", notices=(PAYLOADS["img"],)))


def ran_scripts(page) -> list[str]:
    """What any hostile payload managed to do on `page`."""
    ran = page.evaluate("() => window.__lipRan || []")
    title = page.title()
    return ran + ([f"title changed to {title!r}"] if "PWNED" in title else [])


def dangerous_markup(page) -> list[str]:
    """Script elements, inline event handlers and javascript: links inside the article."""
    return page.evaluate("""() => {
      const article = document.querySelector('article');
      const found = [];
      for (const e of article.querySelectorAll('*')) {
        if (['SCRIPT', 'IFRAME', 'OBJECT', 'EMBED'].includes(e.tagName)) found.push(e.outerHTML.slice(0, 80));
        for (const a of e.attributes) {
          if (a.name.startsWith('on') || /^\\s*javascript:/i.test(a.value) || a.name === 'srcdoc')
            found.push(`${e.tagName.toLowerCase()} ${a.name}=${a.value.slice(0, 60)}`);
        }
      }
      return found;
    }""")
