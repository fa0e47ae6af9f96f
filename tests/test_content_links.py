from pathlib import Path, PurePosixPath

from conftest import write
from pipeline.content.index import Entry, SiteIndex
from pipeline.content.links import rewrite_links


def setup(tmp_path: Path, hidden=()):
    content = tmp_path / "content"
    source = write(content / "posts" / "a.md", "")
    other = write(content / "posts" / "deep" / "b.md", "")
    write(content / "posts" / "img" / "x.png", "png")
    entry = Entry(other.resolve(), PurePosixPath("blog/posts/deep/b.md"), "blog/2026/01/01/b/", "note")
    return content, source, SiteIndex(content, {entry.source: entry}, frozenset(hidden))


def test_feed_links_are_full_urls(tmp_path):
    content, source, routes = setup(tmp_path)
    done = rewrite_links("[b](deep/b.md#x) ![i](img/x.png)\n", source, 1, PurePosixPath("blog/posts/a.md"), routes,
                         base="https://e.org/s/")
    assert done.body == "[b](https://e.org/s/blog/2026/01/01/b/#x) ![i](https://e.org/s/media/posts/img/x.png)\n"


def test_links_to_posts_and_assets_are_rewritten(tmp_path):
    content, source, routes = setup(tmp_path)
    body = "See [b](deep/b.md#part) and ![x](img/x.png \"title\") and [web](https://x.org).\n"
    done = rewrite_links(body, source, 5, PurePosixPath("blog/posts/a.md"), routes)
    assert done.errors == ()
    assert "[b](deep/b.md#part)" in done.body
    assert "![x](../../media/posts/img/x.png \"title\")" in done.body
    assert "[web](https://x.org)" in done.body
    assert done.assets == (((content / "posts/img/x.png").resolve(), PurePosixPath("media/posts/img/x.png")),)


def test_broken_links_name_their_line_and_code_is_untouched(tmp_path):
    content, source, routes = setup(tmp_path)
    body = "ok\n`[code](nope.md)`\n```\n[fenced](nope.md)\n```\n[ref]: missing.md\n[^1]: A footnote\n[x](gone.md)\n"
    done = rewrite_links(body, source, 10, PurePosixPath("blog/posts/a.md"), routes)
    assert [(e.line, e.message) for e in done.errors] == [
        (15, "broken link 'missing.md': no such file"),
        (17, "broken link 'gone.md': no such file"),
    ]
    assert "`[code](nope.md)`" in done.body and "[fenced](nope.md)" in done.body


def test_link_to_a_draft_is_an_error(tmp_path):
    draft = (tmp_path / "content" / "posts" / "draft.md").resolve()
    content, source, routes = setup(tmp_path, hidden={draft})
    write(draft, "")
    done = rewrite_links("[d](draft.md)\n", source, 1, PurePosixPath("blog/posts/a.md"), routes)
    assert "draft or future post" in done.errors[0].message


def test_a_four_backtick_fence_holding_a_three_backtick_example_is_code(tmp_path):
    content, source, routes = setup(tmp_path)
    body = "````markdown\n```python\n[example](nowhere.md)\n```\n````\n\n[b](deep/b.md)\n"
    done = rewrite_links(body, source, 1, PurePosixPath("blog/posts/a.md"), routes)
    assert done.errors == ()
    assert "[example](nowhere.md)" in done.body


def test_a_tilde_line_inside_a_backtick_fence_does_not_hide_the_next_link(tmp_path):
    content, source, routes = setup(tmp_path)
    body = "```\n~~~\n[in code](nope.md)\n```\n\n[real](gone.md)\n"
    done = rewrite_links(body, source, 1, PurePosixPath("blog/posts/a.md"), routes)
    assert [(e.line, e.message) for e in done.errors] == [(6, "broken link 'gone.md': no such file")]


