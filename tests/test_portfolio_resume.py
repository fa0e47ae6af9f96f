"""content/resume.yaml|json in the JSON Resume schema: a real résumé reads, every break of the
schema is one line naming the file and the line of the value."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.errors import ContentError, ProblemsError
from pipeline.portfolio.resume import parse_resume, read_resume

from conftest import DATA, write

SAMPLE = DATA / "portfolio" / "sample.resume.json"  # jsonresume/resume-schema's own sample, unchanged


def problems(text: str, path: Path) -> list[str]:
    with pytest.raises(ProblemsError) as caught:
        parse_resume(text, path)
    return [str(p) for p in caught.value.problems]


def test_the_schema_projects_own_sample_is_valid():
    resume = parse_resume(SAMPLE.read_text(), SAMPLE)
    assert resume.data["basics"]["name"] == "Richard Hendriks"
    assert resume.section("work")[0]["name"] == "Pied Piper"


def test_the_same_sample_as_yaml_is_valid_and_dates_stay_text(tmp_path):
    import yaml

    data = json.loads(SAMPLE.read_text())
    path = write(
        tmp_path / "resume.yaml", yaml.safe_dump(data, sort_keys=False).replace("'2013-12-01'", "2013-12-01")
    )
    resume = parse_resume(path.read_text(), path)
    assert resume.section("work")[0]["startDate"] == "2013-12-01"


def test_yaml_errors_name_the_line_of_the_value(tmp_path):
    text = (
        "basics:\n  name: Ada\n  email: not-an-email\nwork:\n  - name: Acme\n    startDate: March 2020\n"
        "    highlights: oops\neducation:\n  - institution: Uni\n    endDate: 2018\n"
    )
    path = tmp_path / "resume.yaml"
    assert problems(text, path) == [
        f"{path}:3: basics.email: 'not-an-email' is not a 'email'",
        f"{path}:6: work.0.startDate: 'March 2020' is not a date: use YYYY, YYYY-MM or YYYY-MM-DD",
        f"{path}:7: work.0.highlights: 'oops' is not of type 'array'",
        f'{path}:10: education.0.endDate: 2018 must be text here: write it in quotes ("2018")',
    ]


def test_json_errors_name_the_line_too(tmp_path):
    text = json.dumps(
        {"basics": {"name": "Ada"}, "skills": [{"name": "Python", "keywords": "numpy"}]}, indent=2
    )
    path = tmp_path / "resume.json"
    line = text.splitlines().index('      "keywords": "numpy"') + 1
    assert problems(text, path) == [f"{path}:{line}: skills.0.keywords: 'numpy' is not of type 'array'"]


def test_broken_yaml_and_a_missing_name(tmp_path):
    path = tmp_path / "resume.yaml"
    with pytest.raises(ContentError, match=r"resume.yaml:3: invalid YAML"):
        parse_resume("basics:\n  name: Ada\n  label: [unclosed\n", path)
    assert problems("basics:\n  label: Engineer\n", path) == [
        f"{path}:1: basics.name: a résumé needs your name"
    ]
    with pytest.raises(ContentError, match="a résumé is a mapping"):
        parse_resume("- just a list\n", path)


def test_finds_yaml_or_json_but_not_both(tmp_path):
    assert read_resume(tmp_path) is None
    write(tmp_path / "resume.json", SAMPLE.read_text())
    assert read_resume(tmp_path).source.name == "resume.json"
    write(tmp_path / "resume.yaml", "basics:\n  name: Ada\n")
    with pytest.raises(ContentError, match="two résumés"):
        read_resume(tmp_path)
