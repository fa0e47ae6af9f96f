"""A Markdown post in the browser: math typeset by the vendored MathJax (with a real size on a phone),
flashcards a visitor can use, code blocks with a working copy button, images with pixels; tag and
archive pages that list every post; search; the feed."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import feedparser

from pipeline.decks.cards import CLOZE, QA_FORM, card_blocks

from .browsing import broken_images, page_with, post_pages
from .conftest import screenshot

MATH_DONE = "() => document.querySelectorAll('.arithmatex').length > 0 && " \
            "!document.querySelector('.arithmatex:not(:has(mjx-container svg))')"


def title_of(page) -> str:
    return page.locator("article h1").first.inner_text().strip("¶ \n")


def test_math_is_typeset_as_svg_by_the_vendored_mathjax(site, desktop):
    with_math = [p for p in post_pages(site.folder)
                 if 'class="arithmatex"' in (site.folder / p / "index.html").read_text(encoding="utf-8")]
    assert len(with_math) >= 2, with_math  # notes and notebooks
    for path in with_math:
        desktop.goto(site.at(path), wait_until="networkidle")
        desktop.wait_for_function(MATH_DONE)
        article = desktop.locator("article").inner_text()
        assert "\\(" not in article and "\\[" not in article and "$$" not in article, path
    scripts = [u for u in desktop.traffic.requests if "tex-svg" in u]
    assert scripts and all(u.startswith(site.url) for u in scripts), scripts


DISPLAY_MATH_SIZES = """() => [...document.querySelectorAll('article div.arithmatex')].map(block => {
  const svg = block.querySelector('mjx-container svg');
  const box = svg ? svg.getBoundingClientRect() : {width: 0, height: 0};
  return [block.querySelector('mjx-assistive-mml, script')?.textContent.trim().slice(0, 30) || '?',
          Math.round(box.width), Math.round(box.height)];
})"""


def test_display_math_has_its_real_size_on_a_phone_and_a_laptop(site, phone, desktop):
    """Material's phone CSS once shrank every display equation to a 1x1 px SVG below 720 px."""
    pages = [p for p in post_pages(site.folder)
             if 'div class="arithmatex"' in (site.folder / p / "index.html").read_text(encoding="utf-8")]
    assert pages, "an example post has display math"
    tiny = []
    for page in (phone, desktop):
        for path in pages:
            page.goto(site.at(path), wait_until="networkidle")
            page.wait_for_function(MATH_DONE)
            sizes = page.evaluate(DISPLAY_MATH_SIZES)
            assert sizes, path
            tiny += [f"{path} at {page.viewport_size['width']}px: {tex!r} is {w}x{h} px"
                     for tex, w, h in sizes if w < 40 or h < 12]
    assert not tiny, "\n".join(tiny)


def written_cards(site) -> dict[str, int]:
    """How many `Q:`/`A:` and cloze cards the example notes hold, by form."""
    counts = {QA_FORM: 0, CLOZE: 0}
    for note in (site.root / "content" / "posts").rglob("*.md"):
        for block in card_blocks(note.read_text(encoding="utf-8"), note):
            if block.form in counts:  # a `??? question` card is written as a <details> already
                counts[block.form] += 1
    return counts


CARD_STATE = """card => {
  const shown = e => !!e && e.checkVisibility() && e.getBoundingClientRect().width > 0;
  const summary = card.querySelector('summary');
  const answer = [...card.children].find(e => e.tagName !== 'SUMMARY');
  return {question: summary.innerText.trim(), questionShown: shown(summary), answerShown: shown(answer),
          blanks: [...summary.querySelectorAll('.lip-blank')].filter(shown).length,
          marks: [...card.querySelectorAll('mark.lip-answer')].filter(shown).length,
          right: card.getBoundingClientRect().right};
}"""


def test_flashcards_are_cards_whose_answers_open_on_demand(site, phone, desktop):
    written = written_cards(site)
    assert written[QA_FORM] and written[CLOZE], written
    for page in (phone, desktop):
        seen = {QA_FORM: 0, CLOZE: 0}
        for path in post_pages(site.folder):
            page.goto(site.at(path), wait_until="networkidle")
            text = page.locator("article").inner_text()
            assert "{{c" not in text and not re.search(r"^\s*[QA]: ", text, re.MULTILINE), path
            for card in page.locator("article details.lip-card").all():
                before = card.evaluate(CARD_STATE)
                assert before["questionShown"] and before["question"] and not before["answerShown"], before
                card.locator("summary").click()
                after = card.evaluate(CARD_STATE)
                assert after["answerShown"] and after["right"] <= page.viewport_size["width"], (path, after)
                cloze = "lip-cloze" in card.get_attribute("class")
                seen[CLOZE if cloze else QA_FORM] += 1
                if cloze:
                    assert before["blanks"] >= 1 and after["marks"] >= 1, (path, before, after)
        assert seen == written, (page.viewport_size, seen, written)
    with_both = page_with(site.folder, "lip-cloze", 'class="question lip-card"')
    phone.goto(site.at(with_both), wait_until="networkidle")
    phone.wait_for_function(MATH_DONE)
    phone.locator("article details.lip-card").evaluate_all("cs => cs.forEach(c => c.open = true)")
    phone.locator("article h2#flashcards").evaluate("h => h.scrollIntoView()")
    assert screenshot(phone, "flashcards-phone").stat().st_size > 10_000


