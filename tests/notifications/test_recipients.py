"""One contact is one recipient: proven on a real SMTP server (its RCPT TOs) and a real
HTTP receiver, through a whole reminder run.

The hostile addresses are written straight into the database, as old data or a bug in
another way in would leave them; the import refuses them (tests/cli/hostile_corpus.py),
and the run must not be fooled either: it sends nothing to such a contact.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pytest
import sqlalchemy as sa
from sqlmodel import Session

from models.contacts import normalise_target
from models.errors import TrackerError
from models.lifecycle import create_task
from models.org import ContactChannel, ContactTarget
from notifications.config import NotifyConfig
from notifications.run import run_once
from tests.builders import add_document, add_person, make_org
from tests.notifications.conftest import CAL, TZ
from tests.notifications.test_reminder_runs import morning
from tests.peers import SMTP_PASSWORD, SMTP_USER, WebhookSink, serving_smtp

DUE = date(2024, 3, 15)  # a Friday: the "due today" reminder goes out that morning
GOOD_EMAILS = ["ok@example.org", "a+b@example.org", "Hoa.Le@Example.ORG"]
HOSTILE_EMAILS = [
    "victim@corp.vn, attacker@evil.vn",
    "victim@corp.vn; attacker@evil.vn",
    "victim@corp.vn attacker@evil.vn",
    "Victim <victim@corp.vn>, <attacker@evil.vn>",
    "victim@corp.vn?bcc=attacker@evil.vn",
    "victim@corp.vn&cc=attacker@evil.vn",
    "victim@corp.vn\r\nBcc: attacker@evil.vn",
    "victim@corp.vn%2Cattacker@evil.vn",
    "victim@corp.vn&to=attacker@evil.vn",
]
GOOD_HOOKS = ["hung"]
HOSTILE_HOOKS = ["hung?+X-Token=stolen", "hung/../admin", "hung#x", "attacker@evil.vn:80/hook"]


@dataclass
class RcptSink:
    """An SMTP server that keeps each message's envelope recipients."""

    port: int
    envelopes: list[tuple[list[str], bytes]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        with self.lock:
            self.envelopes.append((list(envelope.rcpt_tos), bytes(envelope.content)))
        return "250 OK"


@contextmanager
def rcpt_server() -> Iterator[RcptSink]:
    sink = RcptSink(0)
    with serving_smtp(sink) as sink.port:
        yield sink


@pytest.fixture
def rcpt() -> Iterator[RcptSink]:
    with rcpt_server() as sink:
        yield sink


def _people_with(engine: sa.Engine, contacts: list[tuple[ContactChannel, str]]) -> None:
    """One person per contact, each the lead of a task due on DUE."""
    with Session(engine) as session:
        org = make_org(session)
        document = add_document(session)
        for i, (channel, address) in enumerate(contacts):
            person = add_person(session, f"p{i}", org.branch1)
            assert person.id is not None
            session.add(ContactTarget(person_id=person.id, channel=channel, address=address))
            create_task(session, document=document, ref=str(i), title=f"Việc {i}", lead=person,
                        due_on=DUE, actor="t")  # fmt: skip
        session.commit()


def test_one_contact_is_one_recipient(
    engine: sa.Engine, rcpt: RcptSink, webhook: WebhookSink
) -> None:
    contacts = [
        *((ContactChannel.EMAIL, a) for a in GOOD_EMAILS + HOSTILE_EMAILS),
        *((ContactChannel.WEBHOOK, a) for a in GOOD_HOOKS + HOSTILE_HOOKS),
    ]
    _people_with(engine, contacts)
    smtp_url = (
        f"mailto://{SMTP_USER}:{SMTP_PASSWORD}@example.com?smtp=127.0.0.1&port={rcpt.port}"
        "&from=dondoc@example.com&to={address}"
    )
    config = NotifyConfig(channels={"email": smtp_url, "webhook": webhook.url()},
                          retry_backoff_seconds=0.01)  # fmt: skip
    report = run_once(engine, DUE, morning(DUE), config, CAL, TZ)

    recipients = sorted(r for rcpts, _ in rcpt.envelopes for r in rcpts)
    # every message has exactly one envelope recipient: the contact as stored ("+" intact)
    assert all(len(rcpts) == 1 for rcpts, _ in rcpt.envelopes)
    assert recipients == sorted(GOOD_EMAILS)
    for _, content in rcpt.envelopes:  # nor a Cc/Bcc smuggled into the headers
        headers = content.split(b"\r\n\r\n", 1)[0].lower()
        assert b"evil" not in headers and b"\ncc:" not in headers and b"\nbcc:" not in headers
    assert sorted(p["path"] for p in webhook.posts) == ["/hook/hung"]
    assert all(p["token"] for p in webhook.posts)  # the header from the template, unchanged
    hostile = {f"p{i}" for i, (_, a) in enumerate(contacts) if a not in GOOD_EMAILS + GOOD_HOOKS}
    assert {u.who for u in report.unreachable} == hostile
    assert report.sent == len(GOOD_EMAILS) + len(GOOD_HOOKS) and report.failed == 0


@pytest.mark.parametrize("address", HOSTILE_EMAILS)
def test_the_domain_rule_refuses_every_forged_address(address: str) -> None:
    with pytest.raises(TrackerError):
        normalise_target(ContactChannel.EMAIL, address)


@pytest.mark.parametrize(
    ("channel", "address"),
    [
        (ContactChannel.TELEGRAM, "100000001"),
        (ContactChannel.TELEGRAM, "-1001234567890"),
        (ContactChannel.TELEGRAM, "@dondoc_ipo"),
        (ContactChannel.SLACK, "#general"),
        (ContactChannel.MATTERMOST, "town-square"),
        (ContactChannel.WEBHOOK, "hooks.example.vn/dondoc/42"),
    ],
)
def test_chat_targets_that_fit_their_channel_are_kept(
    channel: ContactChannel, address: str
) -> None:
    assert normalise_target(channel, address) == address


@pytest.mark.parametrize(
    ("channel", "address"),
    [
        (ContactChannel.TELEGRAM, "100000001/100000002"),
        (ContactChannel.TELEGRAM, "12?chat_id=13"),
        (ContactChannel.SLACK, "#general #random"),
        (ContactChannel.SLACK, "general?to=random"),
        (ContactChannel.MATTERMOST, "town-square/../off-topic"),
        (ContactChannel.WEBHOOK, "hooks.example.vn/x?+X-Token=1"),
        (ContactChannel.WEBHOOK, "user:pw@hooks.example.vn/x"),
        (ContactChannel.MSTEAMS, ""),
        (ContactChannel.ZALO, "a" * 400),
    ],
)
def test_chat_targets_that_could_add_recipients_are_refused(
    channel: ContactChannel, address: str
) -> None:
    with pytest.raises(TrackerError):
        normalise_target(channel, address)
