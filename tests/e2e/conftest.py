"""The example site in a real browser: built once with `lip build`, served on 127.0.0.1, driven by
headless Chromium through Playwright.

Every fixture here talks only to 127.0.0.1 and writes only into pytest's temporary folders and the
git-ignored `.screenshots/` (`.ci/screenshots` copies those into the README's `.github/screenshots/`).
It never writes into the repository's content, `build/` or `site/`, so a test run leaves
`git status` clean.

Without Chromium the browser tests skip on a developer's machine and FAIL when `CI=true`.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
import sys
import threading
import tomllib
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

REPO = Path(__file__).resolve().parents[2]
SCREENSHOTS = Path(os.environ.get("LIP_SCREENSHOTS", REPO / ".screenshots"))
CHROMIUM = Path(os.environ.get("LIP_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
INSTALL_HINT = (
    "browser tests need Chromium and Playwright: `sudo apt-get install chromium` and "
    "`.venv/bin/pip install -e '.[test]'` (never `playwright install`)"
)
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "browser: end-to-end test in headless Chromium against the built example site")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)


# --- the site ---------------------------------------------------------------------------------

def copy_site_repo(source: Path, root: Path) -> Path:
    """The files a fresh clone needs to build the site, copied so the build never touches `source`."""
    root.mkdir(parents=True, exist_ok=True)
    for name in ("content", "pyproject.toml", "mkdocs.yml", *theme_overrides(source)):
        path = source / name
        (shutil.copytree if path.is_dir() else shutil.copy)(path, root / name)
    return root


def theme_overrides(source: Path) -> list[str]:
    """The `theme.custom_dir` folder mkdocs.yml names, when there is one (the build needs it)."""
    found = re.search(r"^\s+custom_dir:\s*['\"]?([^'\"#\s]+)", (source / "mkdocs.yml").read_text(), re.MULTILINE)
    return [found.group(1)] if found and (source / found.group(1)).is_dir() else []


def lip(root: Path, *args: str) -> None:
    """Run the real `lip` command the way a user does; fail with its own message if it fails."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    run = subprocess.run([sys.executable, "-m", "pipeline", "-C", str(root), *args],
                         capture_output=True, text=True, env=env, timeout=300, check=False)
    if run.returncode:
        pytest.fail(f"lip {' '.join(args)} failed in {root}:\n{run.stdout}\n{run.stderr}",
                    pytrace=False)


def base_path(root: Path) -> str:
    """The URL path GitHub Pages serves the site under (from `site_url`), e.g. `/learn-in-public/`."""
    settings = tomllib.loads((root / "pyproject.toml").read_text())["tool"]["lip"]
    path = urlsplit(settings.get("site_url", "/")).path or "/"
    return path if path.endswith("/") else path + "/"


class _SiteHandler(SimpleHTTPRequestHandler):
    """Serves `site/` under the site's base path only, as GitHub Pages does (so root-absolute
    links that would break on Pages break here too)."""

    prefix = "/"

    def send_head(self):
        if not urlsplit(self.path).path.startswith(self.prefix):
            self.send_error(404, "outside the site's base path")
            return None
        return super().send_head()

    def translate_path(self, path: str) -> str:
        return super().translate_path("/" + path[len(self.prefix):])

    def log_message(self, format: str, *args) -> None:
        pass


@dataclass(frozen=True)
class Site:
    """A built site and the loopback URL it is served at."""

    root: Path  # the project copy: content/, build/docs, site/
    url: str    # e.g. http://127.0.0.1:41234/learn-in-public/

    @property
    def folder(self) -> Path:
        return self.root / "site"

    def at(self, path: str) -> str:
        return self.url + path.lstrip("/")


def serve(folder: Path, prefix: str):
    """Start a threaded HTTP server for `folder` on 127.0.0.1; return (server, base URL)."""
    handler = type("Handler", (_SiteHandler,), {"prefix": prefix})
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}{prefix}"


