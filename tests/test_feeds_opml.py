"""OPML: read categories both ways, add/remove/rewrite keep what was there, atomic save."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from pipeline.errors import ContentError
from pipeline.feeds.opml import (Followed, add_feed, followed_in, load_tree, merge, read_followed,
                                 remove_feed, rewrite_urls, save_tree)

REPO_OPML = Path(__file__).resolve().parent.parent / "content" / "following.opml"
FOREIGN = """<?xml version="1.0"?>
<opml version="1.0" xmlns:x="urn:x"><head><title>Export</title><ownerName>Me</ownerName></head>
<body>
  <!-- kept by hand -->
  <outline text="Blogs"><outline text="A" xmlUrl="https://a.example/feed" x:score="7" custom="keep"/></outline>
  <outline text="B" xmlUrl="https://b.example/rss" category="/Research"/>
  <outline text="A note without a feed"/>
</body></opml>"""


def test_example_opml_lists_people_with_categories():
    followed = read_followed(REPO_OPML)
    assert 4 <= len(followed) <= 6
    assert all(f.url.startswith("https://") and f.title and f.category for f in followed)


def test_categories_from_parent_outline_or_attribute(tmp_path):
    path = tmp_path / "f.opml"
    path.write_text(FOREIGN)
    assert read_followed(path) == (Followed("https://a.example/feed", "A", "Blogs"),
                                   Followed("https://b.example/rss", "B", "Research"))


def test_edits_keep_unknown_attributes_outlines_and_head(tmp_path):
    path = tmp_path / "f.opml"
    path.write_text(FOREIGN)
    tree = load_tree(path)
    assert add_feed(tree, Followed("https://c.example/atom", "C", "Blogs", "https://c.example/"))
    assert not add_feed(tree, Followed("https://c.example/atom", "C again", "Other"))
    assert rewrite_urls(tree, {"https://b.example/rss": "https://b.example/new"}) == 1
    save_tree(tree, path)
    text = path.read_text()
    assert 'custom="keep"' in text and "score=\"7\"" in text and "<ownerName>Me</ownerName>" in text
    assert 'text="A note without a feed"' in text and "<!-- kept by hand -->" in text
    assert [f.url for f in read_followed(path)] == ["https://a.example/feed", "https://c.example/atom",
                                                    "https://b.example/new"]
    assert list(tmp_path.iterdir()) == [path]  # no temporary file left behind


def test_remove_by_name_or_url_drops_empty_category():
    tree = ET.ElementTree(ET.fromstring(FOREIGN))
    assert [f.url for f in remove_feed(tree, "A")] == ["https://a.example/feed"]
    assert [f.title for f in remove_feed(tree, "https://b.example/rss")] == ["B"]
    assert followed_in(tree) == ()
    assert [o.get("text") for o in tree.getroot().find("body")] == ["A note without a feed"]


def test_merge_adds_only_new_feeds():
    tree = ET.ElementTree(ET.fromstring(FOREIGN))
    other = ET.ElementTree(ET.fromstring(
        '<opml><body><outline text="A" xmlUrl="https://a.example/feed"/><outline text="D" xmlUrl="https://d/x"/></body></opml>'))
    merged = merge(tree, other, "Imported")
    assert merged.added == (Followed("https://d/x", "D", "Imported"),)
    assert merged.duplicates == ((Followed("https://a.example/feed", "A"), "already followed"),)


@pytest.mark.parametrize("text, line", [("<opml><body><outline></body></opml>", 1), ("<html/>", None)])
def test_broken_opml_names_file_and_line(tmp_path, text, line):
    path = tmp_path / "bad.opml"
    path.write_text(text)
    with pytest.raises(ContentError) as error:
        load_tree(path)
    assert error.value.path == path and error.value.line == line


names = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=20).filter(str.strip)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 10**6), names, names), max_size=6, unique_by=lambda t: t[0]))
def test_add_save_read_round_trip(tmp_path_factory, feeds):
    path = tmp_path_factory.mktemp("rt") / "f.opml"
    tree = load_tree(path)
    wanted = [Followed(f"https://x.example/{n}", t.strip(), c.strip()) for n, t, c in feeds]
    for feed in wanted:
        add_feed(tree, feed)
    save_tree(tree, path)
    assert sorted(read_followed(path), key=lambda f: f.url) == sorted(wanted, key=lambda f: f.url)
