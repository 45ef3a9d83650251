"""The tracking office's pages: who may open them (the office and administrators; anyone
else the same 404 as a missing page), meetings and documents entered and corrected,
several tasks typed on one screen written all or nothing, the office's changes to a task
recorded in its history, and a refused task form that keeps what was typed.

Every test runs on SQLite and PostgreSQL (the ``web`` fixture)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import pytest
from sqlmodel import Session, select

from models.access import Role, can_keep_records, viewer_for
from models.history import TaskAction, TaskEvent
from models.meetings import AttendeeRole, Document, Meeting, MeetingAttendee
from models.org import Person, Unit
from models.sqlread import SqlAlchemyReader
from models.tasks import Task, TaskCoOwner
from tests.snapshot import changed_tables, snapshot
from tests.web.conftest import Web, csrf_of
from web import office_forms

OFFICE, ADMIN, MANAGER, MEMBER = "trang.nt", "chuong.pg", "mai.dt", "bay.nv"
GET_PAGES = [
    "/meetings",
    "/meetings/new",
    "/meetings/1",
    "/meetings/1/edit",
    "/documents/new?meeting=1",
    "/documents/1/edit",
    "/documents/1/tasks/new",
    "/tasks/new",
]


def _document_id(web: Web, number: str = "01-NQ/ĐU") -> int:
    with Session(web.engine) as session:
        found = session.exec(select(Document.id).where(Document.number == number)).one()
        assert found is not None
        return found


def test_keeping_records_is_the_office_and_the_administrators(web: Web) -> None:
    ids = [web.person_id(code) for code in (OFFICE, ADMIN, MANAGER, MEMBER)]
    with Session(web.engine) as session:
        r = SqlAlchemyReader(session.connection())
        roles = {}
        for person_id in ids:
            viewer = viewer_for(r, person_id, office_code="VP-DU", admin_codes=("chuong.pg",))
            assert viewer is not None
            roles[viewer.role] = can_keep_records(viewer)
    assert roles == {Role.OFFICE: True, Role.ADMIN: True, Role.MANAGER: False, Role.MEMBER: False}


@pytest.mark.parametrize("who", [MANAGER, MEMBER])
def test_others_get_404_on_every_office_page_and_form(web: Web, who: str) -> None:
    client = web.sign_in(who)
    csrf = csrf_of(client.get("/").text)
    for path in GET_PAGES:
        answer = client.get(path)
        assert answer.status_code == 404, path
        assert "Không tìm thấy trang" in answer.text  # the reader's language, not JSON
    assert 'href="/meetings"' not in client.get("/").text  # no link in the navigation
    before = snapshot(web.engine)
    forms = {
        "/meetings/new": {"kind": "regular", "held_on": "15/07/2024", "title": "X", "unit": "unit:CB02"},
        "/meetings/1/edit": {"kind": "regular", "held_on": "15/07/2024", "title": "X", "unit": "unit:CB02"},
        "/documents/new": {"kind": "plan", "number": "9-KH", "issuing_body": "X", "issued_on": "15/07/2024", "title": "X"},
        "/documents/1/edit": {"kind": "plan", "number": "9-KH", "issuing_body": "X", "issued_on": "15/07/2024", "title": "X"},
        "/documents/1/tasks/new": {"rows": "1", "r0-ref": "99", "r0-title": "X", "r0-lead": "unit:CB02", "r0-due_kind": "standing"},
        "/tasks/7/office/edit": {"title": "X", "due_on": ""},
        "/tasks/7/office/lead": {"lead": "unit:CB03"},
        "/tasks/7/office/cancel": {"reason": "X"},
        "/tasks/7/office/restore": {"reason": "X"},
    }  # fmt: skip
    for path, data in forms.items():
        answer = client.post(path, data={"csrf": csrf, **data}, follow_redirects=False)
        assert answer.status_code == 404, path
    after = snapshot(web.engine)
    assert after == before, changed_tables(before, after)


def test_a_wrong_csrf_token_is_refused_before_anything(web: Web) -> None:
    client = web.sign_in(OFFICE)
    client.get("/")
    before = snapshot(web.engine)
    answer = client.post(
        "/documents/1/tasks/new",
        data={"csrf": "forged", "rows": "1", "r0-ref": "99", "r0-title": "X",
              "r0-lead": "unit:CB02", "r0-due_kind": "standing"},
    )  # fmt: skip
    assert answer.status_code == 403
    assert snapshot(web.engine) == before


def test_tasks_new_leads_to_choosing_a_document(web: Web) -> None:
    client = web.sign_in(OFFICE)
    page = client.get("/tasks/new")
    assert page.status_code == 200
    assert f'href="/documents/{_document_id(web)}/tasks/new"' in page.text
    assert 'href="/meetings"' in client.get("/").text
    english = web.sign_in("minh.hq")  # a member who reads English
    answer = english.get("/tasks/new")
    assert answer.status_code == 404 and "Not found" in answer.text
    assert "int_parsing" not in answer.text


def test_the_office_enters_a_meeting_then_a_document(web: Web) -> None:
    client = web.sign_in(OFFICE)
    form = client.get("/meetings/new")
    assert form.status_code == 200 and 'type="date"' not in form.text
    assert '<option value="Nguyễn Văn Bảy">' in form.text  # names offered, no code typed
    data = {
        "csrf": csrf_of(form.text),
        "kind": "review_conference",
        "held_on": "31/06/2024",  # no such day
        "title": "Hội nghị sơ kết 6 tháng đầu năm 2024",
        "location": "Hà Nội",
        "unit": "unit:DU-SHTT",
        "chair": "Lưu Hoàng Long",
        "attendees": ["person:bay.nv", "person:anh.lh"],
    }
    refused = client.post("/meetings/new", data=data)
    assert refused.status_code == 400
    assert 'id="held_on-error"' in refused.text
    assert 'value="31/06/2024"' in refused.text and "sơ kết 6 tháng" in refused.text
    assert 'value="person:anh.lh" selected' in refused.text
    made = client.post("/meetings/new", data=data | {"held_on": "10/07/2024"})
    assert made.status_code == 200 and "10/07/2024" in made.text
    with Session(web.engine) as session:
        meeting = session.exec(select(Meeting).where(Meeting.held_on == date(2024, 7, 10))).one()
        present = {
            session.get(Person, a.person_id).code: a.role  # type: ignore[union-attr]
            for a in session.exec(
                select(MeetingAttendee).where(MeetingAttendee.meeting_id == meeting.id)
            )
        }
    assert present == {
        "long.lh": AttendeeRole.CHAIR,
        "bay.nv": AttendeeRole.ATTENDEE,
        "anh.lh": AttendeeRole.ATTENDEE,
    }
    listing = client.get("/meetings").text
    assert listing.index("sơ kết 6 tháng") < listing.index("tổng kết công tác năm 2023")
    new_doc = client.get(f"/documents/new?meeting={meeting.id}")
    assert 'value="Đảng ủy Cục Sở hữu trí tuệ"' in new_doc.text
    doc = {
        "csrf": csrf_of(new_doc.text),
        "meeting": str(meeting.id),
        "kind": "resolution",
        "number": "01-NQ/ĐU",  # taken by the demo's resolution of the same issuer
        "issuing_body": "Đảng ủy Cục Sở hữu trí tuệ",
        "issued_on": "10/07/2024",
        "title": "Nghị quyết sơ kết 6 tháng",
    }
    taken = client.post("/documents/new", data=doc)
    assert taken.status_code == 400 and 'id="number-error"' in taken.text
    assert "Nghị quyết sơ kết 6 tháng" in taken.text
    saved = client.post("/documents/new", data=doc | {"number": "05-NQ/ĐU"})
    assert saved.status_code == 200 and "Đã lưu văn bản" in saved.text
    with Session(web.engine) as session:
        document = session.exec(select(Document).where(Document.number == "05-NQ/ĐU")).one()
        assert document.meeting_id == meeting.id
    edited = client.post(
        f"/meetings/{meeting.id}/edit",
        data=data | {"held_on": "11/07/2024", "csrf": csrf_of(saved.text), "chair": ""},
    )
    assert edited.status_code == 200
    with Session(web.engine) as session:
        again = session.get(Meeting, meeting.id)
        assert again is not None and again.held_on == date(2024, 7, 11)
        assert session.exec(select(Meeting).where(Meeting.title == again.title)).all() == [again]


def _rows(csrf: str, *rows: Mapping[str, object]) -> dict[str, object]:
    data: dict[str, object] = {"csrf": csrf, "rows": str(len(rows))}
    for i, row in enumerate(rows):
        data |= {f"r{i}-{k}": v for k, v in row.items()}
    return data


GOOD_ROWS: tuple[dict[str, object], ...] = (
    {"ref": "21", "title": "Rà soát quy chế làm việc", "lead": "Chi bộ Sáng chế",
     "co_owners": ["unit:CB03", "person:bay.nv"], "due_kind": "date", "due_on": "30/09/2024"},
    {"ref": "22", "title": "Báo cáo chuyên đề", "lead": "Lê Anh Tuấn",
     "due_kind": "relative", "due_in": "+10 ngày làm việc"},
    {"ref": "23", "title": "Tổng kết năm", "lead": "Văn phòng Đảng ủy Cục",
     "due_kind": "period", "due_period": "2024-Q4"},
    {"ref": "24", "title": "Theo dõi thường xuyên", "lead": "Chi bộ Nhãn hiệu", "due_kind": "standing"},
    {"ref": "", "title": "", "lead": "", "due_kind": "date", "due_on": ""},  # a spare row
)  # fmt: skip


def test_several_tasks_in_one_screen(web: Web) -> None:
    client = web.sign_in(OFFICE)
    document_id = _document_id(web)
    form = client.get(f"/documents/{document_id}/tasks/new")
    assert form.status_code == 200 and 'value="11"' in form.text  # after the demo's ten tasks
    assert 'type="date"' not in form.text
    added = client.post(
        f"/documents/{document_id}/tasks/new", data=_rows(csrf_of(form.text), *GOOD_ROWS)
    )
    assert added.status_code == 200 and "Đã giao 4 nhiệm vụ" in added.text
    tuan = web.person_id("tuan.la")
    with Session(web.engine) as session:
        made = {
            t.ref: t
            for t in session.exec(select(Task).where(Task.document_id == document_id))
            if t.ref.isdigit() and int(t.ref) > 20
        }
        assert set(made) == {"21", "22", "23", "24"}
        cb02 = session.exec(select(Unit).where(Unit.code == "CB02")).one()
        assert made["21"].lead_unit_id == cb02.id and made["21"].due_on == date(2024, 9, 30)
        helpers = session.exec(select(TaskCoOwner).where(TaskCoOwner.task_id == made["21"].id))
        assert len(list(helpers)) == 2
        assert made["22"].lead_person_id == tuan
        # 29/01/2024 + 10 working days, past the Tết holidays (08-14/02/2024).
        assert made["22"].due_on == date(2024, 2, 19)
        assert made["23"].due_on == date(2024, 12, 31)
        assert made["24"].due_on is None
        created = session.exec(select(TaskEvent).where(TaskEvent.task_id == made["21"].id)).all()
        assert [e.action for e in created] == [TaskAction.CREATED]
        assert created[0].actor == OFFICE


def test_one_bad_row_writes_nothing_and_every_problem_sits_beside_its_field(web: Web) -> None:
    client = web.sign_in(OFFICE)
    document_id = _document_id(web)
    csrf = csrf_of(client.get(f"/documents/{document_id}/tasks/new").text)
    bad = list(GOOD_ROWS)
    bad[1] = bad[1] | {"due_in": "+10 tuần"}  # not a deadline
    bad[2] = bad[2] | {"lead": "Chi bộ Không Có"}  # nobody of that name
    bad[3] = bad[3] | {"ref": "1"}  # the demo's task 1 has it
    before = snapshot(web.engine)
    answer = client.post(f"/documents/{document_id}/tasks/new", data=_rows(csrf, *bad))
    assert answer.status_code == 400
    assert snapshot(web.engine) == before, changed_tables(before, snapshot(web.engine))
    page = answer.text
    assert "Chưa ghi gì: 3 lỗi" in page
    for place in ('id="r1-due_in-error"', 'id="r2-lead-error"', 'id="r3-ref-error"'):
        assert place in page
    assert 'id="r0-' + "title-error" not in page  # the good rows carry no problem
    # Everything typed is still there, the good rows included.
    for kept in ("Rà soát quy chế làm việc", 'value="30/09/2024"', 'value="+10 tuần"',
                 'value="Chi bộ Không Có"', 'value="unit:CB03" selected',
                 'value="2024-Q4" selected', 'value="standing" selected'):  # fmt: skip
        assert kept in page, kept
    # Fixed, the same form goes through.
    bad[1], bad[2], bad[3] = GOOD_ROWS[1], GOOD_ROWS[2], GOOD_ROWS[3]
    fixed = client.post(f"/documents/{document_id}/tasks/new", data=_rows(csrf, *bad))
    assert "Đã giao 4 nhiệm vụ" in fixed.text


def test_a_deadline_before_the_document_and_twice_the_same_number(web: Web) -> None:
    client = web.sign_in(OFFICE)
    document_id = _document_id(web)
    csrf = csrf_of(client.get(f"/documents/{document_id}/tasks/new").text)
    rows = (
        GOOD_ROWS[0] | {"due_on": "01/01/2024"},
        GOOD_ROWS[3] | {"ref": "21"},
        {"ref": "30", "title": "Không ai chủ trì", "due_kind": "standing"},
    )
    answer = client.post(f"/documents/{document_id}/tasks/new", data=_rows(csrf, *rows))
    assert answer.status_code == 400
    page = answer.text
    assert 'id="r0-due_on-error"' in page and "trước ngày ban hành" in page
    assert 'id="r1-ref-error"' in page and "trùng với dòng 1" in page
    assert 'id="r2-lead-error"' in page
    empty = client.post(f"/documents/{document_id}/tasks/new", data=_rows(csrf, GOOD_ROWS[4]))
    assert empty.status_code == 400 and 'id="r0-title-error"' in empty.text


def test_add_a_row_keeps_what_was_typed_and_writes_nothing(web: Web) -> None:
    client = web.sign_in(OFFICE)
    document_id = _document_id(web)
    csrf = csrf_of(client.get(f"/documents/{document_id}/tasks/new").text)
    before = snapshot(web.engine)
    data = _rows(csrf, GOOD_ROWS[0], GOOD_ROWS[1]) | {"add_row": "1"}
    answer = client.post(f"/documents/{document_id}/tasks/new", data=data)
    assert answer.status_code == 200
    assert snapshot(web.engine) == before
    assert 'name="rows" value="3"' in answer.text and 'name="r2-ref" value="23"' in answer.text
    assert "Rà soát quy chế làm việc" in answer.text and 'value="+10 ngày làm việc"' in answer.text


def _history(web: Web, task_id: int) -> list[TaskEvent]:
    with Session(web.engine) as session:
        return list(session.exec(select(TaskEvent).where(TaskEvent.task_id == task_id)))


def test_the_office_edits_reassigns_cancels_and_restores_a_task(web: Web) -> None:
    client = web.sign_in(OFFICE)
    page = client.get("/tasks/7")
    assert 'id="form-office-edit"' in page.text
    csrf = csrf_of(page.text)
    before = len(_history(web, 7))
    bad = client.post(
        "/tasks/7/office/edit", data={"csrf": csrf, "title": "Mới", "due_on": "32/12/2024"}
    )
    assert bad.status_code == 400 and 'id="office-due_on-error"' in bad.text
    assert 'value="32/12/2024"' in bad.text and ">Mới</textarea>" in bad.text
    assert len(_history(web, 7)) == before
    edited = client.post(
        "/tasks/7/office/edit",
        data={"csrf": csrf, "title": "Tên mới", "due_on": "31/12/2024",
              "co_owners": ["unit:CB05"]},
    )  # fmt: skip
    assert edited.status_code == 200 and "Đã ghi nhận" in edited.text
    lead = client.post("/tasks/7/office/lead", data={"csrf": csrf, "lead": "Chi bộ Nhãn hiệu"})
    assert lead.status_code == 200
    no_reason = client.post("/tasks/7/office/cancel", data={"csrf": csrf, "reason": " "})
    assert no_reason.status_code == 400 and 'id="office-cancel-error"' in no_reason.text
    client.post("/tasks/7/office/cancel", data={"csrf": csrf, "reason": "Trùng nhiệm vụ 3"})
    restored = client.post("/tasks/7/office/restore", data={"csrf": csrf, "reason": "Hủy nhầm"})
    assert restored.status_code == 200
    with Session(web.engine) as session:
        task = session.get(Task, 7)
        assert task is not None and task.title == "Tên mới"
        assert task.due_on == task.original_due_on == date(2024, 12, 31)
        cb03 = session.exec(select(Unit).where(Unit.code == "CB03")).one()
        assert task.lead_unit_id == cb03.id and task.lead_person_id is None
        assert task.cancelled_on is None
    actions = [e.action for e in _history(web, 7)[before:]]
    assert actions == [
        TaskAction.UPDATED,  # title
        TaskAction.UPDATED,  # deadline
        TaskAction.OWNERS_CHANGED,
        TaskAction.UPDATED,  # lead
        TaskAction.CANCELLED,
        TaskAction.REOPENED,
    ]
    assert {e.actor for e in _history(web, 7)[before:]} == {OFFICE}


def test_a_mistyped_date_keeps_the_form_as_typed(web: Web) -> None:
    client = web.sign_in(MEMBER)  # leads task 7
    csrf = csrf_of(client.get("/tasks/7").text)
    before = snapshot(web.engine)
    extend = client.post(
        "/tasks/7/extend",
        data={"csrf": csrf, "new_due_on": "31/02/2025", "reason": "Chờ số liệu quý III"},
    )
    assert extend.status_code == 400
    assert 'id="error-extend"' in extend.text
    assert 'value="31/02/2025"' in extend.text and "Chờ số liệu quý III</textarea>" in extend.text
    done = client.post(
        "/tasks/7/done", data={"csrf": csrf, "done_on": "15/13/2024", "note": "Đã gửi báo cáo"}
    )
    assert done.status_code == 400 and 'id="error-done"' in done.text
    assert 'value="15/13/2024"' in done.text and "Đã gửi báo cáo</textarea>" in done.text
    assert snapshot(web.engine) == before


def test_a_large_directory_lists_the_managers_and_still_finds_anyone_by_name(
    web: Web, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(office_forms, "PEOPLE_LISTED", 5)  # the demo has 14 people
    client = web.sign_in(OFFICE)
    document_id = _document_id(web)
    form = client.get(f"/documents/{document_id}/tasks/new")
    assert '<option value="Đỗ Thị Mai">' in form.text  # manages CB02
    assert "Nguyễn Văn Bảy" not in form.text  # manages nothing: left out of the lists
    row = GOOD_ROWS[3] | {"lead": "Nguyễn Văn Bảy"}  # typed in full, all the same
    added = client.post(f"/documents/{document_id}/tasks/new", data=_rows(csrf_of(form.text), row))
    assert "Đã giao 1 nhiệm vụ" in added.text
    member = web.person_id(MEMBER)
    with Session(web.engine) as session:
        task = session.exec(select(Task).where(Task.ref == "24")).one()
        assert task.lead_person_id == member
    page = client.get(f"/tasks/{task.id}")  # the lead is shown by name, kept in the list
    assert 'value="Nguyễn Văn Bảy"' in page.text


def test_the_pick_list_searches_the_whole_directory_without_accents(web: Web) -> None:
    client = web.sign_in(OFFICE)
    found = client.get("/owners", params={"r0-lead": "sang che"})
    assert found.status_code == 200
    assert '<option value="Chi bộ Sáng chế">' in found.text
    people = client.get("/owners", params={"only": "person:", "chair": "nguyen van"})
    assert '<option value="Nguyễn Văn Bảy">' in people.text and "Chi bộ" not in people.text
    # Anyone signed in finds names as they type (the task filter's person field); names
    # only, never an address.
    member = web.sign_in(MEMBER).get("/owners", params={"q": "chi"})
    assert member.status_code == 200 and "<option" in member.text and "@" not in member.text
    assert "<option" not in web.client().get("/owners", params={"q": "chi"}).text  # sign in first
