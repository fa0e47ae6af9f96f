"""The feeds commands through `lip`: follow with discovery, import, unfollow, following, feeds
update, digest --print and --email against a real SMTP server (aiosmtpd) on 127.0.0.1."""

from __future__ import annotations

import email
import shutil
import socket
import sys
from datetime import datetime, timezone
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.feeds.commands import COMMANDS
from pipeline.feeds.opml import read_followed

DATA = Path(__file__).parent / "data" / "feeds"
sys.path.insert(0, str(DATA))
from feed_server import FeedServer, Route, rss  # noqa: E402

TODAY = datetime.now(timezone.utc)
ITEMS = [("p1", "Attention <b>explained</b>\x1b[2J", TODAY.strftime("%a, %d %b %Y 08:00:00 GMT"))]
PAGE = """<html><head><link rel="stylesheet" href="/s.css">
<link rel="alternate" type="application/rss+xml" title="RSS" href="/feeds/posts.xml"></head><body>Blog</body></html>"""


@pytest.fixture
def server():
    with FeedServer() as running:
        running.routes["/blog/"] = Route(PAGE.encode(), content_type="text/html; charset=utf-8")
        running.routes["/feeds/posts.xml"] = Route(rss("Ada's blog", ITEMS, link="https://ada.example/"))
        running.routes["/plain/"] = Route(b"<html><body>no links</body></html>", content_type="text/html")
        running.routes["/plain/atom.xml"] = Route(rss("Plain", []), content_type="application/atom+xml")
        yield running


@pytest.fixture
def root(tmp_path: Path) -> Path:
    (tmp_path / "content").mkdir()
    (tmp_path / "mkdocs.yml").write_text("site_name: t\n")
    (tmp_path / "pyproject.toml").write_text("[tool.lip.feeds]\ntimeout = 10.0\n")
    return tmp_path


