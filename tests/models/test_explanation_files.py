"""An explanation's answer carries files through the evidence store, on both backends:
the same checks as a report's files, the answer and its files together or not at all,
the files named in the history and the explanation rows; and migration 0017, which lets
an attachment name an explanation, upgrades and downgrades with data in place."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa
from alembic import command
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from models.attachments import Attachment, TargetKind, read
from models.errors import TrackerError
from models.explanations import (
    ExplanationRequest,
    answer_explanation,
    explanation_rows,
    request_explanation,
)
from models.lifecycle import create_task
from models.migrate import alembic_config, current_revision, upgrade
from models.org import Person
from models.schema_version import HEAD_REVISION
from models.tasks import Task
from models.timeline import timeline
from tests import files
from tests.builders import add_document, add_person, make_org, reader

ASKED, ANSWERED = date(2024, 3, 20), date(2024, 3, 22)


def _asked(session: Session) -> tuple[ExplanationRequest, Person]:
    org = make_org(session)
    lead = add_person(session, "lead", org.branch1)
    task = create_task(
        session,
        document=add_document(session, issued_on=date(2024, 1, 29)),
        ref="1",
        title="Báo cáo quý I",
        lead=lead,
        due_on=date(2024, 3, 15),
        actor="t",
    )
    asked = request_explanation(session, task, org.secretary, date(2024, 3, 27), None, ASKED)
    session.commit()
    return asked, lead


def test_the_answer_keeps_its_files_in_the_evidence_store(session: Session) -> None:
    asked, lead = _asked(session)
    sent = [("Giải trình.pdf", files.PDF), ("Ảnh biên bản.png", files.PNG)]
    kept = answer_explanation(session, asked, lead, "Thiếu số liệu", ANSWERED, files=sent)
    session.commit()
    assert [(a.name, a.target_kind, a.target_id, a.task_id) for a in kept] == [
        ("Giải trình.pdf", TargetKind.EXPLANATION, asked.id, asked.task_id),
        ("Ảnh biên bản.png", TargetKind.EXPLANATION, asked.id, asked.task_id),
    ]
    assert read(session, kept[0]) == files.PDF
    (row,) = explanation_rows(reader(session), answered_from=ANSWERED, until=ANSWERED)
    assert row.files == ("Giải trình.pdf", "Ảnh biên bản.png")
    (waiting_row,) = explanation_rows(reader(session), asked_from=ASKED, until=ASKED)
    assert waiting_row.files == row.files
    task = session.get(Task, asked.task_id)
    assert task is not None
    entries = timeline(session, task, "vi")
    (answered,) = [e for e in entries if e.text == "Đã giải trình"]
    assert answered.note == "Thiếu số liệu"
    assert [name for _, name in answered.files] == ["Giải trình.pdf", "Ảnh biên bản.png"]
    assert [i for i, _ in answered.files] == [a.id for a in kept]
    assert all(not e.files for e in entries if e is not answered)


@pytest.mark.parametrize(
    ("name", "data", "error"),
    [
        ("giai-trinh.pdf", files.plain_zip(), "file_type"),
        ("rong.pdf", b"", "file_empty"),
        ("lon.pdf", files.PDF + b"\0" * 2048, "file_too_big"),
    ],
)
def test_a_refused_file_refuses_the_answer(
    session: Session, name: str, data: bytes, error: str
) -> None:
    asked, lead = _asked(session)
    sent = [("ok.pdf", files.PDF), (name, data)]
    with pytest.raises(TrackerError) as refused:
        answer_explanation(session, asked, lead, "Lý do", ANSWERED, files=sent, limit=1024)
    assert refused.value.code == error and refused.value.params["name"] == name
    session.rollback()
    again = session.get(ExplanationRequest, asked.id)
    assert again is not None and again.answered_at is None and again.answer is None
    assert session.exec(select(Attachment)).all() == []


def test_migration_0017_lets_an_attachment_name_an_explanation_and_goes_back(
    engine: Engine,
) -> None:
    with Session(engine) as session:
        asked, lead = _asked(session)
        answer_explanation(session, asked, lead, "Có tệp", ANSWERED, files=[("a.pdf", files.PDF)])
        task_file = Attachment(
            target_kind=TargetKind.TASK,
            target_id=asked.task_id,
            task_id=asked.task_id,
            name="b.pdf",
            content_type="application/pdf",
            size=len(files.PDF),
            sha256=session.exec(select(Attachment.sha256)).one(),
            uploaded_by_id=lead.id or 0,
        )
        session.add(task_file)
        session.commit()
    with engine.begin() as connection:
        command.downgrade(alembic_config(connection), "0016")
    with engine.connect() as connection:
        kinds = [
            tuple(r)
            for r in connection.execute(sa.text("SELECT target_kind, name FROM attachment"))
        ]
    assert kinds == [("task", "b.pdf")]  # the explanation's file label went with 0017
    with pytest.raises(sa.exc.IntegrityError), engine.begin() as connection:
        connection.execute(
            sa.text("UPDATE attachment SET target_kind = 'explanation' WHERE name = 'b.pdf'")
        )
    upgrade(engine)
    assert current_revision(engine) == HEAD_REVISION
    with engine.begin() as connection:
        connection.execute(
            sa.text("UPDATE attachment SET target_kind = 'explanation' WHERE name = 'b.pdf'")
        )
        assert connection.execute(sa.text("SELECT count(*) FROM attachment")).scalar() == 1
    with pytest.raises(sa.exc.IntegrityError), engine.begin() as connection:
        connection.execute(sa.text("UPDATE attachment SET target_kind = 'elsewhere'"))
