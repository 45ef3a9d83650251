"""Minutes import: located errors, all or nothing, re-import without duplicates."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlmodel import Session, func, select

from documents.minutes import import_minutes
from documents.problems import ImportFailed
from models.calendar import WorkCalendar
from models.history import TaskEvent
from models.meetings import Document, Meeting, MeetingAttendee
from models.org import ContactTarget, Person, Unit
from models.tasks import Task, TaskCoOwner
from tests.snapshot import snapshot

CAL = WorkCalendar()

BASE = """\
roll_deadlines: true
units:
  - {code: DU, name: Đảng ủy Cục, kind: committee, manager: long}
  - {code: CB1, name: Chi bộ 1, kind: sub_branch, parent: DU}
  - {code: CB2, name: Chi bộ 2, kind: sub_branch, parent: DU}
people:
  - {code: long, name: Lưu Hoàng Long, unit: DU, role: secretary, email: long@example.vn}
  - {code: mai, name: Đỗ Thị Mai, unit: CB1, language: en, chat: {telegram: "42"}}
meeting:
  unit: DU
  date: 2024-01-29
  kind: review_conference
  title: Hội nghị tổng kết 2023
  attendees: [{person: long, role: chair}, mai]
documents:
  - kind: resolution
    number: 01-NQ/ĐU
    issued_on: 2024-02-05
    title: Nghị quyết năm 2024
    tasks:
      - ref: "1"
        title: Xử lý đơn
        lead: CB1
        co_owners: [CB2, long]
        deadline: 31/03/2024
      - ref: "2"
        title: Cải cách hành chính
        lead: mai
        deadline: +5 working days