@pytest.fixture(scope="session")
def served_site(tmp_path_factory):
    """Build a site repository once and serve it; call with the source folder."""
    servers = []

    def make(source: Path, name: str, prepare=None) -> Site:
        root = copy_site_repo(source, tmp_path_factory.mktemp(name) / "repo")
        if prepare:
            prepare(root)
        lip(root, "build")
        server, url = serve(root / "site", base_path(root))
        servers.append(server)
        return Site(root, url)

    yield make
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def site(served_site) -> Site:
    """The repository's own example site (or `LIP_E2E_REPO`'s), built by `lip build` and served."""
    return served_site(Path(os.environ.get("LIP_E2E_REPO", REPO)), "example")


@pytest.fixture(scope="session")
def hostile_site(served_site, tmp_path_factory) -> Site:
    """The example site plus third-party text that attacks (see hostile.py): leads whose titles,
    labels and links carry scripts, and a digest published by the real `lip follow`, `lip feeds
    update` and `lip digest` from feeds served on 127.0.0.1. Built from its own copy."""
    from .hostile import publish_digest, write_feeds, write_hostile_leads
    folder = tmp_path_factory.mktemp("feeds")
    server, base = serve(folder, "/")
    feeds = write_feeds(folder, base)

    def prepare(root: Path) -> None:
        write_hostile_leads(root)
        publish_digest(root, feeds, lip)

    try:
        yield served_site(Path(os.environ.get("LIP_E2E_REPO", REPO)), "hostile", prepare)
    finally:
        server.shutdown()
        server.server_close()


# --- the browser ------------------------------------------------------------------------------

def _missing_browser(reason: str) -> None:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI=true and {reason}: {INSTALL_HINT}", pytrace=False)
    pytest.skip(f"{reason}; {INSTALL_HINT}")


@pytest.fixture(scope="session")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing_browser("Playwright is not installed")
    if not CHROMIUM.is_file():
        _missing_browser(f"Chromium is not installed at {CHROMIUM}")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@dataclass
class Traffic:
    """Everything a page asked for and complained about while a test ran."""

    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    def foreign(self) -> list[str]:
        """Requests to anything but 127.0.0.1 (data: and blob: URLs never leave the page)."""
        return [url for url in self.requests
                if urlsplit(url).scheme not in ("data", "blob", "about")
                and urlsplit(url).hostname != "127.0.0.1"]

    def problems(self) -> list[str]:
        return ([f"request left 127.0.0.1: {u}" for u in self.foreign()]
                + [f"console error: {e}" for e in self.console_errors]
                + [f"uncaught exception: {e}" for e in self.page_errors]
                + [f"request failed: {f}" for f in self.failed])


def watch(page) -> Traffic:
    """Record every request, failed request, console error and uncaught exception of `page`."""
    traffic = Traffic()
    page.on("request", lambda r: traffic.requests.append(r.url))
    # ERR_ABORTED is the browser cancelling a request itself (e.g. when the test navigates on).
    page.on("requestfailed", lambda r: "ERR_ABORTED" not in (r.failure or "")
            and traffic.failed.append(f"{r.url} ({r.failure})"))
    page.on("console", lambda m: m.type == "error" and traffic.console_errors.append(
        f"{m.text} at {m.location.get('url')}"))
    page.on("pageerror", lambda e: traffic.page_errors.append(str(e)))
    return traffic


def _open_page(browser, viewport: dict, **options):
    context = browser.new_context(viewport=viewport, accept_downloads=True, **options)
    page = context.new_page()
    page.set_default_timeout(10_000)
    return context, page, watch(page)


@pytest.fixture
def desktop(browser):
    """A 1280x800 page, with its traffic as `page.traffic`."""
    context, page, traffic = _open_page(browser, DESKTOP)
    page.traffic = traffic
    yield page
    context.close()


@pytest.fixture
def phone(browser):
    """A 390x844 touch page (device scale 2), with `page.traffic`."""
    context, page, traffic = _open_page(browser, PHONE, is_mobile=True, has_touch=True,
                                        device_scale_factor=2)
    page.traffic = traffic
    yield page
    context.close()


def screenshot(page, name: str) -> Path:
    """Save screenshot `name`.png into SCREENSHOTS (git-ignored; the README's copies are refreshed
    from there only by `.ci/screenshots`)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=False, animations="disabled")
    return path
