"""Cheatsheet Markdown to the HTML WeasyPrint prints, with math drawn offline. Pure functions.

Raw HTML is refused in cheatsheets (`raw_html_errors`): a cheatsheet is Markdown only, so what is
on the page and what is in the PDF are the same thing, and nothing pasted in runs on the site.
Math is never sent to a service: `tex_to_html` turns common TeX (Greek letters, operators,
sub/superscripts, fractions, roots) into HTML text and leaves anything it does not know as
readable TeX.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import markdown

from pipeline.content.syntax import read_markdown
from pipeline.errors import ContentError

EXTENSIONS = [
    "abbr", "admonition", "attr_list", "def_list", "footnotes", "md_in_html", "tables",
    "pymdownx.details", "pymdownx.superfences", "pymdownx.highlight", "pymdownx.inlinehilite",
    "pymdownx.arithmatex", "pymdownx.tabbed",
]
EXTENSION_CONFIGS = {
    "pymdownx.highlight": {"use_pygments": True, "guess_lang": False},
    "pymdownx.arithmatex": {"generic": True},
    "pymdownx.tabbed": {"alternate_style": True},
}


def raw_html_errors(body: str, source: Path, body_line: int) -> tuple[ContentError, ...]:
    """One error per line where HTML starts outside code (autolinks and comments are fine)."""
    errors: dict[int, ContentError] = {}
    for found in read_markdown(body).html:
        if found.html.lstrip().startswith("<!--"):
            continue
        text = found.html.strip()
        tag = " ".join(text[:text.find(">") + 1 or len(text)].split())
        errors.setdefault(found.line, ContentError(
            source, f"raw HTML {tag[:40]!r} is not allowed in a cheatsheet; "
            "write Markdown (put HTML examples in `code`)", body_line + found.line))
    return tuple(errors.values())


def markdown_to_html(text: str) -> str:
    """Cheatsheet Markdown as HTML: Pygments-highlighted code, math as text, tabs all shown."""
    rendered = markdown.markdown(text, extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIGS)
    return _ARITHMATEX.sub(lambda m: _math_html(m.group(1), m.group(2), m.group(3)), rendered)


_ARITHMATEX = re.compile(r'<(span|div) class="arithmatex">\s*\\[\(\[](.*?)\\[\)\]]\s*</(span|div)>', re.DOTALL)


def _math_html(tag: str, escaped_tex: str, _closing: str) -> str:
    tex = html.unescape(escaped_tex)
    return f'<{tag} class="math">{tex_to_html(tex)}</{tag}>'


SYMBOLS = {
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "varepsilon": "ε",
    "zeta": "ζ", "eta": "η", "theta": "θ", "iota": "ι", "kappa": "κ", "lambda": "λ", "mu": "μ",
    "nu": "ν", "xi": "ξ", "pi": "π", "rho": "ρ", "sigma": "σ", "tau": "τ", "phi": "φ",
    "varphi": "φ", "chi": "χ", "psi": "ψ", "omega": "ω", "Gamma": "Γ", "Delta": "Δ", "Theta": "Θ",
    "Lambda": "Λ", "Pi": "Π", "Sigma": "Σ", "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω",
    "times": "×", "cdot": "·", "div": "÷", "pm": "±", "le": "≤", "leq": "≤", "ge": "≥",
    "geq": "≥", "ne": "≠", "neq": "≠", "approx": "≈", "sim": "∼", "propto": "∝", "infty": "∞",
    "to": "→", "rightarrow": "→", "leftarrow": "←", "Rightarrow": "⇒", "mapsto": "↦",
    "in": "∈", "notin": "∉", "subset": "⊂", "subseteq": "⊆", "cup": "∪", "cap": "∩",
    "forall": "∀", "exists": "∃", "partial": "∂", "nabla": "∇", "sum": "∑", "prod": "∏",
    "int": "∫", "top": "⊤", "perp": "⊥", "ldots": "…", "cdots": "⋯", "dots": "…",
    "log": "log", "exp": "exp", "max": "max", "min": "min", "arg": "arg", "sin": "sin",
    "cos": "cos", "tanh": "tanh", "lVert": "‖", "rVert": "‖", "|": "‖", "{": "{", "}": "}",
    "quad": "\u2003", "qquad": "\u2003\u2003", ",": "\u2009", ";": "\u2005", "!": "", " ": " ",
    "left": "", "right": "", "big": "", "Big": "", "bigl": "", "bigr": "",
}
BLACKBOARD = {"R": "ℝ", "N": "ℕ", "Z": "ℤ", "Q": "ℚ", "C": "ℂ", "E": "𝔼", "P": "ℙ"}
_GROUP = r"\{((?:[^{}]|\{[^{}]*\})*)\}"
_ATOM = r"(" + _GROUP + r"|\\[A-Za-z]+|[^\\{}\s&<>^_])"  # never a mark or a tag of ours


def tex_to_html(tex: str) -> str:
    """Readable HTML for common TeX; never raises, and everything it returns is escaped."""
    text = html.escape(tex, quote=False)
    text = re.sub(r"\\(?:mathbb|Bbb)\{(\w)\}", lambda m: BLACKBOARD.get(m.group(1), m.group(1)), text)
    text = re.sub(r"\\(?:operatorname|text|mathrm|mathbf|mathit|mathcal)\{([^{}]*)\}", r"\1", text)
    text = re.sub(r"\\d?frac" + _GROUP + _GROUP, r"(\1)/(\2)", text)
    text = re.sub(r"\\sqrt" + _GROUP, r"√(\1)", text)
    text = re.sub(r"\^" + _ATOM, lambda m: f"<sup>{_atom(m)}</sup>", text)
    text = re.sub(r"_" + _ATOM, lambda m: f"<sub>{_atom(m)}</sub>", text)
    text = re.sub(r"\\([A-Za-z]+|[|{},;! ])", lambda m: SYMBOLS.get(m.group(1), m.group(0)), text)
    return re.sub(r"(?<!\\)[{}]", "", text)


def _atom(match: re.Match) -> str:
    return match.group(2) if match.group(2) is not None else match.group(1)