def test_code_blocks_have_a_copy_button_that_copies_the_code(site, desktop):
    desktop.context.grant_permissions(["clipboard-read", "clipboard-write"])
    desktop.goto(site.at(page_with(site.folder, 'class="language-python highlight"')))
    block = desktop.locator("article .highlight").first
    block.hover()
    button = block.locator("button[data-md-type=copy], button.md-clipboard")
    button.click()
    copied = desktop.evaluate("() => navigator.clipboard.readText()")
    assert copied.strip() == block.locator("code").text_content().strip()
    assert len(copied.splitlines()) >= 3


def test_post_images_load_with_real_pixels(site, desktop):
    desktop.goto(site.at(page_with(site.folder, "<img alt=")))
    images = desktop.locator("article .md-content__inner img, article img")
    assert images.count() >= 1
    assert not broken_images(desktop)


def post_titles_and_tags(site, page) -> dict[str, set[str]]:
    found = {}
    for path in post_pages(site.folder):
        page.goto(site.at(path))
        found[title_of(page)] = set(page.locator("article .md-tags .md-tag").all_inner_texts())
    return found


def test_tags_page_lists_every_post_under_each_of_its_tags(site, desktop):
    posts = post_titles_and_tags(site, desktop)
    assert len(posts) >= 3 and all(posts.values()), posts
    desktop.goto(site.at("tags/"))
    listed = desktop.evaluate("""() => Object.fromEntries([...document.querySelectorAll('article h2')]
        .map(h => [h.querySelector('.md-tag')?.textContent.trim(),
                   [...h.nextElementSibling.querySelectorAll('a')].map(a => a.textContent.trim())]))""")
    for title, tags in posts.items():
        for tag in tags:
            assert title in listed.get(tag, []), f"{title!r} missing under tag {tag!r}: {listed}"


def test_archive_pages_list_every_post_of_their_year(site, desktop):
    feed = feedparser.parse((site.folder / "feed.xml").read_bytes())
    years = {e.published_parsed.tm_year for e in feed.entries}
    for year in years:
        desktop.goto(site.at(f"blog/archive/{year}/"))
        listed = [t.strip() for t in desktop.locator("article.md-post h2 a").all_inner_texts()]
        expected = [e.title for e in feed.entries if e.published_parsed.tm_year == year]
        assert sorted(listed) == sorted(expected)
        desktop.locator("article.md-post h2 a").first.click()
        desktop.wait_for_load_state()
        assert title_of(desktop) in expected


def search(page, site, query: str) -> list[str]:
    """Type `query` into Material's search box; return the titles of the pages it found."""
    page.goto(site.url, wait_until="networkidle")  # the search worker has its index
    page.locator("label.md-search__icon, .md-search__input").first.click()
    page.locator("input.md-search__input").press_sequentially(query, delay=10)
    page.wait_for_function("() => document.querySelector('.md-search-result__meta')"
                           "?.textContent.match(/\\d+ matching|No matching/)")
    return [t.strip() for t in page.locator(
        ".md-search-result__item > .md-search-result__link h1").all_inner_texts()]


def posts_containing(site, word: str) -> set[str]:
    """Titles of the source notes that contain `word`, read from content/ front matter."""
    titles = set()
    for note in (site.root / "content" / "posts").rglob("*.md"):
        text = note.read_text(encoding="utf-8")
        if re.search(rf"\b{word}\b", text, re.IGNORECASE):
            titles.add(re.search(r"^title:\s*\"?(.+?)\"?$", text, re.MULTILINE).group(1))
    return titles


def test_search_finds_the_posts_that_contain_a_word(site, desktop):
    word = "saturates"
    expected = posts_containing(site, word)
    assert len(expected) == 1
    found = search(desktop, site, word)
    assert expected <= set(found), found
    desktop.locator(".md-search-result__item > .md-search-result__link").first.click()
    desktop.wait_for_load_state()
    assert title_of(desktop) in expected and word in desktop.locator("article").inner_text()
    assert not search(desktop, site, "zyxwvutsrq")


def test_feed_is_served_as_xml_and_links_to_served_posts(site, desktop):
    response = desktop.request.get(site.at("feed.xml"))
    assert response.ok and "xml" in response.headers["content-type"]
    feed = feedparser.parse(response.body())
    assert feed.bozo == 0 and feed.version.startswith("atom")
    assert len(feed.entries) == len(post_pages(site.folder))
    site_path = urlsplit(site.url).path
    for entry in feed.entries:
        local = site.url + urlsplit(entry.link).path.removeprefix(site_path)
        assert desktop.request.get(local).ok, entry.link