def test_a_link_whose_text_holds_inline_code_is_checked_and_rewritten(tmp_path):
    content, source, routes = setup(tmp_path)
    body = "See [`np.dot` docs](gone.md) and [`b`](deep/b.md).\n"
    done = rewrite_links(body, source, 1, PurePosixPath("blog/posts/x/a.md"), routes)
    assert [(e.line, e.message) for e in done.errors] == [(1, "broken link 'gone.md': no such file")]
    assert "[`b`](../deep/b.md)" in done.body


def test_links_in_admonitions_tables_lists_and_definitions_are_rewritten_in_place(tmp_path):
    content, source, routes = setup(tmp_path)
    body = ('!!! note "N"\n\n    Read [b](deep/b.md).\n\n| a | b |\n|---|---|\n| [b](deep/b.md) | `[no](x.md)` |\n\n'
            "- [b](deep/b.md)\n\n[r]: <deep/b.md>\n")
    done = rewrite_links(body, source, 1, PurePosixPath("blog/posts/x/a.md"), routes)
    assert done.errors == ()
    assert done.body.count("](../deep/b.md)") == 3 and "[r]: <../deep/b.md>" in done.body
    assert "`[no](x.md)`" in done.body


def test_link_syntax_inside_math_is_math_not_a_broken_link(tmp_path):
    content, source, routes = setup(tmp_path)
    body = "Rank \\( [n](T) \\) and $[n](T)$.\n\n$$\n[a](b)\n$$\n\n\\[\n[a](b)\n\\]\n\nBut [x](nope.md).\n"
    done = rewrite_links(body, source, 1, PurePosixPath("blog/posts/a.md"), routes)
    assert done.body == body
    assert [(e.line, e.message) for e in done.errors] == [(11, "broken link 'nope.md': no such file")]


def test_raw_html_src_and_href_are_routed_and_copied(tmp_path):
    content, source, routes = setup(tmp_path)
    body = ('Intro\n\n<img src="img/x.png" alt="src">\n\nText <a href=deep/b.md#part>b</a> and '
            "<video src='https://e.org/v.mp4'></video> <img src=\"data:image/png;base64,AA\">\n"
            "```\n<img src=\"nope.png\">\n```\n")
    done = rewrite_links(body, source, 1, PurePosixPath("blog/posts/a.md"), routes)
    assert done.errors == ()
    # raw HTML is not rewritten by MkDocs: relative to the page's URL (blog/posts/a/), not its docs path
    assert '<img src="../../../media/posts/img/x.png" alt="src">' in done.body
    assert '<a href="../../2026/01/01/b/#part">b</a>' in done.body
    assert "<video src='https://e.org/v.mp4'>" in done.body and 'src="data:image/png;base64,AA"' in done.body
    assert '<img src="nope.png">' in done.body  # code is untouched
    assert done.assets == (((content / "posts/img/x.png").resolve(), PurePosixPath("media/posts/img/x.png")),)


def test_raw_html_with_a_broken_path_is_reported_on_its_line(tmp_path):
    content, source, routes = setup(tmp_path)
    body = "one\n\n- item\n  <img\n    src=\"img/gone.png\">\n\n<audio><source src=missing.ogg></audio>\n"
    done = rewrite_links(body, source, 10, PurePosixPath("blog/posts/a.md"), routes)
    assert [(e.line, e.message) for e in done.errors] == [
        (14, "broken link 'img/gone.png': no such file"),
        (16, "broken link 'missing.ogg': no such file"),
    ]


def test_without_images_raw_media_tags_are_left_as_written_and_raw_links_still_routed(tmp_path):
    content, source, routes = setup(tmp_path)
    body = '<img src="img/x.png"> <a href="deep/b.md">b</a>\n'
    done = rewrite_links(body, source, 1, PurePosixPath("blog/posts/a.md"), routes, base="https://e.org/",
                         images=False)
    assert done.body == '<img src="img/x.png"> <a href="https://e.org/blog/2026/01/01/b/">b</a>\n'
    assert done.assets == ()
