"""`content/resume.yaml` (or `resume.json`): a résumé in the JSON Resume schema, read and validated.

Every problem names the file and the line of the value that breaks the schema; all of them are
reported together and nothing is written. Dates stay text (JSON Resume's `YYYY`, `YYYY-MM` or
`YYYY-MM-DD`), so YAML never turns them into something the schema refuses.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator

import yaml

from pipeline.cache import Cache, digest
from pipeline.content.frontmatter import parse_yaml_mapping
from pipeline.errors import ContentError, ProblemsError

NAMES = ("resume.yaml", "resume.yml", "resume.json")
SCHEMA = json.loads((Path(__file__).parent / "resume-schema.json").read_text(encoding="utf-8"))
_DATE_HINT = "is not a date: use YYYY, YYYY-MM or YYYY-MM-DD"


class _Loader(yaml.SafeLoader):
    """Safe YAML whose dates stay text, as JSON Resume writes them."""


_Loader.add_constructor("tag:yaml.org,2002:timestamp", yaml.SafeLoader.construct_yaml_str)


@lru_cache(maxsize=1)
def _validator():
    """The schema's validator, made when a résumé is really read (jsonschema is slow to import)."""
    from jsonschema import Draft7Validator

    return Draft7Validator(SCHEMA, format_checker=Draft7Validator.FORMAT_CHECKER)


@dataclass(frozen=True)
class Resume:
    """A valid résumé: the JSON Resume document and the line of each value in its file."""

    source: Path
    data: dict[str, Any]
    lines: dict[tuple, int] = field(default_factory=dict)

    def section(self, key: str) -> list:
        value = self.data.get(key)
        return value if isinstance(value, list) else []


def find_resume(content: Path) -> Path | None:
    found = [content / name for name in NAMES if (content / name).is_file()]
    if len(found) > 1:
        raise ContentError(found[1], f"two résumés: keep {found[0].name} or {found[1].name}, not both", 1)
    return found[0] if found else None


def read_resume(content: Path, cache: Cache | None = None) -> Resume | None:
    """The résumé of `content/`, or None when there is none; with a `cache`, read and validated
    once per distinct file (only a valid one is kept, so a problem is raised every time)."""
    path = find_resume(content)
    if path is None:
        return None
    text = path.read_text(encoding="utf-8")
    if cache is None:
        return parse_resume(text, path)
    return cache.get_or_make(digest("resume", str(path), text), lambda: parse_resume(text, path))


def parse_resume(text: str, path: Path) -> Resume:
    node = _compose(text, path)
    if not isinstance(node, yaml.MappingNode):
        raise ContentError(path, "a résumé is a mapping (basics, work, education, skills, ...)", 1)
    loader = _Loader("")
    try:
        data = loader.construct_document(node)
    finally:
        loader.dispose()
    lines = dict(_lines(node, ()))
    problems = [
        ContentError(path, _message(error), _line_of(tuple(error.absolute_path), lines))
        for error in _validator().iter_errors(data)
    ]
    name = data.get("basics", {}).get("name") if isinstance(data.get("basics"), dict) else None
    if not problems and not (isinstance(name, str) and name.strip()):
        problems.append(
            ContentError(path, "basics.name: a résumé needs your name", lines.get(("basics",), 1))
        )
    if problems:
        raise ProblemsError(sorted(problems, key=lambda p: p.line or 0))
    return Resume(path, data, lines)


def _compose(text: str, path: Path) -> yaml.Node | None:
    """The YAML node tree; syntax errors and duplicate keys are found (and worded) the way front
    matter's are."""
    try:
        parse_yaml_mapping(text, path, 1)
    except ContentError as exc:
        kind = "JSON" if path.suffix == ".json" else "YAML"
        message = exc.message.replace("invalid YAML front matter", f"invalid {kind}")
        if "must be a mapping" in message:
            message = "a résumé is a mapping (basics, work, education, skills, ...)"
        raise ContentError(path, message, exc.line) from None
    return yaml.compose(text, Loader=_Loader)


def _lines(node: yaml.Node, at: tuple) -> Iterator[tuple[tuple, int]]:
    """(path, line) of every value: mapping keys by name, sequence items by index."""
    yield at, node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            yield at + (key.value,), key.start_mark.line + 1
            yield from ((p, line) for p, line in _lines(value, at + (key.value,)) if p != at + (key.value,))
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            yield from _lines(item, at + (index,))


def _line_of(path: tuple, lines: dict[tuple, int]) -> int:
    while path not in lines:
        path = path[:-1]
    return lines[path]


def _message(error) -> str:
    where = ".".join(str(part) for part in error.absolute_path) or "the résumé"
    if error.validator == "pattern" and "[1-2][0-9]{3}" in str(error.validator_value):
        return f"{where}: {error.instance!r} {_DATE_HINT}"
    if (
        error.validator == "type"
        and error.validator_value == "string"
        and isinstance(error.instance, (int, float))
    ):
        return f'{where}: {error.instance} must be text here: write it in quotes ("{error.instance}")'
    return f"{where}: {error.message}"
