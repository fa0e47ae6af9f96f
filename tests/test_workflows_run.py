"""The publish workflow's own steps, run here as a GitHub runner would run them.

`LocalRunner` reads `.github/workflows/publish.yml`, evaluates each job's and step's `if:`, and
runs every `run:` step with bash exactly as written (same env, `${{ }}` expressions filled in,
`$GITHUB_OUTPUT` honoured). The `uses:` steps are replaced by their local equivalents: checkout is
a `git clone` of a bare "origin" made from this repository's HEAD, setup-python is a fresh
virtual environment first on PATH, the cache actions copy folders in and out of a local store,
upload-pages-artifact tars the folder and deploy-pages unpacks it as "the published site".
So a missing install step, a wrong path or a step in the wrong order fails here first.
"""

from __future__ import annotations

import copy
import functools
import hashlib
import os
import re
import shutil
import socket
import subprocess
import sys
import tarfile
import threading
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import yaml
from aiosmtpd.controller import Controller

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "tests" / "data" / "scaffold"
GITHUB_UNREACHABLE = "http://127.0.0.1:9"  # nothing listens: GitHub is down, as far as a run here knows
WORKFLOW = REPO / ".github" / "workflows" / "publish.yml"
_TOKEN = re.compile(r"\s*(?:('(?:[^']|'')*')|(&&|\|\||==|!=|!|\(|\)|,)|([A-Za-z_][\w.*-]*)|(\d+))")
# What this machine's runner would have: a home (pip's cache), pip's own settings and the way
# out to the package index (certificates, proxies). Nothing else leaks in, least of all PATH.
_PASSED_ON = re.compile(r"HOME|LANG|TMPDIR|PIP_\w+|SSL_CERT_\w+|REQUESTS_CA_BUNDLE|(?i:https?_proxy|no_proxy)")
_FUNCTIONS = {"success", "failure", "always", "cancelled", "hashFiles", "contains", "startsWith"}


def to_python(expression: str) -> str:
    """A GitHub expression as Python source; anything it does not know raises ValueError."""
    out, pos = [], 0
    expression = expression.strip()
    while pos < len(expression):
        match = _TOKEN.match(expression, pos)
        if not match or match.end() == pos:
            raise ValueError(f"cannot read expression {expression!r} at {pos}")
        string, operator, name, number = match.groups()
        pos = match.end()
        if string:
            out.append(repr(string[1:-1].replace("''", "'")))
        elif operator:
            out.append({"&&": " and ", "||": " or ", "!": " not "}.get(operator, f" {operator} "))
        elif number:
            out.append(number)
        elif name in ("true", "false", "null"):
            out.append({"true": "True", "false": "False", "null": "None"}[name])
        elif name in _FUNCTIONS and expression[pos:pos + 1] == "(":
            out.append(f"_{name}")
        else:
            out.append(f"_ctx({name!r})")
    return "".join(out)


def evaluate(expression: str, context: dict, functions: dict):
    lookup = lambda path: _lookup(context, path)
    names = {"_ctx": lookup, "__builtins__": {}, **{f"_{k}": v for k, v in functions.items()}}
    return eval(to_python(expression), names)


def condition(text: str) -> str:
    """An `if:` may be written bare or wrapped in ${{ }}; GitHub reads both the same way."""
    match = re.fullmatch(r"\s*\$\{\{(.*)\}\}\s*", text)
    return match.group(1) if match else text


def _lookup(context: dict, path: str):
    value = context
    for part in path.split("."):
        value = value.get(part, "") if isinstance(value, dict) else ""
    return value


def interpolate(text: str, context: dict, functions: dict) -> str:
    def fill(match: re.Match) -> str:
        value = evaluate(match.group(1), context, functions)
        return "" if value is None else str(value).lower() if isinstance(value, bool) else str(value)

    return re.sub(r"\$\{\{(.*?)\}\}", fill, text)


@dataclass
class JobRun:
    name: str
    workspace: Path
    env: dict[str, str]
    steps: dict[str, dict] = field(default_factory=dict)
    saves: list[tuple[str, str]] = field(default_factory=list)
    status: str = "success"


