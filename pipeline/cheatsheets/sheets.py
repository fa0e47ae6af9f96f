"""Cheatsheet records: read from `content/cheatsheets/*.md`, or drawn from a post marked
`cheatsheet: true`. Reading validates every front matter key and names its line; nothing is written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from pipeline.cheatsheets.extract import cheatsheet_markdown
from pipeline.cheatsheets.settings import PAPERS, CheatsheetSettings
from pipeline.content.frontmatter import Document, parse_document
from pipeline.content.slugs import slugify
from pipeline.errors import ContentError, LipError, ProblemsError
from pipeline.records import Post
from pipeline.settings import did_you_mean

FOLDER = PurePosixPath("cheatsheets")
KEYS = ("title", "description", "paper", "orientation", "draft")
ORIENTATIONS = ("landscape", "portrait")
_TITLE_HEADING = re.compile(r"\A\s*#\s+(.+?)\s*#*\s*(?:\n|\Z)")


@dataclass(frozen=True)
class Cheatsheet:
    """One cheatsheet: its Markdown body and how to print it.

    `body` is Markdown whose relative links are still relative to `source`; `post` is the docs
    path of the post it was drawn from (None for a hand-written one).
    """

    source: Path
    slug: str
    title: str
    body: str
    body_line: int = 1
    description: str = ""
    paper: str = "A4"
    landscape: bool = True
    post: PurePosixPath | None = None
    post_url: str = ""  # the post's address on the published site, when `site_url` is set
    draft: bool = False  # previewed by `lip serve`, never published

    @property
    def output(self) -> PurePosixPath:
        return FOLDER / f"{self.slug}.md"

    @property
    def pdf_name(self) -> str:
        return f"{self.slug}.pdf"

    @property
    def layout(self) -> str:
        return f"{self.paper} {'landscape' if self.landscape else 'portrait'}"


def read_cheatsheet(path: Path, settings: CheatsheetSettings) -> Cheatsheet:
    """A hand-written cheatsheet, or every problem of its front matter raised together."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ContentError(path, f"not UTF-8 text (byte {exc.start})") from None
    doc = parse_document(text, path)
    problems = _unknown_keys(doc)
    values = {key: _text_value(doc, key, problems) for key in KEYS if key != "draft"}
    draft = doc.meta.get("draft", False)
    if not isinstance(draft, bool):
        problems.append(ContentError(path, f"draft: expected true or false, got {draft!r}",
                                     doc.line_of("draft")))
    body, title = _split_title(doc.body, values["title"])
    paper, landscape = _layout(doc, values, settings, problems)
    if not slugify(path.stem):
        problems.append(ContentError(path, "file name has no letters or digits to make a page name from"))
    if problems:
        raise ProblemsError(problems)
    return Cheatsheet(path, slugify(path.stem), title or _title_from_stem(path.stem), body, doc.body_line,
                      values["description"] or "", paper, landscape, draft=draft is True)


def _unknown_keys(doc: Document) -> list[LipError]:
    problems: list[LipError] = []
    for key in doc.meta:
        if key not in KEYS:
            hint = did_you_mean(str(key), KEYS)
            problems.append(ContentError(doc.path, f"unknown key {key!r}{hint}; cheatsheets take "
                                         f"{', '.join(KEYS)}", doc.line_of(str(key))))
    return problems


def _text_value(doc: Document, key: str, problems: list[LipError]) -> str | None:
    value = doc.meta.get(key)
    if value is None or isinstance(value, str):
        return value.strip() if isinstance(value, str) else None
    problems.append(ContentError(doc.path, f"{key}: expected text, got {type(value).__name__}", doc.line_of(key)))
    return None


def _layout(doc: Document, values: dict, settings: CheatsheetSettings, problems: list) -> tuple[str, bool]:
    paper = _choice(doc, "paper", values["paper"], PAPERS, problems) or settings.paper
    default = "landscape" if settings.landscape else "portrait"
    orientation = _choice(doc, "orientation", values["orientation"], ORIENTATIONS, problems) or default
    return paper, orientation == "landscape"


def _choice(doc: Document, key: str, value: str | None, allowed: tuple[str, ...], problems: list) -> str | None:
    if value is None:
        return None
    for choice in allowed:
        if value.lower() == choice.lower():
            return choice
    problems.append(ContentError(doc.path, f"{key}: {value!r} is not one of {', '.join(allowed)}", doc.line_of(key)))
    return None


def _split_title(body: str, title: str | None) -> tuple[str, str | None]:
    """A leading `# Title` is the page title (when front matter gives none) and leaves the body."""
    match = _TITLE_HEADING.match(body)
    if not match:
        return body, title
    blank_lines = "\n" * match.group(0).count("\n")  # keep line numbers of the rest of the body
    return blank_lines + body[match.end():], title or match.group(1)


def _title_from_stem(stem: str) -> str:
    return stem.replace("-", " ").replace("_", " ").strip().capitalize()


def wants_cheatsheet(post: Post) -> bool:
    """True for `cheatsheet: true`; any other non-false value is a mistake named on its file."""
    value = post.extra.get("cheatsheet", False)
    if isinstance(value, bool):
        return value
    raise ContentError(post.source, f"cheatsheet: expected true or false, got {value!r}")


def cheatsheet_from_post(post: Post, settings: CheatsheetSettings, base_url: str = "") -> Cheatsheet:
    """The headings, code, math, tables, definitions and flashcards of `post`, in source order.

    `base_url` (the site's address) lets the PDF name where the full post is read.
    """
    body = cheatsheet_markdown(post.body, post.source, post.body_line)
    return Cheatsheet(post.source, post.slug, post.title, body, 1, post.description, settings.paper,
                      settings.landscape, post.output, base_url + post.url_path if base_url else "")
