"""Every decision reaches the person who asked (#26 item 6): an extension approved or
refused, a completion confirmed or sent back, through the delivery log, in the asker's
language and on the asker's channel. Real SMTP and webhook peers, both backends.

(A refused extension on the webhook is also in ``test_request_notices``.)"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import sqlalchemy as sa
from sqlmodel import Session

from models.org import Unit
from models.requests import report_completion, set_confirm_completion
from models.tasks import Task
from notifications.config import NotifyConfig
from notifications.kinds.request_notice import send_notices
from tests.notifications.conftest import build_committee
from tests.notifications.test_request_notices import _notices
from tests.notifications.test_request_reminders import MADE, _decide, _member_asks, _people
from tests.peers import SmtpSink, WebhookSink, body_of

DECIDED = date(2024, 3, 13)


def test_an_approved_extension_reaches_the_asker_on_his_chat(
    engine: sa.Engine, smtp: SmtpSink, webhook: WebhookSink, config: NotifyConfig
) -> None:
    ids = build_committee(engine)
    request_id = _member_asks(engine, ids)  # hung (Vietnamese, webhook only) asks
    _decide(engine, request_id, "mai", True, DECIDED)
    report = send_notices(engine, DECIDED, MADE + timedelta(days=1), config, [request_id])
    assert report.sent == 1
    (post,) = webhook.to("hung")
    message = " ".join(str(post).split())
    assert "đến 29/03/2024 đã được đồng chí Person mai đồng ý" in message
    assert _notices(engine) == [("approved", "webhook", "sent", 1)]
    assert smtp.messages == []


@pytest.mark.parametrize(
    ("approve", "stage", "words"),
    [(True, "approved", "was confirmed by"), (False, "rejected", "was sent back by")],
)
def test_a_completion_decision_reaches_the_asker_in_english_by_mail(
    engine: sa.Engine,
    smtp: SmtpSink,
    config: NotifyConfig,
    approve: bool,
    stage: str,
    words: str,
) -> None:
    ids = build_committee(engine)
    with Session(engine) as session:
        people = _people(session)
        secretary = people["secretary"]  # English, e-mail; leads the April task
        committee = session.get(Task, ids.task_april)
        assert committee is not None
        unit = session.get(Unit, secretary.unit_id)
        assert unit is not None
        set_confirm_completion(session, unit, True)
        asked = report_completion(
            session, committee, secretary, date(2024, 3, 11), "Done", at=MADE, today=DECIDED
        )
        session.commit()
        assert asked is not None and asked.id is not None
        request_id = asked.id
    assert send_notices(engine, date(2024, 3, 12), MADE, config, [request_id]).sent == 1
    smtp.clear()  # the approver's notice (the clerk: nobody decides his own request)
    _decide(engine, request_id, "clerk", approve, DECIDED)
    report = send_notices(engine, DECIDED, MADE + timedelta(days=1), config, [request_id])
    assert report.sent == 1
    (mail,) = smtp.to("secretary@example.org")
    assert str(mail["Subject"]) == f"[dondoc] The decision on your request (task #{ids.task_april})"
    text = " ".join(body_of(mail, "plain").split())
    assert f"done on 11/03/2024 {words} Person clerk" in text
    if not approve:
        assert "Note: Chưa đủ lý do" in text
    assert _notices(engine)[-1] == (stage, "email", "sent", 1)
