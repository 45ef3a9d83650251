"""Instant notices about requests go through the delivery log like every message: the
approver hears when a request is made, the asker hears the decision; a notice that
fails is recorded and sent again by a later run, never twice. Real SMTP and webhook
peers, both backends (the committee of ``conftest.build_committee``)."""

from __future__ import annotations

from datetime import date, timedelta
from email.message import EmailMessage

import sqlalchemy as sa

from notifications.config import NotifyConfig
from notifications.kinds.request_notice import KIND, send_notices
from notifications.run import run_once
from tests.notifications.conftest import CAL, TZ, build_committee
from tests.notifications.test_request_reminders import MADE, _decide, _member_asks
from tests.peers import SmtpSink, WebhookSink, body_of, free_port, smtp_url

DAY = date(2024, 3, 12)


def _notices(engine: sa.Engine) -> list[tuple[str, str, str, int]]:
    """(stage, channel, status, attempts) of each notice in the delivery log."""
    with engine.connect() as connection:
        rows = connection.execute(
            sa.text(
                "SELECT stage, channel, status, attempts FROM delivery_log"
                " WHERE item_kind = :k ORDER BY id"
            ),
            {"k": KIND},
        )
        return [(str(s), str(c), str(st), int(a)) for s, c, st, a in rows]


def _asked_of(smtp: SmtpSink, address: str) -> list[EmailMessage]:
    """The notices of a request waiting for ``address``'s decision (not the digests)."""
    subject = "[Đôn đốc] Đề nghị chờ đồng chí duyệt (nhiệm vụ #"
    return [m for m in smtp.to(address) if str(m["Subject"]).startswith(subject)]


def test_a_request_notice_is_logged_retried_after_a_failure_and_sent_once(
    engine: sa.Engine, smtp: SmtpSink, webhook: WebhookSink, config: NotifyConfig
) -> None:
    ids = build_committee(engine)
    request_id = _member_asks(engine, ids)  # hung asks; mai (CB1's manager) decides
    down = NotifyConfig(
        channels={"email": smtp_url(free_port()), "webhook": webhook.url()},
        tracking_office="VP",
        send_retries=0,
    )
    failed = send_notices(engine, DAY, MADE, down, [request_id])
    assert (failed.sent, failed.failed) == (0, 1)
    assert _notices(engine) == [("asked", "email", "failed", 1)]
    assert smtp.messages == []
    # Within the back-off nothing is tried; after it, the morning's catch-up run sends it.
    assert send_notices(engine, DAY, MADE + timedelta(minutes=1), config).deliveries == []
    later = run_once(engine, DAY, MADE + timedelta(minutes=10), config, CAL, TZ)
    assert [(d.recipient, d.ok) for d in later.deliveries if "duyệt" in d.subject] == [
        ("mai", True)
    ]
    (notice,) = _asked_of(smtp, "mai@example.org")
    text = body_of(notice, "plain")
    assert "Đồng chí Person hung đề nghị gia hạn đến 29/03/2024" in " ".join(text.split())
    assert "Chờ số liệu quý" in text
    assert _notices(engine) == [("asked", "email", "sent", 2)]
    # Asked again for the same request: the log holds it, nothing goes twice.
    assert send_notices(engine, DAY, MADE + timedelta(hours=1), config, [request_id]).sent == 0
    assert len(_asked_of(smtp, "mai@example.org")) == 1


def test_the_asker_hears_the_decision_in_their_channel(
    engine: sa.Engine, smtp: SmtpSink, webhook: WebhookSink, config: NotifyConfig
) -> None:
    ids = build_committee(engine)
    request_id = _member_asks(engine, ids)
    _decide(engine, request_id, "mai", False, date(2024, 3, 13))
    report = send_notices(engine, date(2024, 3, 13), MADE + timedelta(days=1), config, [request_id])
    assert report.sent == 1
    (post,) = webhook.to("hung")  # hung's only channel is the chat webhook
    message = " ".join(str(post).split())
    assert "không được đồng chí Person mai đồng ý" in message and "Chưa đủ lý do" in message
    assert _notices(engine) == [("rejected", "webhook", "sent", 1)]
    assert smtp.messages == []
    again = send_notices(engine, date(2024, 3, 13), MADE + timedelta(days=1), config, [request_id])
    assert again.deliveries == [] and len(webhook.to("hung")) == 1
