"""Which libraries the user actually uses: imports in notebooks and in the Python code blocks of
notes, and packages named by the requirements of projects listed in the settings.

Reads files only; never touches the network. A file that cannot be read is reported, not fatal.
"""

from __future__ import annotations

import ast
import json
import re
import sys
import tomllib
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from packaging.requirements import InvalidRequirement, Requirement

from pipeline.content.syntax import read_markdown
from pipeline.errors import ContentError, LipError, SettingsError

_PYTHON_FENCES = {"python", "py", "python3", "ipython", "ipython3", "pycon", "{python}"}
_IMPORT_LINE = re.compile(r"^\s*(?:from\s+([A-Za-z_][\w.]*)\s+import\b|import\s+([A-Za-z_][\w., ]*))")
_MAGIC = re.compile(r"^\s*[%!?]")
_REQUIREMENT_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")


@dataclass(frozen=True)
class LibraryUse:
    """One library and how much the user relies on it."""

    name: str
    notebooks: int = 0
    notes: int = 0
    projects: tuple[str, ...] = ()

    @property
    def weight(self) -> int:
        return self.notebooks + self.notes + len(self.projects)


def imports_in_code(code: str) -> set[str]:
    """Top-level modules imported by `code`; IPython magics and broken code are tolerated."""
    code = "\n".join("" if _MAGIC.match(line) else _strip_prompt(line) for line in code.splitlines())
    try:
        tree = ast.parse(code)
    except (SyntaxError, ValueError):
        return _imports_by_line(code)
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module.split(".")[0])
    return names


def _strip_prompt(line: str) -> str:
    return line[4:] if line.startswith((">>> ", "... ")) else line


def _imports_by_line(code: str) -> set[str]:
    names: set[str] = set()
    for line in code.splitlines():
        match = _IMPORT_LINE.match(line)
        if match and match.group(1):
            names.add(match.group(1).split(".")[0])
        elif match:
            names.update(part.split()[0].split(".")[0] for part in match.group(2).split(",") if part.strip())
    return names


def python_blocks(markdown: str) -> list[str]:
    """The bodies of fenced code blocks whose language is Python."""
    return [fence.code.rstrip("\n") for fence in read_markdown(markdown).fences
            if (fence.info.split() or [""])[0].lower().lstrip(".") in _PYTHON_FENCES]


def notebook_code(text: str) -> str:
    """All code cells of a notebook (nbformat 3 or 4 JSON) joined into one string."""
    data = json.loads(text)
    cells = data.get("cells")
    if cells is None:
        cells = [c for sheet in data.get("worksheets", []) for c in sheet.get("cells", [])]
    sources = []
    for cell in cells:
        if cell.get("cell_type") == "code":
            source = cell.get("source", cell.get("input", ""))
            sources.append("".join(source) if isinstance(source, list) else str(source))
    return "\n".join(sources)


def _third_party(names: set[str]) -> set[str]:
    return {n for n in names if n not in sys.stdlib_module_names and not n.startswith("_")}


def scan_content(content: Path) -> tuple[dict[str, LibraryUse], list[LipError]]:
    """Count, per library, the notebooks and the notes under `content` that import it."""
    errors: list[LipError] = []
    notebooks = _count_files(content, "*.ipynb", lambda text: imports_in_code(notebook_code(text)), errors)
    notes = _count_files(content, "*.md", lambda text: set().union(*map(imports_in_code, python_blocks(text))), errors)
    uses = {n: LibraryUse(n, notebooks.get(n, 0), notes.get(n, 0)) for n in {*notebooks, *notes}}
    return uses, errors


def _count_files(content: Path, pattern: str, imports, errors: list[LipError]) -> dict[str, int]:
    """In how many files matching `pattern` each third-party library is imported."""
    counts: dict[str, int] = defaultdict(int)
    for path in sorted(content.rglob(pattern)) if content.is_dir() else ():
        if ".ipynb_checkpoints" in path.parts:
            continue
        try:
            names = imports(path.read_text(encoding="utf-8"))
        except (OSError, ValueError, AttributeError, TypeError) as exc:  # UnicodeDecodeError is a ValueError
            kind = "notebook" if pattern == "*.ipynb" else "file"
            errors.append(ContentError(path, f"not a readable {kind} ({type(exc).__name__}); its imports are skipped"))
            continue
        for name in _third_party(names):
            counts[name] += 1
    return counts


def requirement_names(path: Path) -> list[str]:
    """Distribution names in a requirements file or in a pyproject.toml."""
    if path.name == "pyproject.toml":
        return _pyproject_names(path)
    names = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line and not line.startswith("-"):
            match = _REQUIREMENT_NAME.match(line)
            if match:
                names.append(match.group(1))
    return names


def _pyproject_names(path: Path) -> list[str]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"{path}: invalid TOML: {exc}") from None
    project = data.get("project", {})
    specs = list(project.get("dependencies", []))
    for extra in project.get("optional-dependencies", {}).values():
        specs.extend(extra)
    names = [n for n in data.get("tool", {}).get("poetry", {}).get("dependencies", {}) if n != "python"]
    for spec in specs:
        try:
            names.append(Requirement(spec).name)
        except InvalidRequirement:
            raise SettingsError(f"{path}: not a requirement: {spec!r}") from None
    return names


def scan_projects(root: Path, projects: tuple[str, ...]) -> tuple[dict[str, LibraryUse], list[LipError]]:
    """Packages named by each project folder's requirements*.txt and pyproject.toml."""
    found: dict[str, list[str]] = defaultdict(list)
    errors: list[LipError] = []
    for project in projects:
        folder = root / project
        if not folder.is_dir():
            errors.append(SettingsError(f"[tool.lip.leads] projects: {project}: no such folder"))
            continue
        files = sorted(folder.glob("requirements*.txt")) + sorted(folder.glob("pyproject.toml"))
        for path in files:
            try:
                for name in requirement_names(path):
                    if project not in found[name]:
                        found[name].append(project)
            except (OSError, UnicodeDecodeError) as exc:
                errors.append(SettingsError(f"{path}: not readable ({type(exc).__name__})"))
            except SettingsError as exc:
                errors.append(exc)
    return {n: LibraryUse(n, projects=tuple(p)) for n, p in found.items()}, errors


def merge_uses(*tables: dict[str, LibraryUse]) -> dict[str, LibraryUse]:
    """One `LibraryUse` per name, adding up the counts."""
    merged: dict[str, LibraryUse] = {}
    for table in tables:
        for name, use in table.items():
            old = merged.get(name, LibraryUse(name))
            projects = old.projects + tuple(p for p in use.projects if p not in old.projects)
            merged[name] = LibraryUse(name, old.notebooks + use.notebooks, old.notes + use.notes, projects)
    return merged