class LocalRunner:
    """Runs one workflow for one event on this machine; see the module docstring."""

    def __init__(self, workflow: dict, root: Path, origin: Path, event: str, branch: str,
                 secrets: dict[str, str] | None = None):
        self.workflow, self.root, self.origin = workflow, root, origin
        self.event, self.branch, self.secrets = event, branch, secrets or {}
        self.sha = git(origin, "rev-parse", branch).strip()
        self.results: dict[str, dict] = {}
        self.cache_store, self.artifact, self.published = root / "cache-store", root / "artifact.tar", root / "published"
        self.log: list[str] = []

    def run(self) -> dict[str, dict]:
        for name, job in self.workflow["jobs"].items():  # written in dependency order
            self.results[name] = self.run_job(name, job)
        return self.results

    def context(self, job: JobRun | None = None) -> dict:
        github = {"event_name": self.event, "sha": self.sha, "ref_name": self.branch,
                  "run_id": "4242", "ref": f"refs/heads/{self.branch}"}
        return {"github": github, "needs": self.results, "secrets": self.secrets, "env": job.env if job else {},
                "steps": job.steps if job else {}}

    def functions(self, job: JobRun | None, needs: list[str]) -> dict:
        # A job's `if:` looks at the jobs it needs; a step's `if:` at the steps before it.
        statuses = [job.status] if job else [self.results[n]["result"] for n in needs]
        return {"success": lambda: all(s == "success" for s in statuses),
                "failure": lambda: "failure" in statuses, "always": lambda: True,
                "cancelled": lambda: False, "hashFiles": lambda *globs: hash_files(job.workspace, globs)}

    def run_job(self, name: str, job: dict) -> dict:
        needs = [job["needs"]] if isinstance(job.get("needs"), str) else job.get("needs", [])
        if not evaluate(condition(str(job.get("if", "success()"))), self.context(), self.functions(None, needs)):
            self.log.append(f"job {name}: skipped")
            return {"result": "skipped", "outputs": {}}
        run = JobRun(name, self.root / f"runner-{name}" / "workspace", self.job_env())
        run.workspace.mkdir(parents=True)
        for step in job["steps"]:
            self.run_step(run, step, needs)
        for path, key in run.saves:
            self.save_cache(run, path, key)
        outputs = {k: interpolate(v, self.context(run), self.functions(run, needs))
                   for k, v in job.get("outputs", {}).items()}
        return {"result": run.status, "outputs": outputs}

    def job_env(self) -> dict[str, str]:
        keep = {k: v for k, v in os.environ.items() if _PASSED_ON.fullmatch(k)}
        path = [p for p in os.environ["PATH"].split(os.pathsep) if not p.startswith(str(REPO))]
        env = {**keep, "PATH": os.pathsep.join(path), "CI": "true", "GITHUB_ACTIONS": "true",
               "GITHUB_EVENT_NAME": self.event, "GITHUB_REF_NAME": self.branch, "GITHUB_SHA": self.sha,
               "GITHUB_API_URL": GITHUB_UNREACHABLE}
        return {**env, **{k: str(v) for k, v in self.workflow.get("env", {}).items()}}

    def run_step(self, run: JobRun, step: dict, needs: list[str]) -> None:
        functions = self.functions(run, needs)
        if not evaluate(condition(str(step.get("if", "success()"))), self.context(run), functions):
            return
        label = step.get("name") or step.get("uses") or step["run"].splitlines()[0]
        self.log.append(f"job {run.name}: {label}")
        with_ = {k: interpolate(str(v), self.context(run), functions) for k, v in step.get("with", {}).items()}
        outputs = self.use(run, step["uses"], with_) if "uses" in step else self.shell(run, step, functions)
        if step.get("id"):
            run.steps[step["id"]] = {"outputs": outputs}

    def shell(self, run: JobRun, step: dict, functions: dict) -> dict:
        context = self.context(run)
        env = {**run.env, **{k: interpolate(str(v), context, functions) for k, v in step.get("env", {}).items()}}
        output = run.workspace.parent / "github_output"
        output.write_text("", encoding="utf-8")
        script = interpolate(step["run"], context, functions)
        done = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
                              cwd=run.workspace, env={**env, "GITHUB_OUTPUT": str(output)},
                              capture_output=True, text=True, check=False, timeout=900)
        self.log.append(done.stdout[-2000:] + done.stderr[-2000:])
        if done.returncode != 0 and not step.get("continue-on-error"):
            run.status = "failure"  # as on GitHub: later steps with the default if: are skipped
            self.log.append(f"job {run.name}: step failed with exit code {done.returncode}")
        return dict(line.split("=", 1) for line in output.read_text(encoding="utf-8").splitlines() if "=" in line)

    def use(self, run: JobRun, uses: str, with_: dict) -> dict:
        action = uses.split("@")[0]
        if action == "actions/checkout":
            # Like actions/checkout: fetch only the wanted commit (depth 1), then check it out.
            git(run.workspace, "init", "--quiet")
            git(run.workspace, "remote", "add", "origin", f"file://{self.origin}")
            git(run.workspace, "fetch", "--quiet", "--depth", "1", "origin", with_.get("ref") or self.sha)
            git(run.workspace, "checkout", "--quiet", "--detach", "FETCH_HEAD")
        elif action == "actions/setup-python":
            tool = run.workspace.parent / "python"
            subprocess.run([sys.executable, "-m", "venv", str(tool)], check=True, timeout=300)
            run.env["PATH"] = f"{tool / 'bin'}{os.pathsep}{run.env['PATH']}"
        elif action in ("actions/cache", "actions/cache/restore"):
            hit = self.restore_cache(run, with_)
            if action == "actions/cache" and hit != with_["key"]:
                run.saves.append((with_["path"], with_["key"]))
        elif action == "actions/upload-pages-artifact":
            folder = run.workspace / with_.get("path", "_site")
            assert (folder / "index.html").is_file(), f"{folder} has no index.html to publish"
            with tarfile.open(self.artifact, "w") as tar:
                tar.add(folder, arcname=".", filter=lambda i: None if i.name.startswith("./.git") else i)
        elif action == "actions/deploy-pages":
            with tarfile.open(self.artifact) as tar:
                tar.extractall(self.published, filter="data")
            return {"page_url": "https://example.github.io/site/"}
        else:
            raise AssertionError(f"no local equivalent for {uses}: teach LocalRunner.use")
        return {}

    def restore_cache(self, run: JobRun, with_: dict) -> str:
        prefixes = [with_["key"], *with_.get("restore-keys", "").split()]
        saved = sorted(self.cache_store.glob("*"), key=lambda p: p.stat().st_mtime, reverse=True)
        for prefix in prefixes:
            for entry in saved:
                if entry.name == prefix or (prefix != with_["key"] and entry.name.startswith(prefix)):
                    shutil.copytree(entry, run.workspace / with_["path"], dirs_exist_ok=True)
                    return entry.name
        return ""

    def save_cache(self, run: JobRun, path: str, key: str) -> None:
        if (run.workspace / path).is_dir() and not (self.cache_store / key).exists():
            shutil.copytree(run.workspace / path, self.cache_store / key)


