"""What the browser tests look at on a page: layout, accessibility basics, images and the site's
own pages. Pure helpers over a Playwright page; no fixtures here (those are in conftest.py)."""

from __future__ import annotations

import re
from pathlib import Path

# Scrollable width beyond the viewport, in CSS pixels, that still counts as "no horizontal scroll"
# (sub-pixel rounding only).
SCROLL_SLACK = 1

_HEADINGS_AND_IMAGES = """() => {
  const visible = e => !!(e.offsetWidth || e.offsetHeight || e.getClientRects().length);
  const headings = [...document.querySelectorAll('h1,h2,h3,h4,h5,h6')]
    .filter(visible).map(h => [Number(h.tagName[1]), h.textContent.trim().slice(0, 60)]);
  const noAlt = [...document.images].filter(i => !i.hasAttribute('alt')).map(i => i.src);
  const emptyAlt = [...document.querySelectorAll('article img')]
    .filter(i => i.getAttribute('alt') !== null && !i.getAttribute('alt').trim()).map(i => i.src);
  return {headings, noAlt, emptyAlt};
}"""


def accessibility_problems(page) -> list[str]:
    """Images without alt text, not exactly one h1, skipped heading levels, links without a name.

    Link names come from Chromium's own accessibility tree (what a screen reader is told)."""
    found = page.evaluate(_HEADINGS_AND_IMAGES)
    problems = [f"image without alt: {src}" for src in found["noAlt"]]
    problems += [f"content image with empty alt: {src}" for src in found["emptyAlt"]]
    levels = [level for level, _ in found["headings"]]
    if levels.count(1) != 1:
        problems.append(f"{levels.count(1)} h1 headings (want exactly one): {found['headings']}")
    problems += skipped_levels(found["headings"])
    problems += [f"link without an accessible name: {href}" for href in nameless_links(page)]
    return problems


def skipped_levels(headings: list[list]) -> list[str]:
    """Headings that go down more than one level at once (h2 then h4), and any before the h1."""
    problems, previous = [], 0
    for level, text in headings:
        if level > previous + 1:
            problems.append(f"h{level} {text!r} follows h{previous or '-'}")
        previous = level
    return problems


def nameless_links(page) -> list[str]:
    """hrefs of links that Chromium's accessibility tree exposes with an empty name."""
    cdp = page.context.new_cdp_session(page)
    try:
        nodes = cdp.send("Accessibility.getFullAXTree")["nodes"]
        bad = [n for n in nodes if not n.get("ignored") and n.get("role", {}).get("value") == "link"
               and not str(n.get("name", {}).get("value", "")).strip()]
        return [_link_href(cdp, node) for node in bad]
    finally:
        cdp.detach()


def _link_href(cdp, node: dict) -> str:
    """The link's href (its outer HTML's start when it has none), for the failure message."""
    described = cdp.send("DOM.describeNode", {"backendNodeId": node["backendDOMNodeId"]})["node"]
    attributes = described.get("attributes", [])
    pairs = dict(zip(attributes[::2], attributes[1::2]))
    return pairs.get("href") or f"<{described.get('localName')} {pairs}>"


def horizontal_overflow(page) -> int:
    """How many CSS pixels the page scrolls sideways (0 when it fits the viewport)."""
    return page.evaluate(
        "() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)"
        " - document.documentElement.clientWidth")


def overflowing_elements(page) -> list[str]:
    """The elements that stick out past the right edge, for a readable failure message."""
    return page.evaluate("""() => {
      const w = document.documentElement.clientWidth;
      const clipped = e => { for (let p = e.parentElement; p && p !== document.body; p = p.parentElement)
        if (getComputedStyle(p).overflowX !== 'visible') return true; return false; };
      return [...document.querySelectorAll('body *')]
        .filter(e => e.getBoundingClientRect().right > w + 1 && !clipped(e))
        .slice(0, 8).map(e => e.tagName.toLowerCase() + '.' + [...e.classList].join('.')
          + ' ' + Math.round(e.getBoundingClientRect().width) + 'px');
    }""")


