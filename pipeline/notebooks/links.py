"""What sits around a notebook post's cells: the Colab / Binder / GitHub / download links at the
top, under the title, and the names of the scripts chart pages load from the site itself (never
from a CDN; the theme's loader loads them for elements marked `data-lip-script`).
Pure: builds Markdown and HTML from the post and the settings."""

from __future__ import annotations

import html
import re
from urllib.parse import quote

from pipeline.records import Post
from pipeline.settings import Settings

_GITHUB = re.compile(r"^https?://github\.com/([\w.-]+)/([\w.-]+?)(?:\.git)?/?$")


def header_links(post: Post, repo_path: str, settings: Settings, download: bool = True) -> str:
    """Buttons to open the notebook elsewhere; each one can be turned off in settings or per post."""
    options = settings.notebooks
    wanted = lambda name: getattr(options, name) and post.extra.get(name, True) is not False
    links = []
    repo = _GITHUB.match(settings.repo_url.strip())
    if repo:
        owner, name = repo.groups()
        path, branch = quote(repo_path), quote(settings.branch)
        if wanted("colab"):
            links.append(("Open in Colab", f"https://colab.research.google.com/github/{owner}/{name}/blob/{branch}/{path}"))
        if wanted("binder"):
            links.append(("Launch Binder", f"https://mybinder.org/v2/gh/{owner}/{name}/{branch}?labpath={path}"))
        if wanted("github"):
            links.append(("View on GitHub", f"https://github.com/{owner}/{name}/blob/{branch}/{path}"))
    if download and wanted("download"):
        links.append(("Download .ipynb", f"{post.slug}/{quote(post.source.name)}"))
    if not links:
        return ""
    buttons = " ".join(f"[{text}]({url}){{ .md-button }}" for text, url in links)
    return f'<div class="nb-links" data-search-exclude markdown>\n{buttons}\n</div>\n\n'


SCRIPTS = {"plotly": ("plotly.min.js",), "vega": ("vega.min.js", "vega-lite.min.js", "vega-embed.min.js")}


def under_title(body: str, title: str, links: str) -> str:
    """The post's title as its opening `# heading`, then `links`, then the cells. A body that opens
    with a `# heading` keeps it as the title; otherwise the title is added (escaped: it may come
    from third-party metadata), since Material shows a title only for a page without an h1."""
    head, _, rest = body.lstrip("\n").partition("\n")
    if not head.startswith("# "):
        head, rest = "# " + _markdown_text(title), body.lstrip("\n")
    return head + "\n\n" + links + rest.lstrip("\n")


def _markdown_text(text: str) -> str:
    """`text` as literal Markdown: HTML escaped, Markdown punctuation backslash-escaped."""
    return "".join("\\" + c if c in "\\`*_{}[]()#+-.!|" else c for c in html.escape(text, quote=False))
