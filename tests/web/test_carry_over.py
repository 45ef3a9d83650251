"""The carry-over agenda: the open tasks of earlier meetings on the day of the next one,
marked by the tracking office (continued, new deadline through the lifecycle, closed),
exportable as DOCX; on both backends (the demo committee; its January conference adopted
three documents; a mid-year conference meets on 15/07/2024)."""

from __future__ import annotations

import io
from datetime import date

from docx import Document
from sqlmodel import Session, select

from models.carry_over import CarryOverMark, carry_over
from models.meetings import Meeting, MeetingKind
from models.tasks import Task
from tests.builders import reader
from tests.snapshot import snapshot
from tests.web.conftest import TODAY, Web, csrf_of

OFFICE, SECRETARY, MEMBER = "trang.nt", "long.lh", "bay.nv"
OPEN_ON_TODAY = [2, 3, 4, 5, 6, 7, 8, 9, 10, 11]  # tasks 1 and 12 are done


def _meeting(web: Web) -> int:
    with Session(web.engine) as session:
        meeting = Meeting(
            unit_id=2, held_on=TODAY, kind=MeetingKind.REGULAR, title="Hội nghị sơ kết 6 tháng"
        )
        session.add(meeting)
        session.commit()
        assert meeting.id is not None
        return meeting.id


def test_the_agenda_lists_open_tasks_of_earlier_meetings(web: Web) -> None:
    meeting_id = _meeting(web)
    with Session(web.engine) as session:
        items = carry_over(reader(session), 2, TODAY, meeting_id)
        assert sorted(i.task_id for i in items) == OPEN_ON_TODAY
        assert carry_over(reader(session), 2, date(2024, 1, 29)) == []  # the meeting itself
        late = next(i for i in items if i.task_id == 2)
        assert (late.status.status.value, late.progress) == ("overdue", 60)
    page = web.sign_in(MEMBER).get(f"/meetings/{meeting_id}/carry-over")
    assert page.status_code == 200 and 'id="carry-7"' in page.text
    assert 'id="carry-4"' not in page.text  # not within the member's reach
    assert "form-carry-7" not in page.text  # members do not mark
    answer = web.sign_in(OFFICE).get(f"/meetings/{meeting_id}/carry-over.docx")
    assert answer.headers["content-type"].startswith("application/vnd.openxmlformats")
    document = Document(io.BytesIO(answer.content))
    (table,) = document.tables
    assert len(table.rows) == 1 + len(OPEN_ON_TODAY)
    assert table.rows[0].cells[-1].text == "Hội nghị quyết định"


def _mark(web: Web, client_code: str, meeting_id: int, task_id: int, **data: str) -> str:
    client = web.sign_in(client_code)
    page = f"/meetings/{meeting_id}/carry-over"
    csrf = csrf_of(client.get(page).text)
    answer = client.post(f"{page}/{task_id}", data={"csrf": csrf, **data})
    return f"{answer.status_code} {answer.text}"


def test_the_office_marks_each_task_once(web: Web) -> None:
    meeting_id = _meeting(web)
    before = snapshot(web.engine)
    assert _mark(web, SECRETARY, meeting_id, 7, decision="continued").startswith("404")
    after_signin = snapshot(web.engine)
    assert after_signin["carry_over_mark"] == before["carry_over_mark"] == []
    answer = _mark(web, OFFICE, meeting_id, 7, decision="redeadlined", new_due_on="")
    assert answer.startswith("400") and "Cần ghi thời hạn mới" in answer
    answer = _mark(web, OFFICE, meeting_id, 4, decision="cancelled", note="")
    assert answer.startswith("400") and "Cần ghi lý do" in answer
    answer = _mark(web, OFFICE, meeting_id, 1, decision="continued")  # done in April
    assert answer.startswith("400") and "Không tìm thấy nhiệm vụ «1»" in answer
    answer = _mark(web, OFFICE, meeting_id, 7, decision="redeadlined", new_due_on="30/09/2024")
    assert answer.startswith("200") and "Điều chỉnh thời hạn (30/09/2024)" in answer
    assert _mark(web, OFFICE, meeting_id, 2, decision="done", note="Đã ban hành").startswith("200")
    assert _mark(web, OFFICE, meeting_id, 5, decision="continued").startswith("200")
    answer = _mark(web, OFFICE, meeting_id, 5, decision="done")
    assert answer.startswith("400") and "đã được cuộc họp này xử lý" in answer
    with Session(web.engine) as session:
        seven, two = session.get(Task, 7), session.get(Task, 2)
        assert seven is not None and str(seven.due_on) == "2024-09-30"
        assert two is not None and str(two.completed_on) == "2024-07-15"
        marks = session.exec(select(CarryOverMark)).all()
        assert sorted((m.task_id, m.decision.value) for m in marks) == [
            (2, "done"),
            (5, "continued"),
            (7, "redeadlined"),
        ]
    history = web.sign_in(OFFICE).get("/tasks/5").text
    assert "Cuộc họp ngày 15/07/2024 xem xét: Tiếp tục thực hiện" in history
