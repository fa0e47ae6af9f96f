"""Cards rendered for Anki: Markdown to HTML fields, math as `\\(..\\)`/`\\[..\\]`, code highlighted
with inline styles (works offline, no stylesheet), images bundled under collision-free names, other
relative links pointed at the published site (`site_url` + their URL, through the site index).

Reads image files (to name them by content) and nothing else; never writes. Math inside code is
left alone because math is found by the Markdown inline parser, which never looks into code.
"""

from __future__ import annotations

import hashlib
import html
import re
import types
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Callable
from urllib.parse import unquote

import markdown
from pymdownx import highlight as pymdownx_highlight
from pymdownx.highlight import BlockHtmlFormatter, Highlight, HighlightExtension

from pipeline.content.index import SiteIndex
from pipeline.content.links import rewrite_links
from pipeline.content.slugs import slugify
from pipeline.content.syntax import read_markdown, replace_spans
from pipeline.decks.cards import Card
from pipeline.errors import ContentError
from pipeline.records import Post

EXTENSIONS = ["tables", "sane_lists", "pymdownx.superfences", "pymdownx.highlight", "pymdownx.arithmatex"]
EXTENSION_CONFIG = {
    "pymdownx.highlight": {"noclasses": True, "use_pygments": True, "pygments_style": "friendly",
                           "guess_lang": False},
    "pymdownx.arithmatex": {"generic": True},
}
_EXTERNAL = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*:|//)")
_TAG_SPACE = re.compile(r"\s+")
# One line of words and plain punctuation, starting with a letter, not ending in a space: nothing
# Markdown, HTML, math or an entity could start, so Python-Markdown makes it one `<p>` unchanged.
PLAIN_TEXT = re.compile(r"[A-Za-z](?:[A-Za-z0-9 ,.?!'\"()/:;-]*[A-Za-z0-9,.?!'\"()/:;-])?")


@dataclass(frozen=True)
class Note:
    """A card ready for genanki: its deck, tags, HTML fields and the media files it shows."""

    card: Card
    deck: str
    tags: tuple[str, ...]
    fields: tuple[str, str, str]  # Front, Back, Source  (cloze: Text, Extra, Source)
    media: tuple[tuple[str, Path], ...] = ()  # (name inside the package, file on disk)
    source: str = ""  # the card's file below content/, as the lock names it
    fingerprint: str = ""  # digest of everything packaged: unchanged means no new mtime


class _Highlight(Highlight):
    """pymdownx's highlighter, with Pygments lexers looked up once per language (the lookup walks
    every lexer Pygments knows). Only without guessing: a guess depends on the code itself."""

    lexers: dict = {}  # replaced per Renderer by `_Highlighting`

    def get_lexer(self, src, language, inline, stripnl):
        if self.guess_lang is not False:
            return super().get_lexer(src, language, inline, stripnl)
        key = (language, inline, stripnl, repr(self.extend_pygments_lang), self.default_lang)
        if key not in self.lexers:
            self.lexers[key] = super().get_lexer(src, language, inline, stripnl)
        return self.lexers[key]


class _Highlighting(HighlightExtension):
    """`pymdownx.highlight` handing superfences `_Highlight` with its own lexer memo, and with
    pymdownx's own `highlight` method run with its block formatter made once per set of options
    (making one builds the style's whole stylesheet; formatting never changes what it was made with)."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        formatters: dict[str, BlockHtmlFormatter] = {}

        def formatter(**options) -> BlockHtmlFormatter:
            key = repr(sorted(options.items()))
            if key not in formatters:
                formatters[key] = BlockHtmlFormatter(**options)
            return formatters[key]

        method = Highlight.highlight
        scope = {**vars(pymdownx_highlight), "BlockHtmlFormatter": formatter}
        highlight = types.FunctionType(method.__code__, scope, method.__name__, method.__defaults__)
        self._highlighter = type("CardHighlight", (_Highlight,), {"lexers": {}, "highlight": highlight})

    def get_pymdownx_highlighter(self):
        return self._highlighter


class Renderer:
    """One reusable Markdown converter (building one per card would dominate the build time), with
    Pygments lexers and formatters made once, and plain one-line text wrapped without the converter:
    the same HTML as a plain converter's (`tests/test_decks_render.py` compares them byte for byte)."""

    def __init__(self) -> None:
        self._md = markdown.Markdown(extensions=_extensions(), extension_configs=EXTENSION_CONFIG)

    def html(self, text: str) -> str:
        if PLAIN_TEXT.fullmatch(text):  # 2 sides in 7 in the decks bench
            return f"<p>{text}</p>"
        self._md.reset()
        return self._md.convert(text)


def _extensions() -> list:
    config = EXTENSION_CONFIG["pymdownx.highlight"]
    return [_Highlighting(**config) if name == "pymdownx.highlight" else name for name in EXTENSIONS]


