from pathlib import Path

import pytest

from conftest import write
from pipeline.errors import SettingsError
from pipeline.settings import Settings, SocialLink, load_settings


def test_missing_file_or_table_gives_defaults(tmp_path: Path):
    assert load_settings(tmp_path / "pyproject.toml") == Settings()
    assert load_settings(write(tmp_path / "pyproject.toml", "[project]\nname='x'\n")) == Settings()


def test_reads_typed_values_and_nested_sections(tmp_path: Path):
    path = write(tmp_path / "pyproject.toml", """
[tool.lip]
author = "Ann"
site-url = "https://ann.example"
latest_posts = 3
social = [{ name = "GitHub", url = "https://github.com/ann" }]
[tool.lip.notebooks]
execute = true
""")
    settings = load_settings(path)
    assert settings.author == "Ann" and settings.latest_posts == 3
    assert settings.base_url == "https://ann.example/"
    assert settings.social == (SocialLink("GitHub", "https://github.com/ann"),)
    assert settings.notebooks.execute is True


@pytest.mark.parametrize("body, message", [
    ("autor = 'x'", "unknown setting 'autor' (did you mean 'author'?)"),
    ("latest_posts = 'five'", "latest_posts: expected int, got 'five'"),
    ("latest_posts = true", "latest_posts: expected int, got True"),
    ("social = 'x'", "social: expected a list"),
    ("[tool.lip.feeds]\nworkerz = 3", "unknown setting 'workerz' (did you mean 'workers'?)"),
])
def test_mistakes_name_the_file_and_key(tmp_path: Path, body, message):
    path = write(tmp_path / "pyproject.toml", f"[tool.lip]\n{body}\n")
    with pytest.raises(SettingsError) as caught:
        load_settings(path)
    assert str(path) in str(caught.value) and message in str(caught.value)


def test_invalid_toml_is_a_settings_error(tmp_path: Path):
    with pytest.raises(SettingsError, match="invalid TOML"):
        load_settings(write(tmp_path / "pyproject.toml", "[tool.lip\n"))
