"""The shortcuts behave exactly like Material's own, and are taken out after a build."""

from datetime import datetime, timezone
from pathlib import Path

from markdown import Markdown
from markdown.treeprocessors import Treeprocessor
from material.plugins.blog import plugin as blog
from material.plugins.blog import structure

from pipeline.cache import Cache
from pipeline.project import Project
from pipeline.publish.build import build
from pipeline.publish.material_shortcuts import LazyMarkdown, cached_readtime

OPTIONS = {"extensions": ["toc", "pymdownx.highlight", "pymdownx.superfences"]}
TEXT = "# Title\n\nSome *text*.\n\n```python\nprint(1)\n```\n"


class Mark(Treeprocessor):
    def run(self, root):
        for paragraph in root.iter("p"):
            paragraph.set("class", "marked")


def test_lazy_markdown_converts_like_markdown_with_processors_registered_early():
    lazy, real = LazyMarkdown(**OPTIONS), Markdown(**OPTIONS)
    for md in (lazy, real):
        md.treeprocessors.register(Mark(md), "mark", 0)
    assert lazy._md is None  # nothing built yet
    assert lazy.convert(TEXT) == real.convert(TEXT)
    assert 'class="marked"' in lazy.convert(TEXT)
    assert lazy.treeprocessors[lazy.treeprocessors.get_index_for_name("mark")].__class__ is Mark
    assert lazy.toc_tokens == real.toc_tokens


def test_cached_readtime_answers_like_materials_and_keeps_it(tmp_path: Path):
    html = "<p>" + "word " * 700 + "</p><img src=a.png>"
    remembered = cached_readtime(Cache(tmp_path), blog.readtime)
    assert remembered(html, 265) == blog.readtime(html, 265) == remembered(html, 265)
    assert len(list(tmp_path.rglob("*"))) == 2  # one entry (and its folder)


def test_materials_own_names_are_back_after_a_build(blog_project: Path):
    before = (structure.Markdown, blog.readtime)
    build(Project(blog_project), now=datetime(2026, 6, 1, tzinfo=timezone.utc))
    assert (structure.Markdown, blog.readtime) == before
