"""The weekly manager digest's at-risk, stale and explanation lines reach a chat as they
reach the e-mail: one wording (``risk_digest.risk_blocks``), both channels, both
backends; an answer's files are named in both."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from sqlmodel import Session, select

from models.explanations import answer_explanation, open_request, request_explanation
from models.org import ContactChannel, ContactTarget, Person
from models.tasks import Task
from notifications.config import NotifyConfig
from notifications.kinds.manager_digest import preview_digests
from notifications.pipeline import Digest
from tests import files
from tests.notifications.conftest import build_committee
from tests.notifications.test_reminder_runs import morning
from tests.notifications.test_risk_notices import _touch

D = date
HEADS = (
    "Tasks at risk",
    "Tasks with no update for a long time",
    "Explanations received this week",
    "Explanation requests not answered yet",
)


def _blocks(text: str) -> dict[str, list[str]]:
    """Each risk heading of a digest's text and the lines listed under it."""
    found: dict[str, list[str]] = {}
    head = None
    for line in text.splitlines():
        if line.startswith(HEADS):
            head = line
            found[head] = []
        elif head is not None and line.startswith("- "):
            found[head].append(line)
        else:
            head = None
    return found


def _secretary(engine: sa.Engine, day: date, config: NotifyConfig) -> dict[str, Digest]:
    digests = [d for d in preview_digests(engine, day, config) if d.recipient == "secretary"]
    return {d.channel: d for d in digests}


def test_the_chat_digest_carries_the_same_risk_lines_as_the_mail(
    engine: sa.Engine, config: NotifyConfig
) -> None:
    ids = build_committee(engine)
    _touch(engine, ids.task_march, morning(D(2024, 2, 5), 10))  # stale from 06/03
    _touch(engine, ids.task_april, morning(D(2024, 3, 1), 10))  # at risk by late March
    with Session(engine) as session:
        people = {p.code: p for p in session.exec(select(Person))}
        secretary = people["secretary"]
        assert secretary.id is not None
        session.add(
            ContactTarget(
                person_id=secretary.id, channel=ContactChannel.WEBHOOK, address="secretary"
            )
        )
        march = session.get(Task, ids.task_march)
        assert march is not None
        request_explanation(session, march, secretary, D(2024, 3, 27), None, D(2024, 3, 20))
        session.commit()
    before = _secretary(engine, D(2024, 3, 28), config)
    assert sorted(before) == ["email", "webhook"]
    mail, chat = (_blocks(before[c].rendered.text) for c in ("email", "webhook"))
    assert len(mail) == 3 and chat == mail  # at risk, stale, waiting: the same lines
    assert any("due 27/03/2024 (past due)" in line for lines in chat.values() for line in lines)
    assert "<ul>" not in before["webhook"].rendered.html  # chats know no lists
    with Session(engine) as session:
        asked = open_request(session, ids.task_march)
        assert asked is not None
        mai = session.exec(select(Person).where(Person.code == "mai")).one()
        sent = [("Giải trình.pdf", files.PDF), ("Số liệu.xlsx", files.xlsx())]
        answer_explanation(session, asked, mai, "Thiếu số liệu", D(2024, 4, 1), files=sent)
        session.commit()
    after = _secretary(engine, D(2024, 4, 2), config)
    mail, chat = (_blocks(after[c].rendered.text) for c in ("email", "webhook"))
    assert chat == mail
    (received,) = [lines for head, lines in mail.items() if head.startswith(HEADS[2])]
    assert received[0].endswith(
        "explained on 01/04/2024: «Thiếu số liệu» (files: Giải trình.pdf; Số liệu.xlsx)"
    )
