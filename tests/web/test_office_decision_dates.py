"""The office dates a cancellation and a restoration on the day they were decided (the
date field of ``_fields.html``, empty for today); a date in the future, before the task
was set or before the cancellation comes back beside the field with everything typed
kept, nothing written; the task's history shows the day decided.

Every test runs on SQLite and PostgreSQL (the ``web`` fixture); TODAY is 15/07/2024."""

from __future__ import annotations

from datetime import date, timedelta

from sqlmodel import Session

from models.meetings import Document
from models.tasks import Task
from tests.snapshot import changed_tables, snapshot
from tests.web.conftest import Web, csrf_of

OFFICE = "trang.nt"


def _issued(web: Web, task_id: int) -> date:
    with Session(web.engine) as session:
        task = session.get(Task, task_id)
        assert task is not None
        document = session.get(Document, task.document_id)
        assert document is not None
        return document.issued_on


def _cancelled_on(web: Web, task_id: int) -> date | None:
    with Session(web.engine) as session:
        task = session.get(Task, task_id)
        assert task is not None
        return task.cancelled_on


def test_the_cancel_form_takes_the_day_decided(web: Web) -> None:
    client = web.sign_in(OFFICE)
    page = client.get("/tasks/7")
    assert 'id="office-cancel-on"' in page.text and 'type="date"' not in page.text
    csrf = csrf_of(page.text)
    answer = client.post(
        "/tasks/7/office/cancel",
        data={"csrf": csrf, "decided_on": "08/07/2024", "reason": "Họp ngày 08/07 quyết định"},
    )
    assert answer.status_code == 200
    assert _cancelled_on(web, 7) == date(2024, 7, 8)
    assert "Hủy nhiệm vụ ngày 08/07/2024" in answer.text  # the history, on the page
    restore = client.get("/tasks/7")
    assert 'id="office-restore-on"' in restore.text
    answer = client.post(
        "/tasks/7/office/restore",
        data={"csrf": csrf, "decided_on": "12/07/2024", "reason": "Hủy nhầm"},
    )
    assert answer.status_code == 200 and _cancelled_on(web, 7) is None
    assert "Khôi phục nhiệm vụ ngày 12/07/2024 (đã hủy ngày 08/07/2024)" in answer.text


def test_an_empty_date_is_today(web: Web) -> None:
    client = web.sign_in(OFFICE)
    csrf = csrf_of(client.get("/tasks/7").text)
    client.post("/tasks/7/office/cancel", data={"csrf": csrf, "decided_on": " ", "reason": "x"})
    assert _cancelled_on(web, 7) == date(2024, 7, 15)


def test_a_wrong_decision_date_keeps_the_form_and_writes_nothing(web: Web) -> None:
    client = web.sign_in(OFFICE)
    csrf = csrf_of(client.get("/tasks/7").text)
    before_issue = (_issued(web, 7) - timedelta(days=1)).strftime("%d/%m/%Y")
    before = snapshot(web.engine)
    cases = {
        "16/07/2024": "Ngày quyết định 16/07/2024 chưa tới (hôm nay là 15/07/2024).",
        before_issue: "trước ngày giao nhiệm vụ",
        "31/02/2024": "31/02/2024",
    }
    for typed, said in cases.items():
        answer = client.post(
            "/tasks/7/office/cancel",
            data={"csrf": csrf, "decided_on": typed, "reason": "Lý do đã gõ"},
        )
        assert answer.status_code == 400, typed
        assert 'id="office-cancel-error"' in answer.text and said in answer.text
        assert f'value="{typed}"' in answer.text and ">Lý do đã gõ</textarea>" in answer.text
    after = snapshot(web.engine)
    assert after == before, changed_tables(before, after)


def test_a_restoration_cannot_predate_the_cancellation(web: Web) -> None:
    client = web.sign_in(OFFICE)
    csrf = csrf_of(client.get("/tasks/7").text)
    client.post(
        "/tasks/7/office/cancel", data={"csrf": csrf, "decided_on": "10/07/2024", "reason": "x"}
    )
    answer = client.post(
        "/tasks/7/office/restore", data={"csrf": csrf, "decided_on": "09/07/2024", "reason": "y"}
    )
    assert answer.status_code == 400 and 'id="office-restore-error"' in answer.text
    assert "trước ngày hủy nhiệm vụ 10/07/2024" in answer.text
    assert _cancelled_on(web, 7) == date(2024, 7, 10)
