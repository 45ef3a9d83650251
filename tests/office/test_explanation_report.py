"""The periodic report lists the explanation requests asked within its window, with the
answer as it stood on the report's day (both backends)."""

from __future__ import annotations

import io
from datetime import date

import sqlalchemy as sa
from docx import Document
from sqlmodel import Session, select

from documents.period_report import draft_period_report
from models.explanations import answer_explanation, request_explanation
from models.org import Person
from models.period_statistics import PeriodFigures, period_figures
from models.tasks import Task
from tests import files
from tests.builders import reader
from tests.web.conftest import load_demo

ASKED, ANSWERED = date(2024, 6, 3), date(2024, 6, 10)  # within 2024-Q2's window (to 14/06)


def _ask_and_answer(session: Session) -> None:
    people = {p.code: p for p in session.exec(select(Person))}
    task = session.get(Task, 7)  # bay.nv's, due 31/05/2024
    assert task is not None
    asked = request_explanation(
        session, task, people["long.lh"], date(2024, 6, 7), "Báo cáo lý do", ASKED
    )
    answer_explanation(session, asked, people["bay.nv"], "Chờ kinh phí bồi dưỡng", ANSWERED)
    session.commit()


def test_the_report_lists_explanations_with_their_answers(engine: sa.Engine) -> None:
    load_demo(engine)
    with Session(engine) as session:
        _ask_and_answer(session)
        before = period_figures(reader(session), "2024-Q2", date(2024, 6, 5))
        (early,) = before.explanations
        assert early.answered_on == "" and early.answer == ""  # not answered by then
        drafted = draft_period_report(session, "2024-Q2", "vi", date(2024, 7, 15))
        (given,) = drafted.draft.figures.explanations
        assert (given.task_id, given.reason, given.answered_on) == (7, "overdue", "2024-06-10")
        assert period_figures(reader(session), "2024-Q3", date(2024, 9, 30)).explanations == []
    document = Document(io.BytesIO(drafted.docx))
    texts = [p.text for p in document.paragraphs]
    assert "Yêu cầu giải trình trong kỳ (1):" in texts
    (table,) = [t for t in document.tables if t.rows[0].cells[-1].text == "Giải trình"]
    row = [cell.text for cell in table.rows[1].cells]
    assert row[2] == "Nguyễn Văn Bảy"
    assert row[3] == "03/06/2024, Lưu Hoàng Long (nhiệm vụ quá hạn)"
    assert row[4:] == ["07/06/2024", "10/06/2024: Chờ kinh phí bồi dưỡng"]


def test_the_report_names_the_files_sent_with_an_answer(engine: sa.Engine) -> None:
    load_demo(engine)
    with Session(engine) as session:
        people = {p.code: p for p in session.exec(select(Person))}
        task = session.get(Task, 7)
        assert task is not None
        asked = request_explanation(session, task, people["long.lh"], date(2024, 6, 7), None, ASKED)
        sent = [("Giải trình.pdf", files.PDF), ("Số liệu.xlsx", files.xlsx())]
        answer_explanation(session, asked, people["bay.nv"], "Xem tệp", ANSWERED, files=sent)
        session.commit()
        early = period_figures(reader(session), "2024-Q2", date(2024, 6, 5)).explanations
        assert early[0].files == []  # not answered by then: no files either
        drafted = draft_period_report(session, "2024-Q2", "vi", date(2024, 7, 15))
    (given,) = drafted.draft.figures.explanations
    assert given.files == ["Giải trình.pdf", "Số liệu.xlsx"]
    frozen = drafted.draft.figures.to_json()
    del frozen["explanations"][0]["files"]  # frozen before answers carried files
    assert PeriodFigures.from_json(frozen).explanations[0].files == []
    document = Document(io.BytesIO(drafted.docx))
    (table,) = [t for t in document.tables if t.rows[0].cells[-1].text == "Giải trình"]
    assert table.rows[1].cells[-1].text == (
        "10/06/2024: Xem tệp (tệp kèm theo: Giải trình.pdf; Số liệu.xlsx)"
    )
