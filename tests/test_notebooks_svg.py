"""SVG outputs sanitized as XML: drawing kept, anything that runs removed, always well-formed."""

import xml.etree.ElementTree as ET

from pipeline.notebooks.svg import safe_svg

MATPLOTLIB = """<?xml version="1.0" encoding="utf-8" standalone="no"?>
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
<svg xmlns:xlink="http://www.w3.org/1999/xlink" width="460pt" height="345pt" viewBox="0 0 460 345"
 xmlns="http://www.w3.org/2000/svg" version="1.1">
 <metadata><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description/></rdf:RDF></metadata>
 <defs><style type="text/css">*{stroke-linejoin: round}</style><path id="m1" d="M 0 0 L 0 3.5"/></defs>
 <g id="figure_1"><use xlink:href="#m1" x="57" y="307" style="stroke: #000"/>
 <text x="1" y="2" font-family='"DejaVu Sans"'>it's &amp; "quoted"</text></g>
</svg>"""


def test_matplotlib_svg_keeps_its_drawing_and_links_within_itself():
    clean = safe_svg(MATPLOTLIB)
    root = ET.fromstring(clean)
    use = root.find(".//{http://www.w3.org/2000/svg}use")
    assert use.get("{http://www.w3.org/1999/xlink}href") == "#m1" and root.get("viewBox") == "0 0 460 345"
    text = root.find(".//{http://www.w3.org/2000/svg}text")
    assert text.text == 'it\'s & "quoted"' and text.get("font-family") == '"DejaVu Sans"'
    assert "rdf:" not in clean and "*{stroke-linejoin: round}" in clean


def test_attribute_holding_the_other_quote_character_stays_well_formed():
    svg = (
        "<svg xmlns='http://www.w3.org/2000/svg'><text font-family='\"DejaVu Sans\"' onclick='x()'>a</text>"
        '<a href="javascript:alert(\'it\')" title="it\'s"><circle r="1"/></a></svg>'
    )
    root = ET.fromstring(safe_svg(svg))  # raises if the result is not XML
    text, link = root[0], root[1]
    assert text.get("font-family") == '"DejaVu Sans"' and text.get("onclick") is None
    assert link.get("href") is None and link.get("title") == "it's" and len(link) == 1


def test_svg_files_run_nothing_when_opened_directly():
    hostile = (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" onload="alert(1)">'
        '<script>alert(2)</script><a xlink:href="javascript:alert(3)"><circle r="1" onclick=\'alert(4)\'/></a>'
        '<foreignObject><body xmlns="http://www.w3.org/1999/xhtml"><img src="x" onerror="alert(5)"/></body>'
        '</foreignObject><set attributeName="href" to="javascript:alert(6)"/>'
        '<animate attributeName="href" values="javascript:alert(7)"/></svg>'
    )
    clean = safe_svg(hostile)
    assert "alert" not in clean and "<circle" in clean and clean.startswith("<svg")


def test_what_is_not_an_svg_document_is_refused():
    assert safe_svg("<script>alert('image/svg+xml output')</script>") is None
    assert safe_svg("<svg><unclosed></svg>") is None
    assert safe_svg('<!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa">]><svg>&a;</svg>') is None
    assert (
        safe_svg("<svg><circle r='1'/></svg>")
        == '<svg xmlns="http://www.w3.org/2000/svg"><circle r="1" /></svg>'
    )


def test_output_uses_the_usual_prefixes_whatever_else_registered_namespaces(monkeypatch):
    monkeypatch.setattr(ET, "_namespace_map", dict(ET._namespace_map))  # restored after the test
    ET.register_namespace("svg", "http://www.w3.org/2000/svg")  # as other libraries in the process do
    ET.register_namespace("xl", "http://www.w3.org/1999/xlink")
    clean = safe_svg(MATPLOTLIB)
    assert 'xmlns="http://www.w3.org/2000/svg"' in clean and 'xlink:href="#m1"' in clean and clean.startswith("<svg ")
    assert "ns0:" not in clean and "svg:" not in clean and "xl:" not in clean
