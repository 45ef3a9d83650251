"""A wrong SMTP password reads "authentication failed", a server that is not there reads
"connection failed": both against a real SMTP server with AUTH on loopback."""

from __future__ import annotations

from notifications.redact import Redactor
from notifications.sender import Message, send_all
from tests.peers import SMTP_PASSWORD, SMTP_USER, SmtpSink, closed_port

WRONG = "Wr0ng-Pa55word-do-not-leak"


def _url(port: int, password: str) -> str:
    return (
        f"mailto://{SMTP_USER}:{password}@example.com?smtp=127.0.0.1&port={port}"
        "&from=dondoc@example.com&to=mai@example.org&cto=3"
    )


def _send(url: str) -> tuple[bool, str]:
    [outcome] = send_all(
        [Message(url, "s", "<p>b</p>")], concurrency=1, redactor=Redactor([url]), retries=0
    )
    return outcome.ok, outcome.error or ""


def test_a_wrong_password_is_an_authentication_failure(smtp: SmtpSink) -> None:
    ok, error = _send(_url(smtp.port, WRONG))
    assert not ok and error.startswith("SMTP authentication failed"), error
    assert "connection failed" not in error.lower().split(":")[0]
    assert WRONG not in error and smtp.messages == []


def test_no_server_is_a_connection_failure() -> None:
    with closed_port() as port:
        ok, error = _send(_url(port, SMTP_PASSWORD))
    assert not ok and error.startswith("SMTP connection failed"), error
    assert SMTP_PASSWORD not in error


def test_the_right_password_sends(smtp: SmtpSink) -> None:
    assert _send(_url(smtp.port, SMTP_PASSWORD)) == (True, "")
    assert len(smtp.messages) == 1
