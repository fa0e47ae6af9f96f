"""SMTP settings from the environment, and the message a digest becomes (sent for real in
test_feeds_commands.py through aiosmtpd)."""

from __future__ import annotations

import pytest

from pipeline.errors import LipError
from pipeline.feeds.mail import SmtpSettings, digest_message, send, smtp_settings

ENV = {"LIP_SMTP_HOST": "smtp.example.org", "LIP_SMTP_FROM": "me@example.org", "LIP_SMTP_TO": "a@x.org, b@x.org",
       "LIP_SMTP_PASSWORD": "hunter2-secret", "LIP_SMTP_USER": "me"}


def test_defaults_and_recipients():
    smtp = smtp_settings(ENV)
    assert (smtp.port, smtp.tls, smtp.recipients) == (587, "starttls", ("a@x.org", "b@x.org"))
    assert smtp_settings({**ENV, "LIP_SMTP_TLS": "ssl"}).port == 465


@pytest.mark.parametrize("env, message", [({}, "LIP_SMTP_HOST, LIP_SMTP_FROM, LIP_SMTP_TO"),
                                          ({**ENV, "LIP_SMTP_TLS": "maybe"}, "LIP_SMTP_TLS"),
                                          ({**ENV, "LIP_SMTP_PORT": "x"}, "LIP_SMTP_PORT")])
def test_bad_settings_are_one_clear_error(env, message):
    with pytest.raises(LipError, match=message):
        smtp_settings(env)


def test_message_has_text_and_html_parts():
    smtp = smtp_settings(ENV)
    message = digest_message("Digest", "plain", "<p>html</p>", smtp)
    assert message["To"] == "a@x.org, b@x.org"
    assert [p.get_content_type() for p in message.walk()] == ["multipart/alternative", "text/plain", "text/html"]


def test_refused_connection_is_named_without_the_password():
    smtp = SmtpSettings("127.0.0.1", 1, "me@x.org", ("a@x.org",), "me", "hunter2-secret", "none")
    with pytest.raises(LipError) as error:
        send(digest_message("s", "t", "h", smtp), smtp, timeout=2)
    assert "127.0.0.1:1" in str(error.value) and "hunter2" not in str(error.value)
