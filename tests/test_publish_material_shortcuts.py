"""The shortcuts behave exactly like Material's own, and are taken out after a build."""

from datetime import datetime, timezone
from pathlib import Path
from types import SimpleNamespace

from markdown import Markdown
from markdown.treeprocessors import Treeprocessor
from material.plugins.blog import plugin as blog
from material.plugins.blog import structure
from material.plugins.search.plugin import SearchIndex
from mkdocs.structure.toc import get_toc

from pipeline.project import Project
from pipeline.publish.build import build
from pipeline.publish.material_shortcuts import LazyMarkdown, cached_readtime, cached_search_entries

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


def test_cached_readtime_answers_like_materials_and_keeps_it():
    html = "<p>" + "word " * 700 + "</p><img src=a.png>"
    memo: dict = {}
    remembered = cached_readtime(memo, blog.readtime)
    assert remembered(html, 265) == blog.readtime(html, 265) == remembered(html, 265)
    assert len(memo) == 1


def test_materials_own_names_are_back_after_a_build(blog_project: Path):
    before = (structure.Markdown, blog.readtime, SearchIndex.add_entry_from_context)
    build(Project(blog_project), now=datetime(2026, 6, 1, tzinfo=timezone.utc))
    assert (structure.Markdown, blog.readtime, SearchIndex.add_entry_from_context) == before


def test_cached_search_entries_equal_a_fresh_parse():
    md = Markdown(extensions=["toc"])
    page = SimpleNamespace(url="a/", title="A", meta={"tags": ["x"]}, content=md.convert(TEXT * 3),
                           toc=get_toc(md.toc_tokens))
    fresh, first, second = SearchIndex(), SearchIndex(), SearchIndex()
    SearchIndex.add_entry_from_context(fresh, page)
    remembered = cached_search_entries({}, SearchIndex.add_entry_from_context)
    remembered(first, page)
    remembered(second, page)  # from the cache
    assert fresh.entries == first.entries == second.entries and len(fresh.entries) > 1


def test_post_list_membership_answers_as_a_list_does(tmp_path: Path):
    from mkdocs.structure.files import File
    from mkdocs.structure.pages import Page

    from pipeline.publish.material_shortcuts import PostList

    files = [File(f"p{n}.md", str(tmp_path), str(tmp_path / "site"), True) for n in range(3)]
    posts = [Page(f"Post {n}", file, {}) for n, file in enumerate(files)]
    twin = Page("Post 1", files[1], {})  # another object, equal to a post: same title, same File
    retitled = Page("Other", files[1], {})
    other_file = Page("Post 2", File("p2.md", str(tmp_path), str(tmp_path / "site"), True), {})
    for page in [*posts, twin, retitled, other_file, None, "Post 1"]:
        assert (page in PostList(posts)) == (page in posts)
    assert twin in PostList(posts) and retitled not in PostList(posts)


def test_remembered_yaml_parses_like_pyyaml_and_hands_out_copies():
    import yaml

    from pipeline.publish.material_shortcuts import RememberedYaml

    parsed: dict = {}
    remembered = RememberedYaml(parsed)
    text = "date: 2026-01-05\ntags: [a, b]\n"
    first = remembered.load(text, yaml.SafeLoader)
    assert first == yaml.load(text, yaml.SafeLoader)
    first["tags"].append("changed by a build")
    assert remembered.load(text, yaml.SafeLoader) == yaml.load(text, yaml.SafeLoader)
    assert remembered.load(text, yaml.BaseLoader) == yaml.load(text, yaml.BaseLoader)  # per loader
    assert len(parsed) == 2 and remembered.SafeLoader is yaml.SafeLoader
