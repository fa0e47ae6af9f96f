"""Limits on outputs and downloads: applied once, to the page and the download alike, each change a
notice naming the cell; a notebook within the limits is left exactly as it is."""

import base64
import json

from nbformat.v4 import new_code_cell, new_notebook, new_output

from pipeline.notebooks.limits import (
    MAX_DOWNLOAD,
    MAX_HTML,
    MAX_IMAGE,
    MAX_TEXT,
    download_too_big,
    within_limits,
)

SMALL_PNG = base64.b64encode(b"\x89PNG" + b"\0" * 100).decode()


def _notebook(*outputs):
    return new_notebook(cells=[new_code_cell("x = 1"), new_code_cell("show()", outputs=list(outputs))])


def test_a_notebook_within_the_limits_is_untouched():
    notebook = _notebook(
        new_output("display_data", data={"image/png": SMALL_PNG, "text/plain": "<Figure>"}),
        new_output("stream", name="stdout", text="x" * MAX_TEXT),
    )
    trimmed = within_limits(notebook)
    assert trimmed.notebook is notebook and not trimmed.changed


def test_a_huge_image_is_replaced_by_a_line_saying_so():
    huge = base64.b64encode(b"\0" * 20_000_000).decode()  # a 20 MB PNG, as a real notebook had
    notebook = _notebook(
        new_output("display_data", data={"image/png": huge, "text/plain": "<Figure size 640x480>"})
    )
    trimmed = within_limits(notebook)
    data = trimmed.notebook.cells[1].outputs[0]["data"]
    assert data == {"text/plain": "[PNG output of 20.0 MB left out (over the 5.0 MB limit)]"}
    assert trimmed.notices == ("cell 2: PNG output of 20.0 MB left out (over the 5.0 MB limit)",)
    assert "image/png" in notebook.cells[1].outputs[0]["data"]  # the notebook given is never changed
    assert len(json.dumps(trimmed.notebook)) < 1000


def test_a_huge_text_output_is_cut_and_said_to_be_cut_not_skipped():
    notebook = _notebook(
        new_output("stream", name="stdout", text="y" * 50_000_000),
        new_output("error", ename="E", evalue="v", traceback=["z" * (MAX_TEXT + 1)]),
    )
    trimmed = within_limits(notebook)
    stream, error = trimmed.notebook.cells[1].outputs
    assert (
        stream["text"].startswith("y" * MAX_TEXT) and "49,900,000 more characters not shown" in stream["text"]
    )
    assert trimmed.notices == (
        "cell 2: text output of 50,000,000 characters cut to 100,000",
        f"cell 2: error traceback of {MAX_TEXT + 1:,} characters cut to 100,000",
    )
    assert not any("skipped" in n for n in trimmed.notices)


def test_huge_html_is_left_out_but_a_huge_chart_saved_as_html_is_kept():
    table = "<table>" + "<tr><td>1</td></tr>" * (MAX_HTML // 10) + "</table>"
    values = [{"a": i, "b": "x" * 10} for i in range(MAX_HTML // 20)]
    spec = {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "data": {"values": values},
        "mark": "point",
    }
    chart = f'<div id="vis"></div><script>vegaEmbed("#vis", {json.dumps(spec)}, {{"mode": "vega-lite"}});</script>'
    assert len(chart) > MAX_HTML
    trimmed = within_limits(
        _notebook(
            new_output("display_data", data={"text/html": table, "text/plain": "T"}),
            new_output("display_data", data={"text/html": chart}),
        )
    )
    table_out, chart_out = trimmed.notebook.cells[1].outputs
    assert (
        table_out["data"]["text/plain"].startswith("[HTML output of") and "text/html" not in table_out["data"]
    )
    assert chart_out["data"]["text/html"] == chart
    assert trimmed.notices == (
        f"cell 2: HTML output of {len(table):,} characters left out (over the 1,000,000 limit)",
    )


def test_an_image_just_within_the_limit_is_kept():
    exact = base64.b64encode(b"\0" * MAX_IMAGE).decode()
    assert not within_limits(_notebook(new_output("display_data", data={"image/png": exact}))).changed


def test_a_download_over_its_limit_is_not_offered():
    assert download_too_big(MAX_DOWNLOAD) is None
    assert (
        download_too_big(67_000_000) == "the .ipynb download (67.0 MB) is not offered: over the 25.0 MB limit"
    )
