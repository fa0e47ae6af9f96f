"""From library names to repositories: the bundled table, overrides, PyPI metadata over HTTP."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from pipeline.leads.discover import LibraryUse
from pipeline.leads.repos import (Target, bundled_table, describe_use, explicit_targets, is_repository,
                                  library_targets, merge_targets, pypi_repositories, repository_from_metadata,
                                  repository_table)
from pipeline.leads.settings import LeadSettings


def test_bundled_table_maps_import_and_distribution_names():
    table = bundled_table()
    assert table["sklearn"] == table["scikit-learn"] == "scikit-learn/scikit-learn"
    assert table["torch"] == "pytorch/pytorch" and table["pil"] == "python-pillow/Pillow"
    assert len(table) >= 150 and all(is_repository(repo) for repo in table.values())


def test_user_entries_override_add_and_ignore():
    settings = LeadSettings(packages={"torch": "me/torch-fork", "mylib": "me/mylib", "numpy": ""})
    uses = [LibraryUse("torch", 3), LibraryUse("mylib", 1), LibraryUse("numpy", 9), LibraryUse("nowhere", 1)]
    targets, unmapped = library_targets(uses, repository_table(settings))
    assert [t.scope for t in targets] == ["me/torch-fork", "me/mylib"]
    assert unmapped == ["nowhere"]


def test_two_names_of_one_repository_become_one_target_with_both_reasons():
    uses = [LibraryUse("sklearn", 2), LibraryUse("scikit-learn", projects=("proj",))]
    (target,) = library_targets(uses, bundled_table())[0]
    assert target.weight == 3
    assert target.why == "you import sklearn in 2 notebooks; proj requires scikit-learn"


def test_describe_use():
    assert describe_use(LibraryUse("pandas", 7, 1)) == "you import pandas in 7 notebooks and 1 note"
    assert describe_use(LibraryUse("rich", projects=("a", "b"))) == "a, b require rich"


def test_explicit_targets_win_and_merge_case_insensitively():
    settings = LeadSettings(repos=("Pandas-Dev/Pandas",), orgs=("holoviz",))
    lib = Target("pandas-dev/pandas", "repo", "you import pandas in 1 note", 1)
    merged = merge_targets(explicit_targets(settings), [lib])
    assert [(t.kind, t.scope) for t in merged] == [("repo", "Pandas-Dev/Pandas"), ("org", "holoviz")]
    assert merged[0].why == "listed in your settings; you import pandas in 1 note"


@pytest.mark.parametrize("info, expected", [
    ({"project_urls": {"Funding": "https://github.com/sponsors/x", "Source": "https://github.com/a/b.git"}}, "a/b"),
    ({"project_urls": None, "home_page": "https://www.github.com/c/d"}, "c/d"),
    ({"project_urls": {"Home": "https://gitlab.com/e/f"}}, None),
])
def test_repository_from_metadata(info, expected):
    assert repository_from_metadata(info) == expected


class _PyPI(BaseHTTPRequestHandler):
    seen: list[str] = []

    def do_GET(self):  # noqa: N802
        _PyPI.seen.append(self.path)
        if self.path == "/pypi/obscure-lib/json":
            body = json.dumps({"info": {"name": "obscure_lib", "project_urls": {"Repository": "https://github.com/o/obscure"}}})
            self.send_response(200)
        else:
            body = json.dumps({"message": "Not Found"})
            self.send_response(404)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body.encode())

    def log_message(self, *args):
        pass


def test_pypi_lookup_over_http():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _PyPI)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True).start()
    try:
        found, problems = pypi_repositories(["Obscure_Lib", "missing"], f"http://127.0.0.1:{server.server_address[1]}")
    finally:
        server.shutdown()
        server.server_close()
    assert found == {"Obscure_Lib": "o/obscure", "missing": None} and problems == []
    assert _PyPI.seen == ["/pypi/obscure-lib/json", "/pypi/missing/json"]


def test_pypi_unreachable_is_a_notice_not_a_crash():
    found, problems = pypi_repositories(["x"], "http://127.0.0.1:9", timeout=2)
    assert found == {} and "PyPI lookup stopped" in problems[0]
