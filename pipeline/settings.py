"""The one typed settings object, read from `[tool.lip]` in the project's `pyproject.toml`.

Each stage owns the dataclass of its own section (`[tool.lip.notebooks]`, `[tool.lip.feeds]`, ...);
this module composes them. Reading never writes; a wrong key or type is a `SettingsError` that
names the file, the key and, for a likely typo, the key that was meant.
"""

from __future__ import annotations

import dataclasses
import difflib
import tomllib
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pipeline.cheatsheets.settings import CheatsheetSettings
from pipeline.decks.settings import DeckSettings
from pipeline.errors import SettingsError
from pipeline.feeds.settings import FeedSettings
from pipeline.leads.settings import LeadSettings
from pipeline.notebooks.settings import NotebookSettings
from pipeline.portfolio.settings import PortfolioSettings

T = TypeVar("T")


@dataclass(frozen=True)
class SocialLink:
    name: str
    url: str
    icon: str = "fontawesome/solid/link"


@dataclass(frozen=True)
class Settings:
    """Everything a user can set, with defaults that build the example site."""

    author: str = "Your Name"
    bio: str = ""
    avatar: str = ""
    site_url: str = ""
    repo_url: str = ""
    github_user: str = ""  # projects' figures and merged pull requests; default: the owner in repo_url
    branch: str = "main"
    latest_posts: int = 5
    social: tuple[SocialLink, ...] = ()
    notebooks: NotebookSettings = field(default_factory=NotebookSettings)
    decks: DeckSettings = field(default_factory=DeckSettings)
    feeds: FeedSettings = field(default_factory=FeedSettings)
    leads: LeadSettings = field(default_factory=LeadSettings)
    cheatsheets: CheatsheetSettings = field(default_factory=CheatsheetSettings)
    portfolio: PortfolioSettings = field(default_factory=PortfolioSettings)

    @property
    def github_login(self) -> str:
        """`github_user`, else the owner in a github.com `repo_url`, else ''."""
        if self.github_user:
            return self.github_user
        parts = self.repo_url.split("github.com/", 1)
        return parts[1].split("/")[0] if len(parts) == 2 else ""

    @property
    def base_url(self) -> str:
        """The site URL with exactly one trailing slash, or '' when unset."""
        return self.site_url.rstrip("/") + "/" if self.site_url else ""


def load_settings(pyproject: Path) -> Settings:
    """Read `[tool.lip]` from `pyproject`; a missing file or table gives the defaults."""
    if not pyproject.exists():
        return Settings()
    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"{pyproject}: invalid TOML: {exc}") from None
    table = data.get("tool", {}).get("lip", {})
    return from_table(Settings, table, f"{pyproject} [tool.lip]")


def from_table(cls: type[T], table: Any, where: str) -> T:
    """Build dataclass `cls` from a TOML table, checking keys and types."""
    if not isinstance(table, dict):
        raise SettingsError(f"{where}: expected a table, got {type(table).__name__}")
    hints = typing.get_type_hints(cls)
    names = [f.name for f in dataclasses.fields(cls)]  # type: ignore[arg-type]
    values = {}
    for key, value in table.items():
        name = key.replace("-", "_")
        if name not in names:
            raise SettingsError(f"{where}: unknown setting {key!r}{did_you_mean(name, names)}")
        values[name] = _convert(hints[name], value, f"{where} {key}")
    return cls(**values)


def did_you_mean(word: str, known: typing.Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(known), n=1, cutoff=0.75)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _convert(hint: Any, value: Any, where: str) -> Any:
    origin = typing.get_origin(hint)
    if dataclasses.is_dataclass(hint):
        return from_table(hint, value, where)
    if origin is dict:
        key_hint, value_hint = typing.get_args(hint)
        if not isinstance(value, dict):
            raise SettingsError(f"{where}: expected a table, got {value!r}")
        return {_convert(key_hint, k, where): _convert(value_hint, v, f"{where}.{k}") for k, v in value.items()}
    if origin is tuple:
        (item,) = {a for a in typing.get_args(hint) if a is not Ellipsis}
        if not isinstance(value, list):
            raise SettingsError(f"{where}: expected a list, got {value!r}")
        return tuple(_convert(item, v, where) for v in value)
    if origin in (typing.Union, types.UnionType):
        for option in typing.get_args(hint):
            try:
                return _convert(option, value, where)
            except SettingsError:
                continue
        raise SettingsError(f"{where}: {value!r} is not a {hint}")
    if hint is type(None):
        if value is not None:
            raise SettingsError(f"{where}: expected nothing, got {value!r}")
        return None
    if hint is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if not isinstance(value, hint) or (hint is int and isinstance(value, bool)):
        raise SettingsError(f"{where}: expected {hint.__name__}, got {value!r}")
    return value
