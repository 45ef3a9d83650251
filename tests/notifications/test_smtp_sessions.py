"""E-mail over kept-open sessions, against a real SMTP server on loopback: many messages
per connection, each arriving once and reading as written; a session the server closed
is replaced; refusals are told apart."""

from __future__ import annotations

import email
import email.policy
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import pytest

from notifications import smtp_sessions
from notifications.redact import Redactor
from notifications.sender import Message, send_all
from notifications.smtp_sessions import EmailRoute, Sessions, compose, email_route
from tests.peers import SMTP_PASSWORD, SMTP_USER, serving_smtp

SUBJECT = "[Đôn đốc] 12 việc quá hạn, 3 việc đến hạn hôm nay — Chi bộ Văn phòng Cục " * 2
TEXT = "Kính gửi đồng chí Nguyễn Thị Mai,\n\n1. Báo cáo quý III — hạn 30/09/2024\n   https://dondoc.example.vn/tasks/12\n.dòng bắt đầu bằng dấu chấm\n"
HTML = "<p>Kính gửi đồng chí <b>Nguyễn Thị Mai</b>,</p>\n<ol><li>Báo cáo quý III</li></ol>\n"


@dataclass
class CountingServer:
    """Stores messages and counts the sessions (EHLOs) that carried them."""

    port: int
    refuse: str = "refused@example.org"  # RCPT answered 550
    messages: list[email.message.EmailMessage] = field(default_factory=list)
    sessions: int = 0
    servers: list[Any] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_EHLO(
        self, server: Any, session: Any, envelope: Any, hostname: str, responses: list[str]
    ) -> list[str]:
        with self.lock:
            self.sessions += 1
            self.servers.append(server)
        session.host_name = hostname
        return responses

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: list[str]
    ) -> str:
        if address == self.refuse:
            return "550 5.1.1 no such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self.lock:
            self.messages.append(message)
        return "250 OK"

    def url(self, address: str) -> str:
        return (
            f"mailto://{SMTP_USER}:{SMTP_PASSWORD}@example.com?smtp=127.0.0.1&port={self.port}"
            f"&from=dondoc@example.com&to={address}&cto=10"
        )

    def drop_sessions(self) -> None:
        """Close every connection from the server's side, as an idle timeout does."""
        with self.lock:
            for server in self.servers:
                if server.transport is not None:
                    server.loop.call_soon_threadsafe(server.transport.close)


@contextmanager
def counting_server() -> Iterator[CountingServer]:
    sink = CountingServer(0)
    with serving_smtp(sink) as sink.port:
        yield sink


def _route(url: str) -> EmailRoute:
    route = email_route(url)
    assert route is not None
    return route


