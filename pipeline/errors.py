"""One exception tree for every mistake a user can make.

The CLI turns a `LipError` into one line and a non-zero exit; anything else is a bug and keeps
its traceback. Subclasses carry what the user needs to find the problem: a file and line, a URL,
a repository. Never put a token in a message.
"""

from __future__ import annotations

from pathlib import Path


class LipError(Exception):
    """Base of every error that is the user's to fix."""


class SettingsError(LipError):
    """The `[tool.lip]` settings (or mkdocs.yml) are wrong."""


class ContentError(LipError):
    """A file under `content/` is wrong; names the file and, when known, the line."""

    def __init__(self, path: Path | str, message: str, line: int | None = None):
        self.path = Path(path)
        self.line = line
        self.message = message
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{_display(self.path)}:{self.line}" if self.line else _display(self.path)
        return f"{where}: {self.message}"

    def __reduce__(self):  # picklable, so caches and worker processes can carry it
        return (type(self), (self.path, self.message, self.line))


class OutputConflictError(LipError):
    """Two sources claim the same output path."""

    def __init__(self, output: str, first: str, second: str):
        self.output, self.first, self.second = output, first, second
        super().__init__(f"{first} and {second} would both write {output}")

    def __reduce__(self):
        return (type(self), (self.output, self.first, self.second))


class BuildError(LipError):
    """The MkDocs build itself failed (strict-mode warnings, theme errors)."""


class FeedError(LipError):
    """A followed feed could not be fetched or parsed; names the URL."""

    def __init__(self, url: str, message: str):
        self.url = url
        self.message = message
        super().__init__(f"{url}: {message}")

    def __reduce__(self):
        return (type(self), (self.url, self.message))


class GitHubError(LipError):
    """GitHub refused or failed a request; names the repository or query, never the token."""


class ProblemsError(LipError):
    """Several problems found together; each is reported on its own line."""

    def __init__(self, problems: list[LipError] | tuple[LipError, ...]):
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def _display(path: Path) -> str:
    """Show paths relative to the working directory when they are inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
