"""Requests and decisions made on the web carry the application's clock, as every other
stamp the web writes does (tokens, read receipts): tests and demos set the date they
play, and the morning run then sees a request as made on that day."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from models.requests import RequestState, TaskRequest
from notifications.config import NotifyConfig
from tests.peers import SmtpSink
from tests.web.conftest import TODAY, Web, csrf_of, load_demo, web_settings
from web.app import create_app

MOMENT = datetime(2024, 7, 15, 2, 30, tzinfo=UTC)  # 09:30 in Hà Nội on the demo's day


def test_a_request_and_its_decision_are_stamped_with_the_applications_clock(
    engine: Engine, db_url: str, tmp_path: Path, smtp: SmtpSink
) -> None:
    load_demo(engine)
    settings = web_settings(tmp_path, db_url)
    clock = [datetime.now(UTC)]  # sign-in links are minted on the real clock
    app = create_app(
        settings=settings,
        notify=NotifyConfig(channels={"email": smtp.url()}, tracking_office="VP-DU"),
        engine=engine,
        today=lambda: TODAY,
        now=lambda: clock[0],
    )
    web = Web(app, engine, settings)
    member, secretary = web.sign_in("bay.nv"), web.sign_in("long.lh")
    clock[0] = MOMENT
    page = "/tasks/7"
    asked = member.post(
        "/tasks/7/extend",
        data={"csrf": csrf_of(member.get(page).text), "new_due_on": "2024-09-30", "reason": "x"},
    )
    assert asked.status_code == 200, asked.text
    with Session(engine) as session:
        request = session.exec(select(TaskRequest)).one()
        assert request.requested_at.replace(tzinfo=UTC) == MOMENT
    clock[0] = MOMENT.replace(hour=3)
    decided = secretary.post(
        f"/requests/{request.id}/decide",
        data={"csrf": csrf_of(secretary.get(page).text), "decision": "approve"},
    )
    assert decided.status_code == 200, decided.text
    with Session(engine) as session:
        request = session.exec(select(TaskRequest)).one()
        assert request.state is RequestState.APPROVED
        assert request.decided_at is not None
        assert request.decided_at.replace(tzinfo=UTC) == MOMENT.replace(hour=3)
