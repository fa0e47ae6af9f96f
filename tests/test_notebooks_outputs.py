"""Cell outputs: text, stderr, errors with ANSI colours, image files, sanitized HTML, LaTeX, Plotly."""

import base64
import json
import re

import markdown

from pipeline.notebooks.outputs import latex_block, render_outputs, sanitize

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
    assert done.files == [("cell4-output0.png", PNG), ("cell4-output1.svg", b'<svg xmlns="http://www.w3.org/2000/svg" />')]
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


def test_broken_base64_image_is_left_out_with_a_notice_not_a_crash():
    done = render_outputs([{"output_type": "display_data", "data": {"image/png": "abc"}, "metadata": {}}], 2, "p")
    assert done.files == [] and done.notices == ["cell 2: image/png output left out: not valid base64"]


def test_markdown_output_is_rendered_then_sanitized():
    done = render_outputs([{"output_type": "display_data", "data": {
        "text/markdown": "**bold** <script>x()</script>"}, "metadata": {}}], 1, "p")
    assert "<strong>bold</strong>" in done.blocks[0] and "<script" not in done.blocks[0]


def test_vega_lite_specs_are_drawn_by_the_sites_vega_embed():
    spec = {"$schema": "https://vega.github.io/schema/vega-lite/v5.json", "mark": "point",
            "data": {"values": [{"a": 1, "b": "</script>"}]}, "encoding": {"x": {"field": "a", "type": "quantitative"}}}
    done = render_outputs([{"output_type": "display_data", "data": {
        "application/vnd.vegalite.v5+json": spec, "image/png": "", "text/plain": "alt.Chart(...)"}, "metadata": {}}], 3, "p")
    assert done.libraries == {"vega"} and done.files == []
    island = re.search(r'class="nb-vega-data" data-for="nb-cell3-output0">(.*)</script>', done.blocks[0]).group(1)
    assert json.loads(island) == spec and "</script>" not in island


LOOKALIKES = __import__("pathlib").Path(__file__).parent / "data/notebooks/lookalikes"


def _outputs(name: str) -> list[list[dict]]:
    cells = json.loads((LOOKALIKES / name).read_text())["cells"]
    return [c.get("outputs", []) for c in cells if c["cell_type"] == "code"]


def test_altair_charts_saved_as_html_are_drawn_by_vega_embed_not_left_out():
    for cell_no, outputs in enumerate(_outputs("altair-html.ipynb"), start=2):
        done = render_outputs(outputs, cell_no, "p")
        assert done.libraries == {"vega"} and done.notices == [] and len(done.blocks) == 1, cell_no
        island = re.search(r'class="nb-vega-data" data-for="nb-cell\d-output0">(.*)</script>', done.blocks[0]).group(1)
        spec = json.loads(island)
        assert spec["mark"] == {"type": "point"} and len(spec["data"]["values"]) == 12
        assert "vega-lite" in spec["$schema"] and 'data-lip-script="vega"' in done.blocks[0]


def test_widget_outputs_fall_back_to_their_saved_text_with_a_notice():
    widget_cell = _outputs("02_end_to_end_machine_learning_project.ipynb")[-1]
    done = render_outputs(widget_cell, 9, "p")
    widgets = [o for o in widget_cell if "application/vnd.jupyter.widget-view+json" in o.get("data", {})]
    assert widgets and done.notices == ["cell 9: widget output shown as its saved text/plain"] * len(widgets)
    assert "Dl Completed...: 0 url" in "".join(done.blocks)


def test_javascript_output_without_a_static_version_is_said_to_be_left_out():
    done = render_outputs([{"output_type": "display_data", "data": {"application/javascript": "alert(1)"},
                            "metadata": {}}, {"output_type": "display_data", "metadata": {}, "data": {
        "text/html": "<div id='bk'></div><script>Bokeh.embed('bk')</script>", "text/plain": "Figure(id='bk')"}},
        {"output_type": "display_data", "metadata": {}, "data": {
            "application/javascript": "x()", "image/png": base64.b64encode(PNG).decode()}}], 5, "p")
    assert done.notices == ["cell 5: JavaScript output left out: no static version was saved with it",
                            "cell 5: scripted HTML output shown as its saved text/plain",
                            "cell 5: JavaScript output shown as its saved image/png"]
    assert "alert" not in "".join(done.blocks) and done.files == [("cell5-output2.png", PNG)]
    assert "Figure(id=&#x27;bk&#x27;)" in done.blocks[0] or "Figure(id='bk')" in done.blocks[0]


def test_html_whose_scripts_are_removed_but_that_shows_content_is_kept():
    done = render_outputs([{"output_type": "display_data", "metadata": {}, "data": {
        "text/html": "<b>Loaded</b><script>x()</script>", "text/plain": "obj"}}], 1, "p")
    assert done.notices == [] and "<b>Loaded</b>" in done.blocks[0] and "x()" not in done.blocks[0]
