"""Where a file of the built site came from: site page -> docs file -> the user's source.

MkDocs and the engines name files of the generated docs folder (`blog/posts/x.md`), which a
user never wrote. This module turns those names back into the source under `content/` (and a
line where the message quotes text found in it), so every message names a file the user can
open. It only reads; it never changes a message's meaning, only the names in it.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Mapping

from pipeline.fsio import read_text
from pipeline.project import Project
from pipeline.records import OutputFile

# A message's quoted fragment: the link or text MkDocs complains about ('x.md', "x.md").
_QUOTED = re.compile(r"""'([^']+)'|"([^"]+)\"""")


@dataclass(frozen=True)
class Origins:
    """Docs path -> the source file that claims it (relative to the project, or a label)."""

    sources: Mapping[str, str]
    texts: Mapping[str, str] = field(default_factory=dict)  # source -> its text, for line numbers
    docs: str = ""  # the docs folder as MkDocs names it in messages

    def source(self, docs_path: str) -> str:
        return self.sources.get(docs_path, f"{docs_path} (generated)")

    def explain(self, message: str) -> str:
        """`message` with every docs path in it replaced by its source and a line."""
        if self.docs:
            message = message.replace(f" in '{self.docs}'", "")
        for docs_path in sorted(self.sources, key=len, reverse=True):
            if docs_path in message:
                source = self.sources[docs_path]
                line = self.line_of(source, message, skip=docs_path)
                message = message.replace(docs_path, f"{source}:{line}" if line else source)
        return message

    def line_of(self, source: str, message: str, skip: str = "") -> int:
        """The first line of `source` holding a fragment quoted in `message` (but `skip`), else 0."""
        text = self.texts.get(source, "")
        for match in _QUOTED.finditer(message):
            fragment = match.group(1) or match.group(2)
            if fragment == skip:
                continue
            for number, line in enumerate(text.splitlines(), 1):
                if fragment in line:
                    return number
        return 0


def origins_of(project: Project, files: Mapping[PurePosixPath, OutputFile]) -> Origins:
    """The origins of every docs file a build wrote (`files` as the renderer returned them).

    Worked out when a message asks (most builds have none): a source's name on first use, its
    text for line numbers only for a message that quotes it.
    """
    sources = _Sources(project, {str(path): file.source for path, file in files.items()})
    return Origins(sources, _Texts(sources, {str(p) for p in files if str(p).endswith(".md")}),
                   os.path.relpath(project.docs))


class _Sources(Mapping):
    """Docs path -> the source as shown in messages, each worked out once, when asked."""

    def __init__(self, project: Project, raw: dict[str, str]) -> None:
        self.project, self.raw, self.shown = project, raw, {}

    def __getitem__(self, docs_path: str) -> str:
        if docs_path not in self.shown:
            self.shown[docs_path] = _shown(self.project, self.raw[docs_path])
        return self.shown[docs_path]

    def __iter__(self):
        return iter(self.raw)

    def __len__(self) -> int:
        return len(self.raw)


class _Texts(Mapping):
    """A shown source -> its text (the first Markdown docs file made from a file of the user's)."""

    def __init__(self, sources: _Sources, markdown: set[str]) -> None:
        self.sources, self.markdown, self.read = sources, markdown, {}

    def __getitem__(self, shown: str) -> str:
        if shown not in self.read:
            raws = [self.sources.raw[p] for p in self.sources.raw
                    if p in self.markdown and self.sources[p] == shown and shown != self.sources.raw[p]]
            if not raws:
                raise KeyError(shown)
            self.read[shown] = _text(Path(raws[0]))
        return self.read[shown]

    def __iter__(self):
        return iter({self.sources[p] for p in self.markdown if self.sources[p] != self.sources.raw[p]})

    def __len__(self) -> int:
        return sum(1 for _ in self)


def _shown(project: Project, source: str) -> str:
    path = Path(source)
    if path.is_absolute() and path.is_file():
        return project.relative(path)
    return f"{source} (generated)"


def _text(path: Path) -> str:
    return read_text(path) or ""  # a notebook or binary source: no line numbers
