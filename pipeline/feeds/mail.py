"""`lip digest --email`: send a digest over SMTP with settings from environment variables.

LIP_SMTP_HOST (required), LIP_SMTP_PORT (default 587), LIP_SMTP_USER / LIP_SMTP_PASSWORD
(optional login), LIP_SMTP_FROM, LIP_SMTP_TO (comma-separated), LIP_SMTP_TLS
(`starttls` default, `ssl`, or `none` for a local relay). Never prints the password.
"""

from __future__ import annotations

import smtplib
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Mapping

from pipeline.errors import LipError

MODES = ("starttls", "ssl", "none")


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    sender: str
    recipients: tuple[str, ...]
    user: str = ""
    password: str = ""
    tls: str = "starttls"


def smtp_settings(env: Mapping[str, str]) -> SmtpSettings:
    """Read and check the LIP_SMTP_* variables; a missing or wrong one is a clear `LipError`."""
    missing = [n for n in ("LIP_SMTP_HOST", "LIP_SMTP_FROM", "LIP_SMTP_TO") if not env.get(n, "").strip()]
    if missing:
        raise LipError(f"--email needs the environment variable(s) {', '.join(missing)}")
    # An unset Actions secret arrives as an empty string: treat empty as unset.
    tls = (env.get("LIP_SMTP_TLS", "").strip() or "starttls").lower()
    port = env.get("LIP_SMTP_PORT", "").strip() or ("465" if tls == "ssl" else "587")
    if tls not in MODES or not port.isdigit():
        raise LipError(f"LIP_SMTP_TLS must be one of {', '.join(MODES)} and LIP_SMTP_PORT a number")
    recipients = tuple(r.strip() for r in env["LIP_SMTP_TO"].split(",") if r.strip())
    return SmtpSettings(env["LIP_SMTP_HOST"].strip(), int(port), env["LIP_SMTP_FROM"].strip(), recipients,
                        env.get("LIP_SMTP_USER", ""), env.get("LIP_SMTP_PASSWORD", ""), tls)


def digest_message(subject: str, text: str, html_body: str, smtp: SmtpSettings) -> EmailMessage:
    message = EmailMessage()
    message["Subject"], message["From"], message["To"] = subject, smtp.sender, ", ".join(smtp.recipients)
    message.set_content(text)
    message.add_alternative(f"<!doctype html><html><body>{html_body}</body></html>", subtype="html")
    return message


def send(message: EmailMessage, smtp: SmtpSettings, timeout: float = 30) -> None:
    """Deliver `message`; connection and protocol failures become one `LipError` line."""
    client = smtplib.SMTP_SSL if smtp.tls == "ssl" else smtplib.SMTP
    try:
        with client(smtp.host, smtp.port, timeout=timeout) as server:
            if smtp.tls == "starttls":
                server.starttls()
            if smtp.user:
                server.login(smtp.user, smtp.password)
            server.send_message(message)
    except (OSError, smtplib.SMTPException) as exc:
        raise LipError(f"could not send the digest through {smtp.host}:{smtp.port}: "
                       f"{type(exc).__name__}: {exc}") from None
