"""The Projects, Contributions and Résumé pages in headless Chromium at 390 px and 1280 px:
nothing cut off or scrolling sideways, images load, nothing leaves 127.0.0.1, GitHub's text shows
as text. The site is the example, after a real `lip portfolio update` against a GitHub REST
server on 127.0.0.1 (PyGitHub). Also takes the README's screenshots."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from .browsing import broken_images, horizontal_overflow, overflowing_elements
from .conftest import REPO, screenshot
from .hostile import PAYLOADS, dangerous_markup, ran_scripts

sys.path.insert(0, str(REPO / "tests" / "data" / "portfolio"))
from portfolio_server import FakePull, FakeRepo, PortfolioServer  # noqa: E402

PAGES = ("projects/", "contributions/", "resume/")
REPOS = [
    FakeRepo("example/iris-classifier", 12, "Jupyter Notebook", "2026-11-18T10:00:00Z"),
    FakeRepo("numpy/numpy", 29800, "Python"),
    FakeRepo("pandas-dev/pandas", 45100, "Python"),
    FakeRepo("scikit-learn/scikit-learn", 61200, "Python"),
    FakeRepo("octo/lib", 3, PAYLOADS["svg"]),
]
PULLS = [
    FakePull(
        "scikit-learn/scikit-learn",
        30412,
        "DOC Clarify what predict_proba returns for ties",
        "example",
        "2026-11-21T09:00:00Z",
        "Fixes #30400",
    ),
    FakePull(
        "numpy/numpy",
        27815,
        "DOC: fix the broadcasting example in the user guide",
        "example",
        "2026-10-30T09:00:00Z",
    ),
    FakePull(
        "pandas-dev/pandas",
        60211,
        "BUG: read_csv drops a byte-order mark in the first header name",
        "example",
        "2026-09-12T09:00:00Z",
    ),
    FakePull(
        "numpy/numpy", 27004, "TST: cover np.linspace with an empty range", "example", "2026-07-02T09:00:00Z"
    ),
    FakePull("octo/lib", 1, f"Hostile entry {PAYLOADS['script']}", "example", "2026-03-01T09:00:00Z"),
]


def update_portfolio(root: Path) -> None:
    """The real `lip portfolio update`, with PyGitHub talking to a server on 127.0.0.1."""
    from pipeline.leads.rank import Lead
    from pipeline.leads.state import LeadsRun, write_run
    from .hostile import NOW

    lead = Lead(
        "scikit-learn/scikit-learn",
        30400,
        "predict_proba docs",
        "https://github.com/scikit-learn/scikit-learn/issues/30400",
        ("good first issue",),
        0,
        NOW,
        NOW,
        1.0,
        "you import sklearn",
    )
    write_run(root / ".lip" / "state", LeadsRun((lead,), NOW))
    with PortfolioServer(repos=REPOS, pulls=PULLS) as server:
        env = {**os.environ, "GITHUB_API_URL": server.url, "GITHUB_TOKEN": ""}
        subprocess.run(
            [sys.executable, "-m", "pipeline", "-C", str(root), "portfolio", "update"],
            env=env,
            check=True,
            capture_output=True,
            timeout=120,
        )


@pytest.fixture(scope="session")
def portfolio_site(served_site):
    return served_site(Path(os.environ.get("LIP_E2E_REPO", REPO)), "portfolio", update_portfolio)


def clipped_text(page) -> list[str]:
    """Elements inside the article whose content is wider than their box and hidden."""
    return page.evaluate("""() => [...document.querySelectorAll('article *')]
      .filter(e => e.scrollWidth > e.clientWidth + 1
                   && ['hidden', 'clip'].includes(getComputedStyle(e).overflowX))
      .map(e => e.tagName.toLowerCase() + '.' + [...e.classList].join('.'))""")


@pytest.mark.parametrize("path", PAGES)
def test_pages_fit_a_phone_and_a_laptop_with_nothing_cut_off(portfolio_site, phone, desktop, path):
    for page in (phone, desktop):
        page.goto(portfolio_site.at(path), wait_until="networkidle")
        assert horizontal_overflow(page) == 0, overflowing_elements(page)
        assert not overflowing_elements(page) and not clipped_text(page)
        assert not broken_images(page)
        assert not page.traffic.problems(), page.traffic.problems()


def test_projects_page_cards_open_the_story(portfolio_site, desktop):
    desktop.goto(portfolio_site.at("projects/"), wait_until="networkidle")
    card = desktop.locator("article .lip-project-card").first
    assert "★ 12" in card.inner_text() and "Jupyter Notebook" in card.inner_text()
    assert (
        card.get_by_role("link", name="Live demo").get_attribute("href").startswith("https://huggingface.co/")
    )
    assert (
        card.get_by_role("link", name="Repository").get_attribute("href")
        == "https://github.com/example/iris-classifier"
    )
    card.locator("h2 a").click()
    desktop.wait_for_load_state("networkidle")
    assert desktop.url == portfolio_site.at("projects/iris-classifier/")
    assert (
        desktop.locator("article h1").inner_text().strip("¶ \n") == "Iris species from two petal measurements"
    )
    assert desktop.locator("article img.lip-project-shot").bounding_box()["width"] > 300
    assert not broken_images(desktop)


def test_contributions_show_the_fixed_lead_and_hostile_titles_as_text(portfolio_site, desktop):
    dialogs = []
    desktop.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    desktop.goto(portfolio_site.at("contributions/"), wait_until="networkidle")
    repos = desktop.locator("article .lip-contribution h2").all_inner_texts()
    assert [r.split(" ")[0].strip() for r in repos] == [
        "scikit-learn/scikit-learn",
        "numpy/numpy",
        "pandas-dev/pandas",
        "octo/lib",
    ]
    assert desktop.locator(".lip-lead-fixed").count() == 1
    text = desktop.locator("article").inner_text()
    assert PAYLOADS["script"] in text
    assert not ran_scripts(desktop) and not dialogs and not dangerous_markup(desktop)


def test_resume_pdf_downloads_and_is_one_page(portfolio_site, desktop):
    desktop.goto(portfolio_site.at("resume/"), wait_until="networkidle")
    assert "Open source" in desktop.locator("article").inner_text()
    with desktop.expect_download() as download:
        desktop.get_by_role("link", name="Download the one-page PDF").click(modifiers=["Alt"])
    pdf = PdfReader(io.BytesIO(Path(download.value.path()).read_bytes()))
    assert len(pdf.pages) == 1 and "Ada Example" in pdf.pages[0].extract_text()


def test_portfolio_screenshots_for_the_readme(portfolio_site, desktop, phone):
    shots = (
        (desktop, "projects/", "projects"),
        (phone, "projects/", "projects-phone"),
        (desktop, "resume/", "resume"),
        (desktop, "contributions/", "contributions"),
    )
    for page, path, name in shots:
        page.goto(portfolio_site.at(path), wait_until="networkidle")
        assert screenshot(page, name).stat().st_size > 10_000
