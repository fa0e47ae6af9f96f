"""Write the look-alike notebooks of this folder: small notebooks that reproduce, for CI, what real
tutorial notebooks did to the build (see README.md for where each comes from).

Run from the repository root with a Python that has nbformat, plotly and altair (altair is not a
dependency of lip; it only made `altair-html.ipynb`'s outputs, which are saved in the file):
    python tests/data/notebooks/lookalikes/make_lookalikes.py
"""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

HERE = Path(__file__).parent
HANDSON = Path("/work/corpora/notebooks/src/ageron+handson-ml3")  # a checkout of ageron/handson-ml3


def housing_table() -> None:
    """handson-ml3 chapter 2, trimmed: a bold chapter line, no `#` title (its `#` headings are
    sections: "# Setup", "# Get the Data"), a `# Setup` comment in code, a pandas table, widget
    progress bars."""
    source = json.loads((HANDSON / "02_end_to_end_machine_learning_project.ipynb").read_text())
    cells = source["cells"]
    head = next(c for c in cells if any("class=\"dataframe\"" in "".join(o.get("data", {}).get("text/html", ""))
                                        for o in c.get("outputs", [])))
    nlp = json.loads((HANDSON / "16_nlp_with_rnns_and_attention.ipynb").read_text())
    widget = next(c for c in nlp["cells"] if any("application/vnd.jupyter.widget-view+json" in o.get("data", {})
                                                 for o in c.get("outputs", [])))
    notebook = new_notebook(metadata={"date": "2026-04-01", "kernelspec": source["metadata"]["kernelspec"]})
    notebook.cells = [nbformat.from_dict(c) for c in cells[:3]] + [
        new_markdown_cell("# Setup\n\nThis project requires Python 3.7 or above."),
        new_code_cell("# Setup\nimport sys\n\nassert sys.version_info >= (3, 7)"),
        new_markdown_cell("# Get the Data"), nbformat.from_dict(head), nbformat.from_dict(widget)]
    nbformat.write(notebook, HERE / "02_end_to_end_machine_learning_project.ipynb")


def altair_html() -> None:
    """An Altair chart saved as an HTML output, as Altair's `html` renderer (Colab, Kaggle) and
    `chart.save("chart.html")` write them: the Vega-Lite spec sits inside a <script>."""
    import altair as alt

    data = alt.Data(values=[{"origin": o, "mpg": 14 + 3 * i + n} for i, o in enumerate(("USA", "Europe", "Japan"))
                            for n in range(4)])
    chart = alt.Chart(data).mark_point().encode(x="origin:N", y="mpg:Q").properties(width=600)
    alt.renderers.enable("html")
    rendered = chart._repr_mimebundle_()
    bundle = rendered[0] if isinstance(rendered, tuple) else rendered
    saved = chart.to_html()
    notebook = new_notebook(metadata={"date": "2026-04-02"}, cells=[
        new_markdown_cell("# Cars by origin\n\nMiles per gallon of each car, by where it was made."),
        new_code_cell("chart", outputs=[new_output("execute_result", execution_count=1,
                                                   data={"text/html": bundle["text/html"], "text/plain": "alt.Chart(...)"})]),
        new_code_cell("from IPython.display import HTML\nHTML(open('chart.html').read())", outputs=[
            new_output("execute_result", execution_count=2, data={"text/html": saved, "text/plain": "<IPython.core.display.HTML object>"})]),
    ])
    nbformat.write(notebook, HERE / "altair-html.ipynb")


def plotly_fixed_width() -> None:
    """A Plotly figure saved with a fixed 600 px width, as `fig.update_layout(width=600)` leaves it."""
    import plotly.graph_objects as go

    figure = go.Figure(go.Scatter(x=list(range(12)), y=[v * v for v in range(12)], mode="markers"))
    figure.update_layout(width=600, height=400)
    notebook = new_notebook(metadata={"date": "2026-04-03"}, cells=[
        new_markdown_cell("# Squares\n\nTwelve squares, drawn with Plotly."),
        new_code_cell("fig", outputs=[new_output("execute_result", execution_count=1, data={
            "application/vnd.plotly.v1+json": json.loads(figure.to_json()), "text/plain": "Figure"})]),
    ])
    nbformat.write(notebook, HERE / "plotly-fixed-width.ipynb")


def hostile() -> None:
    """Third-party text that attacks: a metadata title with markup, a LaTeX `\\href` to
    `javascript:`, an SVG whose attribute holds the other quote character, a script-only output."""
    svg = ('<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 20 20">'
           "<defs><circle id=\"dot\" r=\"4\"/></defs><text x='1' y='9' font-family='\"DejaVu Sans\"'>it's</text>"
           '<use xlink:href="#dot" x="10" y="14" onclick="alert(1)"/></svg>')
    notebook = new_notebook(metadata={"date": "2026-04-04", "title": "<img src=x onerror=\"window.hacked=1\"> & co"},
                            cells=[
        new_markdown_cell("A notebook whose outputs try things."),
        new_code_cell("latex", outputs=[new_output("display_data", data={
            "text/latex": "$$\\href{javascript:window.hacked=2}{\\text{click me}}$$", "text/plain": "<Latex>"})]),
        new_code_cell("svg", outputs=[new_output("display_data", data={"image/svg+xml": svg, "text/plain": "<SVG>"})]),
        new_code_cell("js", outputs=[new_output("display_data", data={"application/javascript": "window.hacked=3"})]),
    ])
    nbformat.write(notebook, HERE / "hostile.ipynb")


def long_prose() -> None:
    """A lesson of 2,100 words of prose before its first code cell, as book-chapter notebooks are
    (the blog index showed all of it as the excerpt)."""
    sentence = "Gradient descent takes a small step against the slope of the loss, again and again. "
    paragraphs = [f"Step {n}: " + sentence * 6 for n in range(1, 36)]
    notebook = new_notebook(metadata={"date": "2026-04-05"}, cells=[
        new_markdown_cell("# Gradient descent, slowly"), *map(new_markdown_cell, paragraphs),
        new_code_cell("print('done')", outputs=[new_output("stream", name="stdout", text="done\n")])])
    nbformat.write(notebook, HERE / "long-prose.ipynb")


if __name__ == "__main__":
    housing_table()
    altair_html()
    plotly_fixed_width()
    hostile()
    long_prose()
