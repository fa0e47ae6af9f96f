"""Cell outputs: text, stderr, errors with ANSI colours, image files, sanitized HTML, LaTeX, Plotly."""

import base64
import json
import re

import markdown

from pipeline.notebooks.outputs import (
    MAX_HTML,
    MAX_TEXT,
    latex_block,
    render_outputs,
    safe_svg,
    sanitize,
)

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==")


def test_stdout_stderr_and_error_are_escaped_and_styled():
    done = render_outputs([
        {"output_type": "stream", "name": "stdout", "text": ["a < b\n"]},
        {"output_type": "stream", "name": "stderr", "text": "warning!\n"},
        {"output_type": "error", "ename": "ValueError", "evalue": "bad",
         "traceback": ["\x1b[0;31mValueError\x1b[0m: bad <script>"]},
    ], 3, "post")
    stdout, stderr, error = done.blocks
    assert stdout == '<pre class="nb-text nb-stdout">a &lt; b\n</pre>'
    assert 'nb-stderr">warning!' in stderr
    assert '<span class="ansi-red-fg">ValueError</span>: bad &lt;script&gt;' in error
    assert "\x1b" not in error and "<script>" not in error


def test_images_become_files_never_base64():
    encoded = base64.b64encode(PNG).decode()
    done = render_outputs([{"output_type": "display_data", "data": {
        "image/png": encoded[:20] + "\n" + encoded[20:], "text/plain": "<Figure>"}, "metadata": {}},
        {"output_type": "display_data", "data": {"image/svg+xml": ["<svg>", "</svg>"]}, "metadata": {}}], 4, "post")
    assert done.files == [("cell4-output0.png", PNG), ("cell4-output1.svg", b"<svg></svg>")]
    assert done.blocks == ["![Output of cell 4](post/cell4-output0.png)", "![Output of cell 4](post/cell4-output1.svg)"]
    assert "base64" not in "".join(done.blocks)


def test_html_tables_survive_sanitizing_but_scripts_and_handlers_do_not():
    hostile = ('<style>td {color: red}</style><table class="dataframe"><tr><th>a</th></tr>'
               '<tr><td onclick="steal()">1</td></tr></table><script>alert(1)</script>'
               '<img src="x" onerror="alert(2)"><a href="javascript:alert(3)">x</a><iframe src="https://e.x"></iframe>')
    clean = sanitize(hostile)
    assert '<table class="dataframe">' in clean and "<td>1</td>" in clean
    for bad in ("<script", "onclick", "onerror", "javascript:", "<iframe", "<style", "alert(1)"):
        assert bad not in clean


def test_html_output_cannot_close_the_page_around_it():
    done = render_outputs([{"output_type": "execute_result", "data": {
        "text/html": "</div></div><script>x()</script><b>bold", "text/plain": "x"}, "metadata": {}}], 1, "p")
    html = markdown.markdown('<div class="nb-output" markdown>\n\n' + done.blocks[0] + "\n\n</div>\n\nAfter",
                             extensions=["md_in_html"])
    assert "<script" not in html and html.count("<div") == html.count("</div>")
    assert html.rstrip().endswith("<p>After</p>")


def test_latex_output_becomes_arithmatex_display_math():
    assert latex_block("$$\\frac{1}{2}$$") == "$$\n\\frac{1}{2}\n$$"
    assert latex_block("$x^2$") == "$$\nx^2\n$$"
    done = render_outputs([{"output_type": "execute_result", "data": {"text/latex": "$\\alpha$", "text/plain": "a"},
                            "metadata": {}}], 2, "p")
    assert done.blocks == ["$$\n\\alpha\n$$"]


def test_plotly_json_goes_into_an_escaped_data_island():
    figure = {"data": [{"type": "bar", "y": [1], "name": "</script><script>alert(1)</script>"}], "layout": {}}
    done = render_outputs([{"output_type": "display_data", "data": {
        "application/vnd.plotly.v1+json": figure, "text/html": "<div>fallback</div>"}, "metadata": {}}], 5, "p")
    assert done.libraries == {"plotly"} and "fallback" not in done.blocks[0]
    island = re.search(r'data-for="nb-cell5-output0">(.*)</script>', done.blocks[0]).group(1)
    assert "<" not in island and json.loads(island) == figure


def test_giant_output_is_cut_with_a_note_and_a_problem_naming_the_cell():
    done = render_outputs([{"output_type": "stream", "name": "stdout", "text": "x" * (MAX_TEXT * 5)}], 7, "p")
    assert len(done.blocks[0]) < MAX_TEXT + 200 and "more characters not shown" in done.blocks[0]
    assert done.problems == [f"cell 7: output of {MAX_TEXT * 5:,} characters cut to {MAX_TEXT:,}"]


def test_broken_base64_image_is_a_problem_not_a_crash():
    done = render_outputs([{"output_type": "display_data", "data": {"image/png": "abc"}, "metadata": {}}], 2, "p")
    assert done.files == [] and done.problems == ["cell 2: image/png output is not valid base64"]


def test_markdown_output_is_rendered_then_sanitized():
    done = render_outputs([{"output_type": "display_data", "data": {
        "text/markdown": "**bold** <script>x()</script>"}, "metadata": {}}], 1, "p")
    assert "<strong>bold</strong>" in done.blocks[0] and "<script" not in done.blocks[0]


def test_svg_files_run_nothing_when_opened_directly():
    hostile = ('<svg onload="alert(1)"><script>alert(2)</script><a xlink:href="javascript:alert(3)"><circle r="1"'
               ' onclick=\'alert(4)\'/></a><foreignObject><body><img src=x onerror=alert(5)></body></foreignObject></svg>')
    clean = safe_svg(hostile)
    assert "alert" not in clean and "<circle" in clean and "<svg" in clean


def test_vega_lite_specs_are_drawn_by_the_sites_vega_embed():
    spec = {"$schema": "https://vega.github.io/schema/vega-lite/v5.json", "mark": "point",
            "data": {"values": [{"a": 1, "b": "</script>"}]}, "encoding": {"x": {"field": "a", "type": "quantitative"}}}
    done = render_outputs([{"output_type": "display_data", "data": {
        "application/vnd.vegalite.v5+json": spec, "image/png": "", "text/plain": "alt.Chart(...)"}, "metadata": {}}], 3, "p")
    assert done.libraries == {"vega"} and done.files == []
    island = re.search(r'class="nb-vega-data" data-for="nb-cell3-output0">(.*)</script>', done.blocks[0]).group(1)
    assert json.loads(island) == spec and "</script>" not in island


def test_giant_html_output_is_left_out_with_a_note():
    table = "<table>" + "<tr><td>1</td></tr>" * (MAX_HTML // 10) + "</table>"
    done = render_outputs([{"output_type": "execute_result", "data": {"text/html": table}, "metadata": {}}], 4, "p")
    assert len(done.blocks[0]) < 200 and "left out" in done.blocks[0]
    assert done.problems == [f"cell 4: HTML output of {len(table):,} characters left out (over {MAX_HTML:,})"]