def test_many_messages_share_few_sessions_and_each_arrives_once() -> None:
    with counting_server() as server:
        messages = [
            Message(server.url(f"p{i}@example.vn"), f"{SUBJECT}{i}", HTML, TEXT) for i in range(130)
        ]
        outcomes = send_all(messages, concurrency=2, redactor=Redactor([]))
        assert all(o.ok and o.tries == 1 for o in outcomes)
        received = sorted(str(m["To"]) for m in server.messages)
        assert received == sorted(f"p{i}@example.vn" for i in range(130))
        # Two threads, at most 50 messages a session: 3 sessions or so each, never 130.
        assert 2 <= server.sessions <= 2 * (130 // smtp_sessions.MESSAGES_PER_SESSION + 2)


def test_a_message_reads_back_exactly_as_written() -> None:
    with counting_server() as server:
        [outcome] = send_all(
            [Message(server.url("Mai <mai@example.vn>"), SUBJECT, HTML, TEXT)],
            concurrency=1,
            redactor=Redactor([]),
        )
        assert outcome.ok
        [message] = server.messages
    assert message["Subject"] == SUBJECT
    assert message["To"] == "Mai <mai@example.vn>" and message["From"] == "dondoc@example.com"
    assert message["Message-ID"] and message["Date"]
    plain, html = message.get_body(("plain",)), message.get_body(("html",))
    assert plain is not None and html is not None
    # 8bit parts keep the wire's CRLF line ends, as every mail reader expects
    assert plain.get_content().replace("\r\n", "\n") == TEXT
    assert html.get_content().replace("\r\n", "\n") == HTML
    assert plain["Content-Transfer-Encoding"] == "8bit"  # the server offers 8BITMIME


@pytest.mark.parametrize("eight_bit", [True, False])
def test_lines_too_long_for_smtp_go_as_base64(eight_bit: bool) -> None:
    route = _route(
        "mailto://u:p@example.com?smtp=127.0.0.1&port=25&from=dondoc@example.com&to=a@b.vn"
    )
    long_html = "<p>" + "Nghị quyết số 12-NQ/ĐU " * 100 + "</p>"  # one line of ~2,700 octets
    data = compose(route, route.targets[0], "Chủ đề", long_html, TEXT, eight_bit)
    assert max(len(line) for line in data.split(b"\r\n")) <= 998
    assert b"\n" not in data.replace(b"\r\n", b"")
    message: Any = email.message_from_bytes(data, policy=email.policy.default)
    assert message.get_body(("html",)).get_content() == long_html
    assert message.get_body(("plain",)).get_content().replace("\r\n", "\n") == TEXT
    assert message.get_body(("html",))["Content-Transfer-Encoding"] == "base64"
    expected = "8bit" if eight_bit else "base64"
    assert message.get_body(("plain",))["Content-Transfer-Encoding"] == expected


def test_a_session_the_server_closed_is_replaced_without_a_failed_try(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(smtp_sessions, "CHECK_AFTER_SECONDS", 0.0)  # always ask first
    with counting_server() as server:
        sessions = Sessions()
        try:
            sessions.send(_route(server.url("a@example.vn")), "1", HTML, TEXT)
            server.drop_sessions()
            sessions.send(_route(server.url("b@example.vn")), "2", HTML, TEXT)
        finally:
            sessions.close()
        assert [str(m["To"]) for m in server.messages] == ["a@example.vn", "b@example.vn"]
        assert server.sessions == 2


def test_a_closed_session_found_late_costs_one_try_and_nothing_twice() -> None:
    with counting_server() as server:
        sessions = Sessions()
        try:
            sessions.send(_route(server.url("a@example.vn")), "1", HTML, TEXT)
            server.drop_sessions()
            with pytest.raises(smtp_sessions.SmtpFailure) as failed:
                sessions.send(_route(server.url("b@example.vn")), "2", HTML, TEXT)
            assert failed.value.kind == "retry"  # nothing had been sent: safe to try again
            sessions.send(_route(server.url("b@example.vn")), "2", HTML, TEXT)
        finally:
            sessions.close()
        assert [str(m["To"]) for m in server.messages] == ["a@example.vn", "b@example.vn"]


def test_a_refused_mailbox_waits_for_later_runs_and_the_session_goes_on() -> None:
    with counting_server() as server:
        outcomes = send_all(
            [
                Message(server.url("a@example.vn"), "1", HTML, TEXT),
                Message(server.url(server.refuse), "2", HTML, TEXT),
                Message(server.url("b@example.vn"), "3", HTML, TEXT),
            ],
            concurrency=1,
            redactor=Redactor([]),
        )
        assert [o.ok for o in outcomes] == [True, False, True]
        refused = outcomes[1]
        # not again in this run; not abandoned either: later runs, then the office is told
        assert not refused.permanent and not refused.ambiguous and refused.tries == 1
        assert refused.error is not None and "550" in refused.error
        assert SMTP_PASSWORD not in refused.error
        assert server.sessions == 1 and len(server.messages) == 2


def test_urls_of_one_shape_keep_their_own_recipients() -> None:
    template = "mailto://u:p@example.com?smtp=127.0.0.1&port=25&from=dondoc@example.com&to={}"
    first = _route(template.format("a@example.vn"))
    second = _route(template.format("Lan%20Anh%20%3Cb%40example.vn%3E"))
    assert first.targets == ((False, "a@example.vn"),)
    assert second.targets == (("Lan Anh", "b@example.vn"),)
    assert email_route(template.format("not-an-address")) is None
    assert email_route("json://127.0.0.1/hook") is None