"""


@pytest.fixture
def loaded(engine: sa.Engine, tmp_path: Path) -> sa.Engine:
    """A database holding BASE, for tests that check a bad file changes nothing."""
    path = tmp_path / "base.yaml"
    path.write_text(BASE, encoding="utf-8")
    with Session(engine) as session:
        import_minutes(session, path, "test", CAL)
        session.commit()
    return engine


def _import(engine: sa.Engine, tmp_path: Path, text: str, name: str = "minutes.yaml") -> object:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with Session(engine) as session:
        try:
            counts = import_minutes(session, path, "test", CAL)
            session.commit()
            return counts
        except ImportFailed:
            session.rollback()
            raise


def test_minutes_create_everything(loaded: sa.Engine) -> None:
    with Session(loaded) as session:
        count = {
            m.__name__: session.exec(select(func.count()).select_from(m)).one()
            for m in (
                Unit,
                Person,
                ContactTarget,
                Meeting,
                MeetingAttendee,
                Document,
                Task,
                TaskCoOwner,
            )
        }
        tasks = {t.ref: t for t in session.exec(select(Task))}
        du = session.exec(select(Unit).where(Unit.code == "DU")).one()
        long = session.exec(select(Person).where(Person.code == "long")).one()
    assert count == {
        "Unit": 3,
        "Person": 2,
        "ContactTarget": 2,
        "Meeting": 1,
        "MeetingAttendee": 2,
        "Document": 1,
        "Task": 2,
        "TaskCoOwner": 2,
    }
    assert du.manager_id == long.id
    assert tasks["1"].due_on == date(2024, 4, 1)  # Sunday 31 March rolled to Monday
    assert tasks["2"].due_on == date(2024, 2, 19)  # five working days past Tết


def test_reimport_updates_and_never_duplicates(loaded: sa.Engine, tmp_path: Path) -> None:
    before = snapshot(loaded)
    assert _import(loaded, tmp_path, BASE) == {}
    assert snapshot(loaded) == before  # identical file: not a single row touched
    changed = BASE.replace("title: Xử lý đơn", "title: Xử lý đơn SHCN")
    assert _import(loaded, tmp_path, changed) == {"tasks.updated": 1}
    with Session(loaded) as session:
        assert session.exec(select(func.count()).select_from(Task)).one() == 2
        events = session.exec(select(TaskEvent).where(TaskEvent.action == "updated")).all()
        assert [e.changes for e in events] == [{"title": ["Xử lý đơn", "Xử lý đơn SHCN"]}]


BAD_INPUTS = [
    # (case, replace this, with this, expected message fragment with line and field)
    (
        "unknown owner",
        "lead: CB1",
        "lead: CB9",
        "dòng 23, trường «lead»: Không tìm thấy đơn vị hoặc người «CB9».",
    ),
    (
        "unknown unit",
        "{code: CB2, name: Chi bộ 2, kind: sub_branch, parent: DU}",
        "{code: CB2, name: Chi bộ 2, kind: sub_branch, parent: XX}",
        "dòng 5, trường «parent»: Không tìm thấy đơn vị «XX».",
    ),
    (
        "impossible date",
        "deadline: 31/03/2024",
        "deadline: 31/02/2024",
        "dòng 25, trường «deadline»: «31/02/2024»: ngày không tồn tại",
    ),
    (
        "ambiguous date",
        "deadline: 31/03/2024",
        "deadline: 31/03/24",
        "dòng 25, trường «deadline»: «31/03/24»: ngày không rõ ràng",
    ),
    (
        "deadline before issue date",
        "deadline: 31/03/2024",
        "deadline: 2024-01-31",
        "dòng 25, trường «deadline»: Thời hạn 31/01/2024 trước ngày ban hành văn bản 05/02/2024.",
    ),
    (
        "missing lead owner",
        "        lead: mai\n",
        "",
        "dòng 26, trường «lead»: nhiệm vụ phải có đúng một đơn vị hoặc người chủ trì",
    ),
    (
        "unknown key",
        "        lead: mai\n",
        "        lead: mai\n        owner: mai\n",
        "dòng 29, trường «owner»: khóa không nhận ra",
    ),
    (
        "syntax error",
        "  - kind: resolution",
        "  - kind: [resolution",
        "dòng 17, trường «(file)»: lỗi cú pháp",
    ),
]


@pytest.mark.parametrize(
    ("old", "new", "message"), [c[1:] for c in BAD_INPUTS], ids=[c[0] for c in BAD_INPUTS]
)
def test_bad_minutes_name_the_place_and_write_nothing(
    loaded: sa.Engine, tmp_path: Path, old: str, new: str, message: str
) -> None:
    # Each bad file also carries a valid new task, which must not be written either.
    extra = '      - {ref: "9", title: Mới, lead: CB2, deadline: 2024-06-30}\n'
    text = BASE.replace(old, new) + extra
    assert text != BASE + extra
    before = snapshot(loaded)
    with pytest.raises(ImportFailed) as failed:
        _import(loaded, tmp_path, text)
    rendered = failed.value.render("vi")
    assert f"minutes.yaml, {message}" in rendered
    assert snapshot(loaded) == before


def test_duplicate_document_number_is_refused(loaded: sa.Engine, tmp_path: Path) -> None:
    twice = (
        BASE
        + """\
  - kind: directive
    number: 01-NQ/ĐU
    issued_on: 2024-03-01
    title: Trùng số
"""
    )
    before = snapshot(loaded)
    with pytest.raises(ImportFailed) as failed:
        _import(loaded, tmp_path, twice)
    assert (
        "line 31, field «number»: document «01-NQ/ĐU» of «Đảng ủy Cục» already appears at line 16"
        in failed.value.render("en")
    )
    assert snapshot(loaded) == before


def test_every_problem_is_reported_at_once(engine: sa.Engine, tmp_path: Path) -> None:
    text = BASE.replace("lead: CB1", "lead: CB9").replace(
        "deadline: 31/03/2024", "deadline: 30/02/2024"
    )
    with pytest.raises(ImportFailed) as failed:
        _import(engine, tmp_path, text)
    problems = failed.value.problems
    assert [(p.field, p.key) for p in problems] == [("lead", "domain"), ("deadline", "date")]
    assert problems[0].params["error"].code == "not_found"
    assert snapshot(engine)["task"] == []
