"""Digests as Markdown pages, an Atom feed, and plain text for the terminal and email.

Pure functions. Every third-party string is escaped or re-sanitized here, even though it was
sanitized when fetched: a hand-edited digest file is as untrusted as a feed.
"""

from __future__ import annotations

import html
import re
from itertools import groupby
from xml.sax.saxutils import escape as xml_escape

from pipeline.feeds.digest import Digest, DigestItem
from pipeline.feeds.sanitize import clean_html, plain_text, shorten

_MD_ACTIVE = re.compile(r"([\\`*_\[\]#|$~])")
EMPTY = """# Digest

No digest has been published yet. This page will list the new posts of the people I follow,
grouped by person, each with a short summary and a link to the original.
"""  # for visitors: the owner learns what to run from `lip doctor` (see `site.digest_status`)


def md_text(text: str, limit: int = 0) -> str:
    """Untrusted text for a Markdown line: tags dropped, Markdown/HTML/math characters escaped."""
    text = shorten(plain_text(text), limit)
    return _MD_ACTIVE.sub(r"\\\1", html.escape(text, quote=False))


def _by_person(items: tuple[DigestItem, ...]):
    ordered = sorted(items, key=lambda i: (i.category.lower(), i.person.lower(), i.date))
    return groupby(ordered, key=lambda i: (i.category, i.person))


def digest_markdown(digest: Digest, summary_chars: int, heading: str = "#") -> str:
    """A digest's body: one section per person, each post with title, link, date and summary."""
    people = {i.person for i in digest.items}
    lines = [f"{heading} Digest of {digest.day:%A %d %B %Y}", "",
             f"{len(digest.items)} new post(s) from {_count(len(people), 'person', 'people')} you follow."
             if digest.items else "Nothing new from the people you follow that day.", ""]
    for (category, person), items in _by_person(digest.items):
        suffix = f" · {md_text(category)}" if category else ""
        lines += [f"{heading}# {md_text(person)}{suffix}", ""]
        for item in items:
            link = html.escape(item.link, quote=True)
            title = f"[{md_text(item.title)}](<{link}>)" if link else md_text(item.title)
            lines.append(f"- **{title}** · {item.date:%Y-%m-%d}  ")
            summary = md_text(item.summary, summary_chars)
            lines.append(f"  {summary}" if summary else "")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def digest_page(digest: Digest, summary_chars: int) -> str:
    title = f"Digest {digest.day.isoformat()}"
    return f"---\ntitle: {title}\n---\n\n" + digest_markdown(digest, summary_chars)


def index_page(digests: tuple[Digest, ...], summary_chars: int, feed_href: str) -> str:
    """Latest digest in full, then the archive (newest first), and the Atom feed's link."""
    if not digests:
        return EMPTY
    latest = digests[-1]
    lines = ["# Digest", "", f"New posts from the people I follow. [Atom feed of digests]({feed_href})", "",
             digest_markdown(latest, summary_chars, heading="##"), "## Archive", ""]
    lines += [f"- [{d:%A %d %B %Y}]({d.isoformat()}.md) · {len(x.items)} post(s)"
              for x in reversed(digests) for d in [x.day]]
    return "\n".join(lines) + "\n"


def digest_html(digest: Digest, summary_chars: int) -> str:
    """The digest as HTML for the Atom feed and for email; every field escaped or re-sanitized."""
    parts = [f"<p>{len(digest.items)} new post(s).</p>"]
    for (category, person), items in _by_person(digest.items):
        suffix = f" · {html.escape(category)}" if category else ""
        parts.append(f"<h2>{html.escape(person)}{suffix}</h2><ul>")
        for item in items:
            text = html.escape(plain_text(item.title))
            href = html.escape(item.link, quote=True)
            anchor = clean_html(f'<a href="{href}">{text}</a>', item.link) if item.link else text
            summary = html.escape(summary_text(item.summary, summary_chars))
            parts.append(f"<li><strong>{anchor}</strong> · {item.date:%Y-%m-%d}<br>{summary}</li>")
        parts.append("</ul>")
    return "".join(parts)


def summary_text(fragment: str, limit: int) -> str:
    return shorten(plain_text(fragment), limit)


def digest_text(digest: Digest, summary_chars: int) -> str:
    """Plain text for `lip digest --print` and the text part of the email."""
    lines = [f"Digest of {digest.day:%A %d %B %Y}: {len(digest.items)} new post(s)", ""]
    for (category, person), items in _by_person(digest.items):
        lines.append(f"{plain_text(person)}{' (' + plain_text(category) + ')' if category else ''}")
        for item in items:
            lines += [f"  - {plain_text(item.title)} ({item.date:%Y-%m-%d})", f"    {item.link}"]
            summary = summary_text(item.summary, summary_chars)
            if summary:
                lines.append(f"    {summary}")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def atom_feed(digests: tuple[Digest, ...], base_url: str, title: str, summary_chars: int) -> str:
    """An Atom feed with one entry per digest, newest first; URLs are absolute when `base_url` is set."""
    updated = max((d.created for d in digests), default=None)
    home = f"{base_url}digest/"
    out = ['<?xml version="1.0" encoding="utf-8"?>', '<feed xmlns="http://www.w3.org/2005/Atom">',
           f"<title>{xml_escape(title)}</title>", f"<id>{xml_escape(home or 'urn:lip:digest')}</id>",
           f'<link rel="alternate" href="{xml_escape(home)}"/>',
           f'<link rel="self" href="{xml_escape(home + "feed.xml")}"/>',
           f"<updated>{(updated.isoformat() if updated else '1970-01-01T00:00:00+00:00')}</updated>"]
    for digest in reversed(digests):
        url = f"{home}{digest.day.isoformat()}/"
        entry_id = url if base_url else f"urn:lip:digest:{digest.day.isoformat()}"
        out += ["<entry>", f"<title>Digest {digest.day.isoformat()}</title>",
                f"<id>{xml_escape(entry_id)}</id>", f'<link rel="alternate" href="{xml_escape(url)}"/>',
                f"<updated>{digest.created.isoformat()}</updated>",
                f'<content type="html">{xml_escape(digest_html(digest, summary_chars))}</content>',
                "</entry>"]
    return "\n".join(out + ["</feed>"]) + "\n"
