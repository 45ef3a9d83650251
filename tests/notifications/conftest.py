"""A small committee with reachable people, and real SMTP and webhook peers."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

import pytest
import sqlalchemy as sa
from sqlmodel import Session

from models.calendar import WorkCalendar
from models.lifecycle import create_task
from models.org import ContactChannel, ContactTarget, Person
from models.settings import get_settings
from notifications.config import NotifyConfig
from tests.builders import add_document, add_person, make_org
from tests.peers import SmtpSink, WebhookSink

CAL = WorkCalendar()
TZ = "Asia/Ho_Chi_Minh"


@dataclass
class Committee:
    task_march: int  # lead CB1 (manager mai), co-owner hung; due Fri 15 Mar 2024
    task_april: int  # lead person long; due Wed 17 Apr 2024, the day before a holiday


def with_web_address(monkeypatch: pytest.MonkeyPatch, url: str, secret: str) -> Iterator[None]:
    """The web application's address and signing key, for a fixture to yield from."""
    monkeypatch.setenv("DONDOC_WEB_URL", url)
    monkeypatch.setenv("DONDOC_WEB_SECRET", secret)
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


@pytest.fixture
def web_address(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Digests with links to the web application and signed one-click actions."""
    yield from with_web_address(
        monkeypatch, "https://dondoc.test", "digests-with-links-secret-0123456789"
    )


@pytest.fixture
def config(smtp: SmtpSink, webhook: WebhookSink) -> NotifyConfig:
    return NotifyConfig(
        channels={"email": smtp.url(), "webhook": webhook.url()},
        tracking_office="VP",
        retry_backoff_seconds=0.01,
    )


def _contact(session: Session, person: Person, channel: ContactChannel, address: str) -> None:
    assert person.id is not None
    session.add(ContactTarget(person_id=person.id, channel=channel, address=address))


def build_committee(engine: sa.Engine) -> Committee:
    with Session(engine) as session:
        org = make_org(session)
        mai = add_person(session, "mai", org.branch1)
        hung = add_person(session, "hung", org.branch2)
        nobody = add_person(session, "nobody", org.branch2)  # no channel: reported
        org.branch1.manager_id = mai.id
        org.office.manager_id = org.clerk.id
        org.secretary.language = "en"
        session.add_all([org.branch1, org.office, org.secretary])
        _contact(session, mai, ContactChannel.EMAIL, "mai@example.org")
        _contact(session, hung, ContactChannel.WEBHOOK, "hung")
        _contact(session, org.secretary, ContactChannel.EMAIL, "secretary@example.org")
        _contact(session, org.clerk, ContactChannel.EMAIL, "clerk@example.org")
        _contact(session, org.clerk, ContactChannel.TELEGRAM, "555")  # telegram not configured
        document = add_document(session, issued_on=date(2024, 1, 29))
        march = create_task(
            session,
            document=document,
            ref="1",
            title="Báo cáo <quý I> & tổng hợp",
            lead=org.branch1,
            co_owners=[hung],
            due_on=date(2024, 3, 15),
            actor="t",
        )
        april = create_task(
            session,
            document=document,
            ref="2",
            title="Kế hoạch kiểm tra",
            lead=org.secretary,
            co_owners=[nobody],
            due_on=date(2024, 4, 17),
            actor="t",
        )
        session.commit()
        assert march.id is not None and april.id is not None
        return Committee(march.id, april.id)