def deck_for(post: Post, content: Path, default: str) -> str:
    """`deck:` front matter, else the post's folders below the top one (years skipped), else default."""
    named = post.extra.get("deck")
    if isinstance(named, str) and named.strip():
        return "::".join(part.strip() for part in named.split("::") if part.strip())
    try:
        folders = post.source.parent.relative_to(content).parts[1:]
    except ValueError:
        folders = ()
    folders = tuple(f for f in folders if not f.isdigit())
    return "::".join(folders) or default


def tags_for(post: Post, content: Path) -> tuple[str, ...]:
    """The post's tags (spaces become '_', Anki tags can't hold them), `lip`, and the source file."""
    try:
        source = post.source.relative_to(content).as_posix()
    except ValueError:
        source = post.source.name
    tags = ["lip", *post.tags, source_tag(source)]
    return tuple(dict.fromkeys(_TAG_SPACE.sub("_", t.strip()) for t in tags if t.strip()))


def source_tag(source: str) -> str:
    """The Anki tag naming a card's file (`posts/a b.md` -> `source::posts/a_b`)."""
    return _TAG_SPACE.sub("_", f"source::{PurePosixPath(source).with_suffix('').as_posix()}".strip())


def source_field(post: Post, base_url: str) -> str:
    title = html.escape(post.title)
    if not base_url:
        return f"{title} ({html.escape(post.url_path)})"
    return f'<a href="{html.escape(base_url + post.url_path, quote=True)}">{title}</a>'


def render_card(
    card: Card, post: Post, renderer: Renderer, find_image: Callable[[str], Path | None],
    deck: str, tags: tuple[str, ...], source: str,
) -> tuple[Note | None, tuple[ContentError, ...]]:
    """One card as a `Note` (`source`: the post's `source_field`), or the errors (missing images)
    that stop it."""
    media: dict[str, Path] = {}
    errors: list[ContentError] = []

    def bundle(link: str) -> str:
        bare = link[1:-1] if link.startswith("<") else link
        if _EXTERNAL.match(bare):
            return link
        found = find_image(bare)
        if found is None:
            errors.append(ContentError(post.source, f"missing image {bare!r} in a card", card.line))
            return link
        name = media_name(found)
        media[name] = found
        return name

    front, back = _with_media(card.front, bundle), _with_media(card.back, bundle)
    if errors:
        return None, tuple(errors)
    fields = (_unwrap_paragraph(renderer.html(front)), renderer.html(back) if back else "", source)
    return Note(card, deck, tags, fields, tuple(sorted(media.items()))), ()


def media_name(path: Path) -> str:
    """`<stem>-<content hash>.<ext>`: two different images called `plot.png` never collide."""
    digest = hashlib.sha256(path.read_bytes()).hexdigest()[:12]
    return f"{slugify(path.stem) or 'image'}-{digest}{path.suffix.lower()}"


def image_finder(post: Post, content: Path) -> Callable[[str], Path | None]:
    """Resolve an image link of a post: relative to its source (post bodies keep links as written)."""
    def find(link: str) -> Path | None:
        beside = post.source.parent / unquote(link.split("#")[0].split("?")[0])
        return beside if beside.is_file() else None
    return find


def link_rewriter(post: Post, site: SiteIndex, base_url: str) -> Callable[[str], str]:
    """Markdown of `post` (a card, or the whole body) with every relative link that is not an image
    (images are bundled) as an absolute URL on the published site. Without a `site_url` there is no
    such URL, and a broken link stays as written (the post's own page reports it)."""
    def rewrite(text: str) -> str:
        if not base_url or ("](" not in text and "]:" not in text):  # most cards: no link to read
            return text
        return rewrite_links(text, post.source, 1, post.output, site, base=base_url, images=False).body
    return rewrite


def _with_media(text: str, bundle: Callable[[str], str]) -> str:
    """Replace every image link outside code by what `bundle` returns for it."""
    if "![" not in text:  # most cards: no need to read them
        return text
    reading = read_markdown(text)
    return replace_spans(reading.text, {(link.start, link.end): bundle(reading.text[link.start:link.end])
                                        for link in reading.links if link.image})


def without_images(text: str) -> str:
    """Every inline image outside code as its alt text: a removed card ships no media and no path."""
    if "![" not in text:
        return text
    reading = read_markdown(text)
    changes = {}
    for link in reading.links:
        opened = reading.text.rfind("![", 0, link.start)
        middle = reading.text.rfind("](", opened, link.start)
        closed = reading.text.find(")", link.end)
        if link.image and -1 not in (opened, middle, closed):
            changes[(opened, closed + 1)] = reading.text[opened + 2:middle]
    return replace_spans(reading.text, changes)


def _unwrap_paragraph(fragment: str) -> str:
    """A one-paragraph question or cloze needs no <p> around it (it would add a margin in Anki)."""
    if fragment.startswith("<p>") and fragment.endswith("</p>") and fragment.count("<p>") == 1:
        return fragment[3:-4]
    return fragment
