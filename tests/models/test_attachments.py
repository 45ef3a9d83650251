"""The file store on both backends: round trip, one copy per content, the size limit,
types judged by the bytes (never the name or the browser), where a report's files go."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import Session, func, select

from models.attachments import (
    Attachment,
    StoredFile,
    Target,
    TargetKind,
    attach,
    clean_name,
    files_of,
    files_of_task,
    max_bytes,
    read,
    report_target,
    target_of,
)
from models.duties import Cadence, DueRule, DutyInstance, DutyKind
from models.errors import TrackerError
from models.file_types import identify
from models.lifecycle import create_task, update_progress
from models.org import Person
from models.requests import report_completion, set_confirm_completion
from models.settings import Settings, SettingsError
from models.tasks import Task
from tests import files
from tests.builders import add_document, add_person, make_org


def _task(session: Session) -> tuple[Task, Person]:
    org = make_org(session)
    member = add_person(session, "member", org.branch1)
    document = add_document(session)
    task = create_task(
        session,
        document=document,
        ref="1",
        title="Báo cáo",
        lead=member,
        actor="clerk",
        due_on=date(2024, 6, 30),
    )
    return task, member


def test_a_file_comes_back_as_it_went_and_each_content_is_kept_once(session: Session) -> None:
    task, member = _task(session)
    first = attach(session, target_of(task), "Biên bản.pdf", files.PDF, member)
    again = attach(session, target_of(task), "copy.pdf", files.PDF, member)
    session.commit()
    assert read(session, first) == files.PDF == read(session, again)
    assert (first.content_type, first.size, first.task_id) == (
        "application/pdf",
        len(files.PDF),
        task.id,
    )
    assert [a.name for a in files_of(session, target_of(task))] == ["Biên bản.pdf", "copy.pdf"]
    assert session.exec(select(func.count()).select_from(StoredFile)).one() == 1
    assert first.sha256 == again.sha256 and len(first.sha256) == 64  # content-addressed


@pytest.mark.parametrize(
    ("name", "make", "kind"),
    [
        ("minutes.docx", files.docx, "docx"),
        ("list.xlsx", files.xlsx, "xlsx"),
        ("scan.png", lambda: files.PNG, "png"),
        ("scan.JPG", lambda: b"\xff\xd8\xff\xe0" + b"\0" * 20, "jpeg"),
    ],
)
def test_office_files_and_images_are_known_by_their_bytes(name: str, make, kind: str) -> None:  # type: ignore[no-untyped-def]
    assert identify(name, make()).code == kind


@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        ("report.pdf", files.plain_zip(), "file_type"),  # a .pdf that is a zip
        ("report.pdf", files.docx(), "file_type_mismatch"),  # a .pdf that is a Word file
        ("report.pdf", files.PNG, "file_type_mismatch"),
        ("report.pdf", b"<html><script>alert(1)</script>", "file_type"),
        ("minutes.docx", files.plain_zip(), "file_type"),  # a zip without Word's parts
        ("minutes.docx", files.bomb_docx(), "file_type"),  # past the zip bounds
        ("minutes.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "file_legacy_office"),
        ("list.xlsx", files.plain_zip(**{"[Content_Types].xml": b"x"}), "file_type"),
        ("program.exe", b"MZ\x90\x00", "file_type"),
        ("noextension", files.PDF, "file_type_mismatch"),
    ],
)
def test_what_the_bytes_are_not_is_refused_whatever_the_name(
    name: str, data: bytes, code: str
) -> None:
    with pytest.raises(TrackerError) as refused:
        identify(name, data)
    assert refused.value.code == code and refused.value.field == "file"


def test_a_macro_workbook_is_refused_as_such() -> None:
    data = files.plain_zip(
        **{"[Content_Types].xml": b"application/vnd.ms-excel.sheet.macroEnabled.main+xml"}
    )
    with pytest.raises(TrackerError) as refused:
        identify("list.xlsx", data)
    assert refused.value.code == "file_macro"


def test_the_size_limit_refuses_one_byte_more_and_nothing_is_kept(session: Session) -> None:
    task, member = _task(session)
    padded = files.PDF + b"\0" * (100 - len(files.PDF))
    attach(session, target_of(task), "ok.pdf", padded, member, limit=100)
    with pytest.raises(TrackerError) as refused:
        attach(session, target_of(task), "big.pdf", padded + b"\0", member, limit=100)
    assert refused.value.code == "file_too_big" and "big.pdf" in refused.value.render("vi")
    with pytest.raises(TrackerError) as empty:
        attach(session, target_of(task), "empty.pdf", b"", member)
    assert empty.value.code == "file_empty"
    assert [a.name for a in files_of_task(session, task.id or 0)] == ["ok.pdf"]


def test_the_limit_is_a_setting_of_ten_megabytes_by_default() -> None:
    assert Settings.from_environment({}).file_max_mb == 10
    assert max_bytes(Settings.from_environment({"DONDOC_FILE_MAX_MB": "3"})) == 3 * 1024 * 1024
    with pytest.raises(SettingsError):
        Settings.from_environment({"DONDOC_FILE_MAX_MB": "0"})


def test_the_name_shown_is_a_label_without_folders_or_control_characters() -> None:
    assert clean_name("C:\\Users\\x\\..\\Biên bản.pdf") == "Biên bản.pdf"
    assert clean_name("../../etc/pa\x00ss\u202e.pdf") == "pass.pdf"
    long = clean_name("a" * 300 + ".pdf")
    assert len(long) == 200 and long.endswith(".pdf")


def test_a_reports_files_go_on_its_request_or_its_history_event(session: Session) -> None:
    task, member = _task(session)
    update_progress(session, task, 40, "member", "nửa chừng")
    on_event = report_target(session, task, None)
    assert on_event.kind is TargetKind.EVENT
    set_confirm_completion(session, make_org_root(session), True)
    waiting = report_completion(
        session, task, member, date(2024, 6, 1), "xong", today=date(2024, 6, 2)
    )
    assert waiting is not None
    assert report_target(session, task, waiting) == Target(TargetKind.REQUEST, waiting.id or 0)
    made = attach(session, report_target(session, task, waiting), "kq.pdf", files.PDF, member)
    assert made.task_id == task.id  # readable by whoever sees the task


def make_org_root(session: Session):  # type: ignore[no-untyped-def]
    from models.org import Unit

    return session.exec(select(Unit).where(Unit.code == "DU")).one()


def test_a_duty_submissions_files_are_scoped_to_the_owing_unit(session: Session) -> None:
    from models.duties import Duty, DutySubmission

    org = make_org(session)
    duty = Duty(
        code="BC",
        title="Báo cáo quý",
        kind=DutyKind.REPORT,
        cadence=Cadence.QUARTERLY,
        due_rule=DueRule.DAYS_AFTER_PERIOD_END,
        starts_on=date(2024, 1, 1),
    )
    session.add(duty)
    session.flush()
    instance = DutyInstance(
        duty_id=duty.id or 0,
        unit_id=org.branch1.id or 0,
        period_key="2024-Q1",
        period_start=date(2024, 1, 1),
        period_end=date(2024, 3, 31),
        due_on=date(2024, 4, 5),
    )
    session.add(instance)
    session.flush()
    submission = DutySubmission(instance_id=instance.id or 0, submitted_on=date(2024, 4, 1))
    session.add(submission)
    session.flush()
    made = attach(session, target_of(submission), "bb.pdf", files.PDF, org.secretary)
    assert (made.task_id, made.unit_id) == (None, org.branch1.id)
    assert session.get(Attachment, made.id) is not None


def test_a_damaged_file_is_never_served(session: Session) -> None:
    task, member = _task(session)
    made = attach(session, target_of(task), "a.pdf", files.PDF, member)
    stored = session.get(StoredFile, made.sha256)
    assert stored is not None
    stored.data = files.PDF + b"tampered"
    session.add(stored)
    session.flush()
    with pytest.raises(TrackerError) as damaged:
        read(session, made)
    assert damaged.value.code == "file_damaged"
