"""SVG outputs made safe to serve as files: parsed as XML (defusedxml: no entity expansion, no
external DTD), kept to an allowlist of drawing elements, without event handlers, scripts, embedded
HTML, animation (which can rewrite a link) or links to anything but the drawing itself and
http(s) pages, then written back as well-formed XML. Never edits SVG text with patterns; an SVG
that does not parse is refused (`None`), never passed through.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

SVG, XLINK = "http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"

_ELEMENTS = {
    f"{{{SVG}}}{name}"
    for name in (
        "svg a circle clipPath defs desc ellipse filter g image line linearGradient marker mask metadata "
        "path pattern polygon polyline radialGradient rect stop style switch symbol text textPath title "
        "tspan use view feBlend feColorMatrix feComponentTransfer feComposite feConvolveMatrix "
        "feDiffuseLighting feDisplacementMap feDistantLight feFlood feFuncA feFuncB feFuncG feFuncR "
        "feGaussianBlur feImage feMerge feMergeNode feMorphology feOffset fePointLight "
        "feSpecularLighting feSpotLight feTile feTurbulence"
    ).split()
}
_LINKS = {"href", f"{{{XLINK}}}href"}
_SAFE_LINK_STARTS = ("#", "http://", "https://", "data:image/png;", "data:image/jpeg;", "data:image/gif;")
_XML = "{http://www.w3.org/XML/1998/namespace}"


def safe_svg(text: str) -> str | None:
    """The SVG with only drawing left in it, or None when it is not a well-formed SVG document."""
    try:
        root = fromstring(text.encode("utf-8"))
    except (ET.ParseError, DefusedXmlException, ValueError):
        return None
    if root.tag == "svg":  # written without its namespace: as a file it would show nothing
        for element in root.iter():
            element.tag = element.tag if element.tag.startswith("{") else f"{{{SVG}}}{element.tag}"
    if root.tag != f"{{{SVG}}}svg":
        return None
    _clean(root)
    return ET.tostring(_plain_names(root), encoding="unicode")


def _clean(element: ET.Element) -> None:
    for name in list(element.attrib):
        if not _allowed(name, element.attrib[name]):
            del element.attrib[name]
    for child in list(element):
        if child.tag in _ELEMENTS:
            _clean(child)
        else:
            element.remove(child)  # its tail text goes with it: SVG text lives inside <text>


def _allowed(name: str, value: str) -> bool:
    bare = name.rsplit("}", 1)[-1].lower()
    if bare.startswith("on"):
        return False
    if name in _LINKS:
        return value.strip().lower().startswith(_SAFE_LINK_STARTS)
    return not name.startswith("{") or name.startswith(_XML)


def _plain_names(root: ET.Element) -> ET.Element:
    """The tree written with the prefixes SVG files use (`xlink:href`, no `ns0:`), whatever other
    code registered in ElementTree's process-wide namespace map."""
    for element in root.iter():
        element.tag = element.tag.removeprefix(f"{{{SVG}}}")
        for name in [n for n in element.attrib if n.startswith("{")]:
            value = element.attrib.pop(name)
            element.attrib[name.replace(f"{{{XLINK}}}", "xlink:").replace(_XML, "xml:")] = value
    root.set("xmlns", SVG)
    if any(n.startswith("xlink:") for e in root.iter() for n in e.attrib):
        root.set("xmlns:xlink", XLINK)
    return root
