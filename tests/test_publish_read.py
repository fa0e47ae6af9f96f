"""The read phase on its own: what `lip decks` shares with `lip build`."""

import ast
import subprocess
import sys

# What only the rendering half of a build needs; the read phase loads none of it.
RENDER_ONLY = ("mkdocs", "material", "github", "nbconvert", "weasyprint", "genanki")


def test_the_read_phase_imports_no_site_builder():
    code = """if True:
        import sys
        import pipeline.publish.read
        print(sorted(sys.modules))
    """
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    loaded = ast.literal_eval(out.stdout.strip().splitlines()[-1])
    assert "pipeline.publish.read" in loaded and "pipeline.content.index" in loaded
    assert {name.split(".")[0] for name in loaded} & set(RENDER_ONLY) == set()
    assert [name for name in loaded if name.endswith(".site") and name.startswith("pipeline.")] == []
