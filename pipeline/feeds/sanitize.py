"""Third-party HTML made safe for the site: nh3 (ammonia) with a small allow-list.

No script, event handlers, `javascript:` URLs, iframes, forms or style attributes survive;
relative links and images are resolved against the entry's URL. Pure functions, no I/O.
"""

from __future__ import annotations

import html
import re
from urllib.parse import urljoin

import nh3

TAGS = {"a", "abbr", "b", "blockquote", "br", "code", "em", "i", "img", "li", "ol", "p", "pre",
        "strong", "sub", "sup", "ul"}
ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title"}, "abbr": {"title"}}
SCHEMES = {"http", "https", "mailto"}
_SPACE = re.compile(r"\s+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_html(fragment: str, base_url: str) -> str:
    """Allow-listed HTML with every link and image made absolute against `base_url`."""
    def resolve(tag: str, attribute: str, value: str) -> str | None:
        if (tag, attribute) in (("a", "href"), ("img", "src")):
            return urljoin(base_url, value.strip()) if base_url else value
        return value

    return nh3.clean(fragment, tags=TAGS, attributes=ATTRIBUTES, url_schemes=SCHEMES,
                     attribute_filter=resolve, link_rel="noopener noreferrer nofollow",
                     strip_comments=True).strip()


def plain_text(fragment: str) -> str:
    """Text only: every tag dropped, entities decoded, control characters removed, whitespace folded."""
    text = html.unescape(nh3.clean(fragment, tags=set(), strip_comments=True))
    return _SPACE.sub(" ", _CONTROL.sub("", text)).strip()


def shorten(text: str, limit: int) -> str:
    """At most `limit` characters (plus an ellipsis), cut between words."""
    if not limit or len(text) <= limit:
        return text
    cut = text[:limit] if text[limit] == " " else text[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(",.;: ") + "…"