def hash_files(workspace: Path, globs: tuple[str, ...]) -> str:
    files = sorted({p for g in globs for p in workspace.glob(g) if p.is_file()})
    if not files:
        return ""
    digest = hashlib.sha256()
    for path in files:
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def git(cwd: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=False, env=env, timeout=120)
    assert done.returncode == 0, f"git {' '.join(args)}: {done.stderr}"
    return done.stdout


def load_workflow(path: Path = WORKFLOW) -> dict:
    workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
    workflow["on"] = workflow.pop(True)
    return workflow


def bare_origin(tmp_path: Path) -> Path:
    """A bare copy of this repository's HEAD, as GitHub holds it, on branch main."""
    origin = tmp_path / "origin.git"
    head = git(REPO, "rev-parse", "HEAD").strip()  # others commit meanwhile: pin it first
    git(tmp_path, "init", "--quiet", "--bare", str(origin))
    git(origin, "fetch", "--quiet", "--no-tags", str(REPO), head)
    git(origin, "update-ref", "refs/heads/main", head)
    git(origin, "symbolic-ref", "HEAD", "refs/heads/main")
    return origin


def commit_to(origin: Path, work: Path, files: dict[str, str]) -> None:
    git(origin.parent, "clone", "--quiet", str(origin), str(work))
    for name, text in files.items():
        (work / name).write_text(text, encoding="utf-8")
    git(work, "commit", "--quiet", "-am", "test setup")
    git(work, "push", "--quiet", "origin", "HEAD:main")


