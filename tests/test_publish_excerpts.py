"""Excerpts rendered from the Markdown above the separator: the same site as whole-post renders."""

from pathlib import Path

import markdown
import pytest
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config

from conftest import write
from pipeline.project import Project
from pipeline.publish import excerpts
from pipeline.publish.excerpts import head, ids_reach_head, usable
from pipeline.publish.mkdocs_build import with_lip_plugin

MORE = "<!-- more -->"
INTRO = "# Title\n\nAn *intro* with [a link](https://example.org).\n\n"
BODY = "## Part\n\nMore text.\n\n```python\nprint(1)\n```\n"


def test_head_is_everything_down_to_the_separator():
    cut = head(INTRO + MORE + "\n\n" + BODY, MORE)
    assert cut is not None
    assert cut.markdown == INTRO + MORE + "\n" and cut.rest == "\n" + BODY


@pytest.mark.parametrize("text", [
    INTRO + MORE + "\n\n[a link]: https://example.org/below\n",  # a reference defined below
    INTRO + MORE + "\n\n  [x]: <https://example.org>\n",
    INTRO + MORE + "\n\n*[HTML]: Hyper Text Markup Language\n",  # an abbreviation defined below
    "# T\n\nA note[^1].\n\n" + MORE + "\n\n[^1]: The note.\n",  # footnotes
    "# T\n\n[TOC]\n\n" + MORE + "\n\n" + BODY,  # a table of contents of the whole post
    INTRO + MORE + "\n\n--8<-- \"other.md\"\n",  # a snippet
    "# T\n\n```\n" + MORE + "\n```\n\nText.\n\n" + MORE + "\n\n" + BODY,  # first one inside a fence
    "# T\n\n```\ncode\n```\n\n" + MORE + "\n\n" + BODY,  # a fence above: closed alike?
    "# T\n\nText `" + MORE + "` inline.\n\n" + MORE + "\n\n" + BODY,  # first one in a code span
    "# T\n\nText <!-- more --> inline.\n\n" + BODY,
    "# T\n\n<!-- a note\n\n" + MORE + "\n\n" + BODY,  # inside an earlier comment
    "# T\n\n<script>\n\n" + MORE + "\n\n</script>\n\n" + BODY,  # inside a script block
    "# T\n\n- item\n\n    " + MORE + "\n\n" + BODY,  # inside a list item
    "# T\n\nText.\n" + MORE + "\n\n" + BODY,  # no blank line above
    "# T\n\nText.\n\n" + MORE + "\nText.\n",  # no blank line below
    INTRO + MORE + "\n\n\n",  # nothing below: nothing to save
    INTRO + BODY,  # no separator
])
def test_the_whole_post_is_converted_when_what_is_below_could_reach_above(text):
    assert head(text, MORE) is None


def test_only_a_comment_separator_and_only_checked_extensions_are_cut():
    assert head(INTRO + "---more---\n\n" + BODY, "---more---") is None
    assert usable(["toc", "tables", "pymdownx.superfences"], {})
    assert not usable(["toc", "my.own.extension"], {})
    assert not usable(["pymdownx.snippets"], {"pymdownx.snippets": {"auto_append": ["glossary.md"]}})
    assert not usable(["pymdownx.tabbed"], {"pymdownx.tabbed": {"slugify": str.lower}})


def test_an_id_named_below_reaches_the_heads_ids():
    html = '<h2 id="intro">Intro</h2>\n<p>Text</p>'
    assert ids_reach_head(html, "\n## Other { #intro }\n")
    assert ids_reach_head(html, '\n<div id="intro" markdown>\nx\n</div>\n')
    assert ids_reach_head(html, "\n<div id=intro>\nx\n</div>\n")
    assert not ids_reach_head(html, "\nAn intro to the intro, #1.\n")
    assert ids_reach_head('<input id="__tabbed_1_1">', "\nanything\n")


# Posts whose excerpt a careless cut would change; each must come out as the whole render gives.
POSTS = {
    "plain": INTRO + MORE + "\n\n" + BODY,
    "title-from-meta": "Text first.\n\n" + MORE + "\n\n# Heading below\n\nMore.\n",
    "title-below": "Text first.\n\n" + MORE + "\n\n# Title below\n\nMore.\n",  # the title: below
    "reference-below": "# Ref\n\nSee [the docs][docs].\n\n" + MORE + "\n\n[docs]: https://example.org/docs\n",
    "abbr-below": "# Abbr\n\nThe HTML spec.\n\n" + MORE + "\n\n*[HTML]: Hyper Text Markup Language\n",
    "footnote": "# Note\n\nA claim[^1].\n\n" + MORE + "\n\nMore.\n\n[^1]: The source.\n",
    "id-below": "# Same\n\nText.\n\n" + MORE + "\n\n## Other { #same }\n\nMore.\n",
    "html-id-below": "# Dup\n\nText.\n\n" + MORE + '\n\n<div id="dup" markdown>\nMore.\n</div>\n',
    "fenced-separator": "# Fence\n\n```\n" + MORE + "\n```\n\nText.\n\n" + MORE + "\n\nMore.\n",
    "fence-closed-longer": "# Long\n\n```\ncode\n````\n\n" + MORE + "\n\nMore.\n\n```\n",
    "markdown-in-html": '# Box\n\n<div class="box" markdown>\n**bold**\n</div>\n\n' + MORE + "\n\nMore.\n",
    "nothing-below": "# Short\n\nAll of it.\n\n" + MORE + "\n",
}


def _blog(root: Path) -> Path:
    write(root / "mkdocs.yml", """site_name: T
site_url: https://example.org/
theme:
  name: material
plugins:
  - blog
markdown_extensions:
  - abbr
  - attr_list
  - footnotes
  - md_in_html
  - toc:
      permalink: true
  - pymdownx.highlight
  - pymdownx.superfences
""")
    write(root / "docs/index.md", "# Home\n")
    write(root / "docs/blog/index.md", "# Blog\n")
    for number, (name, text) in enumerate(POSTS.items(), 1):
        meta = f"---\ndate: 2026-01-{number:02d}\nslug: {name}\ncategories: [All]\n"
        meta += "title: From meta\n" if name == "title-from-meta" else ""
        write(root / f"docs/blog/posts/{name}.md", meta + "---\n\n" + text)
    return root


def _build(root: Path, site: str) -> dict[str, bytes]:
    config = with_lip_plugin(load_config(str(root / "mkdocs.yml"), site_dir=str(root / site)),
                             Project(root / f"cache-{site}"))  # a cache of its own: every render cold
    mkdocs_build(config)
    return {str(p.relative_to(root / site)): p.read_bytes()
            for p in sorted((root / site).rglob("*")) if p.is_file() and p.suffix != ".gz"}


def test_the_site_is_the_one_whole_post_excerpts_give(tmp_path: Path, monkeypatch):
    root = _blog(tmp_path)
    seen: list[str] = []
    convert = markdown.Markdown.convert
    monkeypatch.setattr(markdown.Markdown, "convert", lambda md, text: seen.append(text) or convert(md, text))
    cut = _build(root, "cut")
    assert any(text.endswith(MORE + "\n") and "print(1)" not in text for text in seen)  # cuts taken
    monkeypatch.setattr(excerpts, "usable", lambda *args: False)
    whole = _build(root, "whole")
    assert cut.keys() == whole.keys()
    assert [name for name in cut if cut[name] != whole[name]] == []
    index = whole["blog/index.html"].decode()
    assert "Hyper Text Markup Language" in index and "the docs" in index  # what the guards protect