def lip(root: Path, *args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(main, ["-C", str(root), *args], env=env)


def test_every_command_and_option_has_help():
    for command in COMMANDS:
        assert command.help
        for param in command.params:
            assert getattr(param, "help", None) or param.param_type_name == "argument"


def test_follow_discovers_from_a_website_and_the_usual_paths(root, server):
    result = lip(root, "follow", server.url("/blog/"), "--category", "Research")
    assert result.exit_code == 0, result.output
    result = lip(root, "follow", server.url("/plain/"), "--name", "Pat")
    assert result.exit_code == 0, result.output
    followed = read_followed(root / "content" / "following.opml")
    assert [(f.url, f.title, f.category) for f in followed] == [
        (server.url("/feeds/posts.xml"), "Ada's blog", "Research"), (server.url("/plain/atom.xml"), "Pat", "People")]
    again = lip(root, "follow", server.url("/feeds/posts.xml"))
    assert again.exit_code == 1 and "already followed" in again.output


def test_follow_something_that_has_no_feed_is_one_clear_line(root, server):
    server.routes["/plain/atom.xml"] = Route(b"<html>nope</html>", content_type="text/html")
    result = lip(root, "follow", server.url("/plain/"))
    assert result.exit_code == 1 and result.output.count("\n") == 1
    assert result.output.startswith(f"error: {server.url('/plain/')}: no feed found")
    assert not (root / "content" / "following.opml").exists()


def test_import_unfollow_and_following_table(root, server, tmp_path):
    export = tmp_path / "export.opml"
    export.write_text(f'<opml version="2.0"><body><outline text="Ada" xmlUrl="{server.url("/feeds/posts.xml")}"/>'
                      f'<outline text="Gone" xmlUrl="{server.url("/gone.xml")}"/></body></opml>')
    server.routes["/gone.xml"] = Route(status=410)
    assert "imported 2 new feed(s)" in lip(root, "follow", "--import", str(export)).output
    assert "imported 0 new feed(s)" in lip(root, "follow", "--import", str(export)).output
    update = lip(root, "feeds", "update")
    assert update.exit_code == 0 and "1 new entry" in update.output and "410" in update.output
    table = lip(root, "following").output
    assert "Ada" in table and "gone (410)" in table and "ok" in table
    assert lip(root, "unfollow", "Gone").exit_code == 0
    missing = lip(root, "unfollow", "Nobody")
    assert missing.exit_code == 1 and "Nobody: not followed" in missing.output
    assert [f.title for f in read_followed(root / "content" / "following.opml")] == ["Ada"]


def test_digest_print_and_email(root, server):
    lip(root, "follow", server.url("/blog/"), "--name", "Ada")
    lip(root, "feeds", "update")
    received = []

    class Handler:
        async def handle_DATA(self, smtp_server, session, envelope):
            received.append(envelope)
            return "250 OK"

    port = free_port()
    controller = Controller(Handler(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        env = {"LIP_SMTP_HOST": "127.0.0.1", "LIP_SMTP_PORT": str(port),
               "LIP_SMTP_TLS": "none", "LIP_SMTP_FROM": "lip@example.org", "LIP_SMTP_TO": "me@example.org"}
        result = lip(root, "digest", "--print", "--email", env=env)
    finally:
        controller.stop()
    assert result.exit_code == 0, result.output
    assert "Ada" in result.output and "Attention explained" in result.output
    assert "<b>" not in result.output and "\x1b" not in result.output
    message = email.message_from_bytes(received[0].content)
    assert received[0].rcpt_tos == ["me@example.org"] and message["Subject"].endswith("1 new post(s)")
    html = next(p for p in message.walk() if p.get_content_type() == "text/html").get_payload(decode=True).decode()
    assert "Attention explained" in html and 'href="https://ada.example/p1"' in html
    day = TODAY.date().isoformat()
    assert (root / "content" / "digests" / f"{day}.json").is_file()
    second = lip(root, "digest", "--date", day)
    assert "1 post(s)" in second.output  # the same day again keeps what it showed


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_nothing_new_writes_no_digest(root, server):
    lip(root, "follow", server.url("/plain/"))
    result = lip(root, "digest", "--print")
    assert result.exit_code == 0 and "nothing new since the previous digest" in result.output
    assert not (root / "content" / "digests").exists()


def test_email_without_settings_writes_nothing(root):
    result = lip(root, "digest", "--email", env={"LIP_SMTP_HOST": ""})
    assert result.exit_code == 1 and "LIP_SMTP_HOST" in result.output
    assert not (root / "content" / "digests").exists()


def test_import_reports_duplicate_outlines(root, server, tmp_path):
    lip(root, "follow", server.url("/feeds/posts.xml"))
    export = tmp_path / "export.opml"
    ada = server.url("/feeds/posts.xml")
    export.write_text(f'<opml version="2.0"><body><outline text="Ada" xmlUrl="{ada}"/>'
                      '<outline text="Bo" xmlUrl="https://bo.example/feed"/><outline text="Research">'
                      '<outline text="Bo again" xmlUrl="https://bo.example/feed"/></outline></body></opml>')
    result = lip(root, "follow", "--import", str(export))
    assert result.exit_code == 0 and "imported 1 new feed(s)" in result.output
    assert "2 duplicate outline(s) not added" in result.output
    assert f"{server.url('/feeds/posts.xml')} (Ada): already followed" in result.output
    assert "https://bo.example/feed (Bo again): listed twice in the import" in result.output


HOSTILE = {"/cut.xml": Route(rss("Cut", ITEMS), cut=100), "/stall.xml": Route(rss("Stall", ITEMS), stall=3.0),
           "/fake-gzip.xml": Route(rss("Z", ITEMS), headers={"Content-Encoding": "gzip"})}


def test_update_names_each_failing_feed_in_one_line_and_exits_0_when_one_worked(root, server):
    server.routes.update(HOSTILE)
    (root / "pyproject.toml").write_text("[tool.lip.feeds]\ntimeout = 1.0\n")
    export = root / "export.opml"
    export.write_text("<opml><body>" + "".join(f'<outline text="{p}" xmlUrl="{server.url(p)}"/>'
                                               for p in [*HOSTILE, "/feeds/posts.xml"]) + "</body></opml>")
    lip(root, "follow", "--import", str(export))
    result = lip(root, "feeds", "update", env={"COLUMNS": "60"})
    assert result.exit_code == 0, result.output
    failed = [line for line in result.output.splitlines() if line.startswith("failed ")]
    assert len(failed) == 3 and all(server.url(p) in "".join(failed) for p in HOSTILE)
    assert "Traceback" not in result.output and result.exception is None


def test_update_and_build_fetch_exit_1_when_every_feed_failed(root, server):
    server.routes.update(HOSTILE)
    (root / "pyproject.toml").write_text("[tool.lip.feeds]\ntimeout = 1.0\n")
    export = root / "export.opml"
    export.write_text("<opml><body>" + "".join(f'<outline text="{p}" xmlUrl="{server.url(p)}"/>'
                                               for p in HOSTILE) + "</body></opml>")
    lip(root, "follow", "--import", str(export))
    for args in (["feeds", "update"], ["build", "--fetch"]):
        shutil.rmtree(root / ".lip", ignore_errors=True)
        result = lip(root, *args)
        assert result.exit_code == 1 and result.exception.__class__ is SystemExit, result.output
        assert "none of the 3 feeds asked could be updated" in result.output
        assert len([line for line in result.output.splitlines() if line.startswith("failed ")]) == 3
    server.routes["/stall.xml"] = Route(rss("Stall", ITEMS))
    shutil.rmtree(root / ".lip")
    result = lip(root, "build", "--fetch")
    assert result.exit_code == 0 and "built site/" in result.output and "1 new entry" in result.output


@pytest.mark.parametrize("path", list(HOSTILE))
def test_follow_a_failing_feed_is_one_clear_line(root, server, path):
    server.routes.update(HOSTILE)
    (root / "pyproject.toml").write_text("[tool.lip.feeds]\ntimeout = 1.0\n")
    result = lip(root, "follow", server.url(path))
    assert result.exit_code == 1 and result.exception.__class__ is SystemExit
    assert result.output.count("\n") == 1 and result.output.startswith(f"error: {server.url(path)}: ")
    assert not (root / "content" / "following.opml").exists()


def test_following_400_feeds_summary_first_failing_first_and_a_filter(root, server):
    server.routes["/gone.xml"] = Route(status=410)
    paths = [f"/feeds/p{n}.xml" for n in range(396)]
    paths += ["/gone.xml", "/missing-a.xml", "/missing-b.xml", "/never.xml"]
    for path in paths[:396]:
        server.routes[path] = Route(rss(path, ITEMS[:1]))
    export = root / "export.opml"
    export.write_text("<opml><body>" + "".join(f'<outline text="{p.strip("/")}" xmlUrl="{server.url(p)}"/>'
                                               for p in paths[:-1]) + "</body></opml>")
    lip(root, "follow", "--import", str(export))
    assert lip(root, "feeds", "update").exit_code == 0
    lip(root, "follow", "--import", str(_opml(root, server, ["/never.xml"])))  # not fetched yet
    server.routes["/never.xml"] = Route(rss("never", ITEMS[:1]))
    result = lip(root, "following", env={"COLUMNS": "60"})
    lines = result.output.splitlines()
    assert lines[0] == "400 feeds followed: 2 failing, 1 gone (410), 1 not fetched yet, 396 ok"
    assert len(lines) == 400 + 2  # one line per feed at any width, after the summary and a header
    names = [n for n in ("missing-a.xml", "missing-b.xml", "gone.xml", "never.xml", "feeds/p0.xml")]
    positions = [next(i for i, line in enumerate(lines) if name in line) for name in names]
    assert positions == sorted(positions)
    failing = lip(root, "following", "--status", "failing", env={"COLUMNS": "60"}).output
    assert "missing-a.xml" in failing and "missing-b.xml" in failing and "p0.xml" not in failing
    assert len(failing.splitlines()) == 2 + 2
    assert "p17.xml" in lip(root, "following", "--match", "P17.", env={"COLUMNS": "60"}).output


def _opml(root: Path, server, paths: list[str]) -> Path:
    path = root / "more.opml"
    path.write_text("<opml><body>" + "".join(f'<outline text="{p.strip("/")}" xmlUrl="{server.url(p)}"/>'
                                             for p in paths) + "</body></opml>")
    return path


def test_a_damaged_feeds_database_is_one_line_naming_it(root, server):
    lip(root, "follow", server.url("/feeds/posts.xml"))
    (root / ".lip" / "state").mkdir(parents=True)
    (root / ".lip" / "state" / "feeds.sqlite").write_bytes(b"not a database, a truncated copy " * 100)
    for args in (["feeds", "update"], ["following"], ["digest"]):
        result = lip(root, *args)
        assert result.exit_code == 1 and result.exception.__class__ is SystemExit, (args, result.output)
        assert "feeds.sqlite: file is not a database" in result.output and "delete it" in result.output