def broken_images(page) -> list[str]:
    """Images that finished loading with no pixels (naturalWidth 0), after scrolling them in."""
    page.evaluate("() => Promise.all([...document.images].map(i => { i.loading = 'eager';"
                  " return i.decode().catch(() => null); }))")
    return page.evaluate(
        "() => [...document.images].filter(i => !i.complete || i.naturalWidth === 0).map(i => i.src)")


def built_pages(site_folder: Path) -> list[str]:
    """Every HTML page of the built site, as URL paths relative to the site root."""
    pages = []
    for path in sorted(site_folder.rglob("*.html")):
        relative = path.relative_to(site_folder).as_posix()
        pages.append(re.sub(r"(^|/)index\.html$", r"\1", relative))
    return pages


def post_pages(site_folder: Path) -> list[str]:
    """URL paths of the blog's post pages (blog/YYYY/MM/DD/slug/)."""
    return [p for p in built_pages(site_folder) if re.fullmatch(r"blog/\d{4}/\d\d/\d\d/[^/]+/", p)]


def page_with(site_folder: Path, *needles: str) -> str:
    """The first post page whose HTML contains every needle (e.g. a post with math and images)."""
    for path in post_pages(site_folder):
        html = (site_folder / path / "index.html").read_text(encoding="utf-8")
        if all(needle in html for needle in needles):
            return path
    raise AssertionError(f"no post in the example site contains all of {needles}")


def clipped_table_cells(page) -> list[str]:
    """Table cells that end past the right edge of the screen: hidden in a table a phone user
    has to scroll sideways to read (the page itself may not scroll)."""
    return page.evaluate("""() => {
      const w = document.documentElement.clientWidth;
      return [...document.querySelectorAll('article th, article td')]
        .filter(c => c.getBoundingClientRect().right > w + 1)
        .slice(0, 8).map(c => `${c.tagName.toLowerCase()} ${JSON.stringify(c.innerText.trim().slice(0, 30))}`
          + ` ends at ${Math.round(c.getBoundingClientRect().right)}px of ${w}px`);
    }""")


# WCAG 2 contrast of an element's text colour against what is painted behind it: every background
# from the page down to the element, composited with its alpha (Material's footer is translucent).
_CONTRAST = """selector => {
  const rgba = s => { const v = s.match(/[\\d.]+/g).map(Number); return v.length === 3 ? [...v, 1] : v; };
  const over = (top, below) => [0, 1, 2].map(i => top[i] * top[3] + below[i] * (1 - top[3])).concat(1);
  const lum = ([r, g, b]) => [r, g, b].map(c => { c /= 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; })
    .reduce((sum, c, i) => sum + c * [0.2126, 0.7152, 0.0722][i], 0);
  const behind = e => { const layers = [];
    for (; e; e = e.parentElement) layers.push(rgba(getComputedStyle(e).backgroundColor));
    return layers.reverse().reduce((below, layer) => over(layer, below), [255, 255, 255, 1]); };
  const css = c => `rgb(${c.slice(0, 3).map(Math.round).join(', ')})`;
  return [...document.querySelectorAll(selector)].filter(e => e.innerText.trim()).map(e => {
    const background = behind(e), text = over(rgba(getComputedStyle(e).color), background);
    const [a, b] = [lum(text), lum(background)];
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    return [e.classList[0] || e.tagName.toLowerCase(), e.parentElement.className, css(text), css(background),
            Math.round(ratio * 100) / 100];
  });
}"""


def low_contrast_text(page, selector: str, minimum: float = 4.5) -> list[str]:
    """Elements matching `selector` whose text has less than `minimum`:1 contrast (WCAG AA)."""
    return [f"{cls} in {where}: {colour} on {background} is {ratio}:1"
            for cls, where, colour, background, ratio in page.evaluate(_CONTRAST, selector)
            if ratio < minimum]
