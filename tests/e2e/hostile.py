"""Third-party text for the pages that show other people's words (leads, digest): ordinary
posts, and hostile ones.

Every payload, if it ever ran, would record itself in `window.__lipRan`, change the title or open
a dialog; the tests look for all three."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from xml.sax.saxutils import escape

NOW = datetime.now(UTC).replace(microsecond=0)
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


def _rss_item(title: str, link: str, body: str, when: datetime) -> str:
    return (f"<item><title>{escape(title)}</title><link>{escape(link)}</link>"
            f"<guid>{escape(link or title)}</guid><pubDate>{format_datetime(when)}</pubDate>"
            f"<description>{escape(body)}</description></item>")


def _rss(name: str, site: str, items: list[str]) -> bytes:
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
            f"<title>{escape(name)}</title><link>{escape(site)}</link><description>{escape(name)}"
            f"</description>{''.join(items)}</channel></rss>").encode()


FRIENDS = {  # fictional people, ordinary posts: what a digest usually looks like
    "Lin Park": ("ML research", [
        ("Why layer norm comes before attention",
         "Pre-norm transformers train without warm-up; here is the gradient argument."),
        ("Reading the Chinchilla paper slowly",
         "Compute-optimal training in one table: tokens per parameter, and what changed since.")]),
    "Noor Haddad": ("Explainers", [
        ("A visual guide to beam search",
         "Greedy decoding, beams of width 2 and 4, and why longer beams can hurt summaries.")]),
    "Sam Okafor": ("ML engineering", [
        ("Debugging NaNs in mixed precision",
         "Loss scaling, overflow in softmax, and the print statement that found my bug.")]),
}


def write_feeds(folder: Path, base: str) -> dict[str, tuple[str, str]]:
    """RSS feeds under `folder` (served at `base`): three friends' ordinary posts, and Mallory,
    whose entries carry every payload in titles, links and bodies (plus a tracking pixel).
    Returns {person: (feed URL, category)}."""
    when = NOW - timedelta(hours=2)
    folder.mkdir(parents=True, exist_ok=True)
    feeds = {}
    for person, (category, posts) in FRIENDS.items():
        slug = person.split()[0].lower()
        items = [_rss_item(title, f"{base}{slug}/{n}", f"<p>{summary}</p>", when - timedelta(hours=n))
                 for n, (title, summary) in enumerate(posts)]
        (folder / f"{slug}.xml").write_bytes(_rss(person, f"{base}{slug}/", items))
        feeds[person] = (f"{base}{slug}.xml", category)
    hostile = [_rss_item(f"{MARKER} {name} {payload}",
                         JS_URL if name == "script" else f"{base}mallory/{n}",
                         f"<p>Body of {name}.</p>{payload}<img src=\"https://tracker.invalid/p.gif\">"
                         f"<a href=\"{JS_URL}\">click</a><style>body{{display:none}}</style>",
                         when - timedelta(minutes=n))
               for n, (name, payload) in enumerate(PAYLOADS.items(), start=1)]
    (folder / "mallory.xml").write_bytes(_rss("Mallory", f"{base}mallory/", hostile))
    feeds["Mallory"] = (f"{base}mallory.xml", "Untrusted feeds")  # sorts last on the page
    return feeds


def publish_digest(root: Path, feeds: dict[str, tuple[str, str]], lip) -> None:
    """Follow only `feeds` (never the example's real people: no network here), fetch, publish."""
    (root / "content" / "following.opml").unlink(missing_ok=True)
    for name, (url, category) in feeds.items():
        lip(root, "follow", url, "--name", name, "--category", category)
    lip(root, "feeds", "update")
    lip(root, "digest")


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
