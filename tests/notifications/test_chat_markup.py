"""A task title written as chat markup arrives inert in every chat's own markup.

A real reminder run posts to a real HTTP receiver on loopback: Mattermost natively
(``mmost://`` speaks plain HTTP); Slack's and Telegram's endpoints, which are cloud
services, are pointed at the same receiver (their address is the only thing replaced).
Each arrival is then read the way its app reads it.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from html.parser import HTMLParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import markdown  # type: ignore[import-untyped]  # Apprise's own dependency; no stubs
import pytest
import sqlalchemy as sa
from apprise.plugins.slack import NotifySlack
from apprise.plugins.telegram import NotifyTelegram
from sqlmodel import Session

from models.lifecycle import create_task
from models.org import ContactChannel, ContactTarget
from notifications.channels.mentions import JOINER, neutralise
from notifications.config import NotifyConfig
from notifications.run import run_once
from tests.builders import add_document, add_person, make_org
from tests.notifications.conftest import CAL, TZ
from tests.notifications.test_reminder_runs import morning

DUE = date(2024, 3, 15)
TITLE = "Xem [click me](http://evil.test/x) <http://evil.test|bấm đây> <b>đậm</b> *nghiêng*"


@dataclass
class ChatSink:
    port: int
    posts: dict[str, dict[str, Any]] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)


@contextmanager
def chat_server() -> Iterator[ChatSink]:
    sink = ChatSink(0)

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))))
            telegram = self.path.startswith("/bot")
            service = (
                "telegram" if telegram else "slack" if "/slack/" in self.path else "mattermost"
            )
            with sink.lock:
                sink.posts[service] = body
            reply = b'{"ok": true, "result": {"message_id": 1}}' if telegram else b"ok"
            self.send_response(200)
            self.send_header("Content-Type", "application/json" if telegram else "text/plain")
            self.end_headers()
            self.wfile.write(reply)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    sink.port = int(server.server_address[1])
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield sink
    finally:
        server.shutdown()
        server.server_close()


class _Html(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _read_html(source: str) -> _Html:
    parser = _Html()
    parser.feed(source)
    return parser


@pytest.fixture
def chats(monkeypatch: pytest.MonkeyPatch) -> Iterator[ChatSink]:
    with chat_server() as sink:
        base = f"http://127.0.0.1:{sink.port}"
        monkeypatch.setattr(NotifySlack, "webhook_url", f"{base}/slack")
        monkeypatch.setattr(NotifyTelegram, "notify_url", f"{base}/bot")
        yield sink


def test_a_title_written_as_markup_arrives_inert(engine: sa.Engine, chats: ChatSink) -> None:
    with Session(engine) as session:
        org = make_org(session)
        person = add_person(session, "mai", org.branch1)
        assert person.id is not None
        for channel, address in [
            (ContactChannel.MATTERMOST, "town-square"),
            (ContactChannel.SLACK, "general"),
            (ContactChannel.TELEGRAM, "100000001"),
        ]:
            session.add(ContactTarget(person_id=person.id, channel=channel, address=address))
        create_task(session, document=add_document(session), ref="1", title=TITLE, lead=person,
                    due_on=DUE, actor="t")  # fmt: skip
        session.commit()
    config = NotifyConfig(
        channels={
            "mattermost": f"mmost://127.0.0.1:{chats.port}/Mm-t0ken-abc/{{address}}",
            "slack": "slack://T1JJ3T3L2/A1BRTD4JD/TIiajkdnlazkcOXrIdevi7FQ/{address}",
            "telegram": "tgram://123456789:AAH-bot-token/{address}",
        },
        retry_backoff_seconds=0.01,
    )
    report = run_once(engine, DUE, morning(DUE), config, CAL, TZ)
    assert report.sent == 3 and sorted(chats.posts) == ["mattermost", "slack", "telegram"]

    # Mattermost renders CommonMark: rendered, the title is text, with no link in it.
    shown = _read_html(markdown.markdown(chats.posts["mattermost"]["text"]))
    assert "a" not in shown.tags and "b" not in shown.tags
    assert "[click me](http://evil.test/x)" in "".join(shown.text)
    assert "http://evil.test|bấm đây" in "".join(shown.text)

    # Slack's mrkdwn links are <url|text>: every "<" of the title must arrive escaped.
    slack = chats.posts["slack"]["attachments"][0]["text"]
    assert "&lt;http://evil.test|bấm đây&gt;" in slack and "<http" not in slack
    assert "&lt;b&gt;đậm&lt;/b&gt;" in slack

    # Telegram is sent HTML: the title's tags are text, and nothing is a link.
    telegram = _read_html(chats.posts["telegram"]["text"])
    assert chats.posts["telegram"]["parse_mode"] == "HTML"
    assert "a" not in telegram.tags and telegram.tags.count("b") >= 1
    assert "<http://evil.test|bấm đây> <b>đậm</b>" in "".join(telegram.text)


MENTIONS = "Họp @here @channel @all @everyone @bay.nv, gửi vp@tinh.gov.vn"
ANY_MENTION = re.compile(r"(?<![\w@.+-])@[\w.-]")


def test_mentions_in_a_title_wake_nobody(engine: sa.Engine, chats: ChatSink) -> None:
    """``@here`` in a title would wake a whole channel: every chat gets it inert (a word
    joiner after the ``@``, invisible to readers); an address's ``@`` is left alone."""
    with Session(engine) as session:
        org = make_org(session)
        person = add_person(session, "mai", org.branch1)
        assert person.id is not None
        for channel, address in [
            (ContactChannel.MATTERMOST, "town-square"),
            (ContactChannel.SLACK, "general"),
            (ContactChannel.TELEGRAM, "100000001"),
        ]:
            session.add(ContactTarget(person_id=person.id, channel=channel, address=address))
        create_task(session, document=add_document(session), ref="1", title=MENTIONS,
                    lead=person, due_on=DUE, actor="t")  # fmt: skip
        session.commit()
    config = NotifyConfig(
        channels={
            "mattermost": f"mmost://127.0.0.1:{chats.port}/Mm-t0ken-abc/{{address}}",
            "slack": "slack://T1JJ3T3L2/A1BRTD4JD/TIiajkdnlazkcOXrIdevi7FQ/{address}",
            "telegram": "tgram://123456789:AAH-bot-token/{address}",
        },
        retry_backoff_seconds=0.01,
    )
    report = run_once(engine, DUE, morning(DUE), config, CAL, TZ)
    assert report.sent == 3
    texts = {
        "mattermost": chats.posts["mattermost"]["text"],
        "slack": chats.posts["slack"]["attachments"][0]["text"],
        "telegram": chats.posts["telegram"]["text"],
    }
    for service, text in texts.items():
        assert not ANY_MENTION.findall(text), service
        assert f"@{JOINER}here @{JOINER}channel @{JOINER}all @{JOINER}everyone" in text, service
        assert "vp@tinh.gov.vn" in text and text.replace(JOINER, "").count("@") == 6


def test_neutralise_touches_only_word_initial_at_signs() -> None:
    assert neutralise("@here, (@all) <@U123> a@b.c @") == (
        f"@{JOINER}here, (@{JOINER}all) <@{JOINER}U123> a@b.c @"
    )
