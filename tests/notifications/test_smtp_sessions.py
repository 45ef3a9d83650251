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

from notifications.channels.email import smtp_sessions
from notifications.channels.email.smtp_sessions import EmailRoute, Sessions, compose, email_route
from notifications.redact import Redactor
from notifications.sender import Message, send_all
from tests.peers import SMTP_MODES, SMTP_PASSWORD, serving_smtp, smtp_url

SUBJECT = "[Đôn đốc] 12 việc quá hạn, 3 việc đến hạn hôm nay — Chi bộ Văn phòng Cục " * 2
TEXT = "Kính gửi đồng chí Nguyễn Thị Mai,\n\n1. Báo cáo quý III — hạn 30/09/2024\n   https://dondoc.example.vn/tasks/12\n.dòng bắt đầu bằng dấu chấm\n"
HTML = "<p>Kính gửi đồng chí <b>Nguyễn Thị Mai</b>,</p>\n<ol><li>Báo cáo quý III</li></ol>\n"


@dataclass
class CountingServer:
    """Stores messages and counts the sessions (connections) that carried them, and the
    greetings (EHLOs) said on them."""

    port: int
    refuse: str = "refused@example.org"  # RCPT answered 550
    messages: list[email.message.EmailMessage] = field(default_factory=list)
    greetings: int = 0
    servers: list[Any] = field(default_factory=list)  # one per connection
    lock: threading.Lock = field(default_factory=threading.Lock)
    mode: str = "login"  # one of SMTP_MODES
    mail_options: list[list[str]] = field(default_factory=list)  # MAIL FROM's, in order
    sizes: list[int] = field(default_factory=list)  # octets of each message's data

    async def handle_EHLO(
        self, server: Any, session: Any, envelope: Any, hostname: str, responses: list[str]
    ) -> list[str]:
        with self.lock:
            self.greetings += 1
            if server not in self.servers:
                self.servers.append(server)
        session.host_name = hostname
        return responses

    async def handle_MAIL(
        self, server: Any, session: Any, envelope: Any, address: str, options: list[str]
    ) -> str:
        with self.lock:
            self.mail_options.append(list(options))
        envelope.mail_from = address
        envelope.mail_options.extend(options)
        return "250 OK"

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
            self.sizes.append(len(envelope.original_content))
        return "250 OK"

    def url(self, address: str) -> str:
        return smtp_url(self.port, self.mode).format(address=address) + "&cto=10"

    @property
    def sessions(self) -> int:
        with self.lock:
            return len(self.servers)

    def drop_sessions(self) -> None:
        """Close every connection from the server's side, as an idle timeout does."""
        with self.lock:
            for server in self.servers:
                if server.transport is not None:
                    server.loop.call_soon_threadsafe(server.transport.close)


@contextmanager
def counting_server(mode: str = "login", size_limit: int | None = None) -> Iterator[CountingServer]:
    sink = CountingServer(0, mode=mode)
    options = {} if size_limit is None else {"data_size_limit": size_limit}
    with serving_smtp(sink, 0, mode, **options) as sink.port:
        yield sink


def _route(url: str) -> EmailRoute:
    route = email_route(url)
    assert route is not None
    return route


@pytest.mark.parametrize("mode", SMTP_MODES)
def test_many_messages_share_few_sessions_and_each_arrives_once(mode: str) -> None:
    with counting_server(mode) as server:
        messages = [
            Message(server.url(f"p{i}@example.vn"), f"{SUBJECT}{i}", HTML, TEXT) for i in range(130)
        ]
        outcomes = send_all(messages, concurrency=2, redactor=Redactor([]))
        assert all(o.ok and o.tries == 1 for o in outcomes)
        received = sorted(str(m["To"]) for m in server.messages)
        assert received == sorted(f"p{i}@example.vn" for i in range(130))
        # Two threads, at most 50 messages a session: 3 sessions or so each, never 130.
        assert 2 <= server.sessions <= 2 * (130 // smtp_sessions.MESSAGES_PER_SESSION + 2)


@pytest.mark.parametrize("mode", SMTP_MODES)
def test_a_message_reads_back_exactly_as_written(mode: str) -> None:
    with counting_server(mode) as server:
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


@pytest.mark.parametrize("mode", SMTP_MODES)
def test_a_session_the_server_closed_is_replaced_without_a_failed_try(
    mode: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(smtp_sessions, "CHECK_AFTER_SECONDS", 0.0)  # always ask first
    with counting_server(mode) as server:
        sessions = Sessions()
        try:
            sessions.send(_route(server.url("a@example.vn")), "1", HTML, TEXT)
            server.drop_sessions()
            sessions.send(_route(server.url("b@example.vn")), "2", HTML, TEXT)
        finally:
            sessions.close()
        assert [str(m["To"]) for m in server.messages] == ["a@example.vn", "b@example.vn"]
        assert server.sessions == 2


@pytest.mark.parametrize("mode", SMTP_MODES)
def test_a_closed_session_found_late_costs_one_try_and_nothing_twice(mode: str) -> None:
    with counting_server(mode) as server:
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


@pytest.mark.parametrize("mode", SMTP_MODES)
def test_a_refused_mailbox_waits_for_later_runs_and_the_session_goes_on(mode: str) -> None:
    with counting_server(mode) as server:
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


def test_a_relay_that_asks_no_login_is_greeted_before_mail() -> None:
    """The office relay: EHLO right after connecting (it refuses MAIL before, 503)."""
    with counting_server("plain") as server:
        sessions = Sessions()
        try:
            for address in ("a@example.vn", "b@example.vn"):
                sessions.send(_route(server.url(address)), "1", HTML, TEXT)
        finally:
            sessions.close()
        assert [str(m["To"]) for m in server.messages] == ["a@example.vn", "b@example.vn"]
        assert server.sessions == 1  # one greeting carried both


def test_after_starttls_the_greeting_is_said_again_and_its_extensions_used() -> None:
    with counting_server("starttls") as server:
        sessions = Sessions()
        try:
            sessions.send(_route(server.url("a@example.vn")), SUBJECT, HTML, TEXT)
        finally:
            sessions.close()
        [message] = server.messages
        assert server.sessions == 1 and server.greetings == 2  # before and after STARTTLS
        # 8BITMIME read from the greeting after STARTTLS, not left unknown
        plain = message.get_body(("plain",))
        assert plain is not None and plain["Content-Transfer-Encoding"] == "8bit"


def test_a_message_over_the_servers_size_limit_waits_and_is_not_sent() -> None:
    """SIZE from the greeting: announced with each message, and a message the server
    would refuse every time is not sent at all (it waits for the office to look)."""
    with counting_server("plain", size_limit=20_000) as server:
        sessions = Sessions()
        try:
            route = _route(server.url("a@example.vn"))
            sessions.send(route, "1", HTML, TEXT)
            with pytest.raises(smtp_sessions.SmtpFailure) as failed:
                sessions.send(route, "2", "<p>" + "x" * 40_000 + "</p>", TEXT)
            assert failed.value.kind == "later" and "20000" in str(failed.value)
            sessions.send(route, "3", HTML, TEXT)  # the session goes on
        finally:
            sessions.close()
        assert [str(m["Subject"]) for m in server.messages] == ["1", "3"]
        first, third = server.mail_options[0], server.mail_options[-1]
        assert set(first) == {"BODY=8BITMIME", f"SIZE={server.sizes[0]}"}
        assert set(third) == {"BODY=8BITMIME", f"SIZE={server.sizes[1]}"}
