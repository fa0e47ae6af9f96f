"""What sits around a notebook post's cells: the Colab / Binder / GitHub / download links at the
top, and the stylesheet and scripts the page loads from the site itself (never from a CDN).
Pure: builds Markdown and HTML from the post and the settings."""

from __future__ import annotations

import re
from pathlib import PurePosixPath
from urllib.parse import quote

from pipeline.records import Post
from pipeline.settings import Settings

_GITHUB = re.compile(r"^https?://github\.com/([\w.-]+)/([\w.-]+?)(?:\.git)?/?$")


def header_links(post: Post, repo_path: str, settings: Settings) -> str:
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
    if wanted("download"):
        links.append(("Download .ipynb", f"{post.slug}/{quote(post.source.name)}"))
    if not links:
        return ""
    buttons = " ".join(f"[{text}]({url}){{ .md-button }}" for text, url in links)
    return f'<div class="nb-links" data-search-exclude markdown>\n{buttons}\n</div>\n\n'


SCRIPTS = {"plotly": ("plotly.min.js",), "vega": ("vega.min.js", "vega-lite.min.js", "vega-embed.min.js")}


def page_assets(post: Post, libraries: frozenset[str], end: bool = False) -> str:
    """The stylesheet (top of the page) or scripts (end of the page), relative to the page's URL."""
    up = "../" * len(PurePosixPath(post.url_path).parts)
    if not end:
        return f'<div class="nb-assets" hidden><link rel="stylesheet" href="{up}assets/stylesheets/notebooks.css"></div>\n\n'
    if not libraries:
        return ""
    names = [name for library in sorted(libraries) for name in SCRIPTS[library]] + ["notebooks.js"]
    return "\n" + "".join(f'<script src="{up}assets/javascripts/{name}"></script>\n' for name in names)