@pytest.mark.parametrize(("expression", "expected"), [
    ("github.event_name != 'push'", False),
    (condition("${{ !cancelled() && needs.refresh.result != 'failure' }}"), True),
    ("needs.refresh.outputs.commit || github.sha", "abc"),
    ("needs.build.result == 'success' && !failure()", True),
    ("secrets.LEADS_TOKEN || secrets.GITHUB_TOKEN", ""),
    ("'it''s' == 'it''s'", True),
])
def test_expressions_evaluate_as_on_github(expression, expected):
    context = {"github": {"event_name": "push", "sha": "abc"}, "secrets": {},
               "needs": {"refresh": {"result": "skipped", "outputs": {}}, "build": {"result": "success"}}}
    functions = {"cancelled": lambda: False, "failure": lambda: False}
    assert evaluate(expression, context, functions) == expected


def test_an_unknown_expression_is_refused_not_guessed():
    with pytest.raises(ValueError):
        to_python("github.event_name =~ 'push'")


def test_the_digest_commit_step_pushes_as_the_bot_and_survives_a_concurrent_push(tmp_path):
    """The refresh job's commit step, alone, against a bare origin that moved meanwhile."""
    origin = bare_origin(tmp_path)
    step = next(s for s in load_workflow()["jobs"]["refresh"]["steps"] if s.get("id") == "commit")
    runner = LocalRunner({"env": {}, "jobs": {}}, tmp_path, origin, "schedule", "main")
    run = JobRun("refresh", tmp_path / "runner" / "workspace", runner.job_env())
    run.workspace.mkdir(parents=True)
    runner.use(run, "actions/checkout@v6", {})
    other = tmp_path / "other"
    git(tmp_path, "clone", "--quiet", str(origin), str(other))
    (other / "NOTES.txt").write_text("pushed while the digest was written\n", encoding="utf-8")
    git(other, "add", "NOTES.txt")
    git(other, "commit", "--quiet", "-m", "meanwhile")
    git(other, "push", "--quiet", "origin", "HEAD:main")
    digest = run.workspace / "content" / "digests" / "2026-11-21.md"
    digest.parent.mkdir(parents=True, exist_ok=True)
    digest.write_text("# Digest\n", encoding="utf-8")
    outputs = runner.shell(run, step, runner.functions(run, []))
    assert run.status == "success", runner.log[-2:]
    assert outputs["commit"] == git(origin, "rev-parse", "main").strip()
    author = git(origin, "log", "-1", "--format=%an <%ae>|%s", "main").strip()
    assert author.startswith("github-actions[bot] <41898282+github-actions[bot]@users.noreply")
    assert "|Digest for " in author
    assert git(origin, "show", "main:content/digests/2026-11-21.md") == "# Digest\n"
    assert "meanwhile" in git(origin, "log", "--format=%s", "main")
    again = runner.shell(run, step, runner.functions(run, []))  # nothing new: no empty commit
    assert again["commit"] == outputs["commit"]


def test_the_digest_commit_step_is_a_no_op_when_no_digest_was_written(tmp_path):
    origin = bare_origin(tmp_path)
    step = next(s for s in load_workflow()["jobs"]["refresh"]["steps"] if s.get("id") == "commit")
    runner = LocalRunner({"env": {}, "jobs": {}}, tmp_path, origin, "schedule", "main")
    run = JobRun("refresh", tmp_path / "runner" / "workspace", runner.job_env())
    run.workspace.mkdir(parents=True)
    runner.use(run, "actions/checkout@v6", {})
    shutil.rmtree(run.workspace / "content" / "digests", ignore_errors=True)
    before = git(origin, "rev-parse", "main").strip()
    assert runner.shell(run, step, runner.functions(run, [])) == {"commit": before}
    assert git(origin, "rev-parse", "main").strip() == before


def steps_replaced(workflow: dict, failing_job: str = "") -> dict:
    """The workflow with each job's steps replaced by one `run:` step (failing in `failing_job`),
    keeping every `needs`, `if` and output: the job graph without installs."""
    graph = copy.deepcopy(workflow)
    for name, job in graph["jobs"].items():
        job["steps"] = [{"run": "exit 1" if name == failing_job else "true"}]
    return graph


@pytest.mark.parametrize(("event", "failing_job", "expected"), [
    ("push", "", {"refresh": "skipped", "build": "success", "deploy": "success"}),
    ("schedule", "", {"refresh": "success", "build": "success", "deploy": "success"}),
    ("workflow_dispatch", "", {"refresh": "success", "build": "success", "deploy": "success"}),
    ("schedule", "refresh", {"refresh": "failure", "build": "skipped", "deploy": "skipped"}),
    ("push", "build", {"refresh": "skipped", "build": "failure", "deploy": "skipped"}),
])
def test_which_jobs_run_for_each_event(tmp_path, event, failing_job, expected):
    runner = LocalRunner(steps_replaced(load_workflow(), failing_job), tmp_path, bare_origin(tmp_path),
                         event, "main")
    assert {name: r["result"] for name, r in runner.run().items()} == expected


@pytest.fixture
def friend_feed():
    """A followed feed served over loopback (tests/data/scaffold/friend/feed.xml)."""
    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(DATA / "friend"))
    handler.log_message = lambda *args: None
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/feed.xml"
    server.shutdown()


@pytest.fixture
def smtp_inbox():
    """A real SMTP server on loopback that keeps what it receives."""
    class Inbox:
        def __init__(self) -> None:
            self.messages: list[bytes] = []

        async def handle_DATA(self, server, session, envelope):
            self.messages.append(envelope.content)
            return "250 OK"

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield port, inbox.messages
    controller.stop()


def following(feed_url: str) -> str:
    return ('<?xml version="1.0" encoding="utf-8"?>\n<opml version="2.0"><head><title>t</title></head>'
            f'<body><outline type="rss" text="Grace Friend" xmlUrl="{feed_url}"/></body></opml>\n')


@pytest.mark.slow
def test_SLOW_daily_publish_run_refreshes_commits_the_digest_builds_and_deploys(tmp_path, friend_feed, smtp_inbox):
    """SLOW, about a minute per job (fresh virtual environments, `pip install .` from the package
    index or pip's cache): the scheduled run of publish.yml, every job and step, from a fresh clone
    of this repository's HEAD. The only change to HEAD: following.opml names a feed on loopback.
    GitHub's API is unreachable, so the leads step fails and publishing must carry on."""
    origin = bare_origin(tmp_path)
    commit_to(origin, tmp_path / "edit", {"content/following.opml": following(friend_feed)})
    smtp_port, inbox = smtp_inbox
    secrets = {"LIP_SMTP_HOST": "127.0.0.1", "LIP_SMTP_PORT": str(smtp_port), "LIP_SMTP_TLS": "none",
               "LIP_SMTP_FROM": "site@example.org", "LIP_SMTP_TO": "me@example.org"}
    runner = LocalRunner(load_workflow(), tmp_path, origin, "schedule", "main", secrets)
    results = runner.run()
    log = "\n".join(runner.log)
    assert {name: r["result"] for name, r in results.items()} == {
        "refresh": "success", "build": "success", "deploy": "success"}, log
    assert "cannot reach GitHub" in log  # the leads step failed and the run went on

    committed = git(origin, "log", "-1", "--format=%an|%s", "--name-only", "main")
    assert committed.startswith("github-actions[bot]|Digest for "), committed
    assert "content/digests/" in committed
    assert results["refresh"]["outputs"]["commit"] == git(origin, "rev-parse", "main").strip()
    assert len(inbox) == 1 and b"Gradient checkpointing, slowly" in inbox[0]

    site = runner.published
    assert (site / "index.html").is_file() and (site / "feed.xml").is_file()
    digest_pages = "".join(p.read_text(encoding="utf-8") for p in (site / "digest").rglob("*.html"))
    assert "Gradient checkpointing, slowly" in digest_pages
    saved = {p.name[:16]: p for p in runner.cache_store.iterdir()}
    assert (saved["lip-state-4242"] / "feeds.sqlite").is_file()
    assert set(saved) == {"lip-state-4242", "lip-conversions-"}

    # The lip that workflow installed (not editable, no repository around it) scaffolds a new
    # site from its packaged templates, and that site builds with it.
    lip = tmp_path / "runner-build" / "python" / "bin" / "lip"
    env = {k: v for k, v in runner.job_env().items() if k != "GITHUB_ACTIONS"}
    for args, cwd in ((["init", "new-site", "--repo-url", "https://github.com/ada/new-site"], tmp_path),
                      (["build"], tmp_path / "new-site")):
        done = subprocess.run([str(lip), *args], cwd=cwd, env=env, capture_output=True, text=True,
                              check=False, timeout=300)
        assert done.returncode == 0, done.stdout + done.stderr
    assert (tmp_path / "new-site" / "site" / "index.html").is_file()
