"""An explanation answered with files, through the web, on both backends (the demo
committee on 15/07/2024; task 7 is overdue and led by bay.nv, under the secretary
long.lh): the answer and its files go together or not at all, with the evidence
store's checks; the files appear with the answer and in the history, and are served
by the one download route to those who see the task (404 to anyone else)."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlmodel import Session, col, select

from models.attachments import Attachment, TargetKind
from models.explanations import ExplanationRequest
from tests import files
from tests.snapshot import snapshot
from tests.web.conftest import Web, csrf_of

LEAD, SECRETARY, OFFICE, OTHER_MANAGER = "bay.nv", "long.lh", "trang.nt", "mai.dt"
LATE = 7
PAGE = f"/tasks/{LATE}"


def _asked(web: Web) -> int:
    secretary = web.sign_in(SECRETARY)
    csrf = csrf_of(secretary.get(PAGE).text)
    sent = secretary.post(f"/explain/tasks/{LATE}", data={"csrf": csrf, "due_on": "22/07/2024"})
    assert sent.status_code == 200, sent.text
    with Session(web.engine) as session:
        (asked,) = session.exec(select(ExplanationRequest)).all()
        assert asked.id is not None
        return asked.id


def _answer(
    client: TestClient, request_id: int, text: str, sent: list[tuple[str, bytes]]
) -> tuple[int, str]:
    csrf = csrf_of(client.get(PAGE).text)
    answer = client.post(
        f"/explain/{request_id}/answer",
        data={"csrf": csrf, "answer": text},
        files=[("files", (name, data, "application/octet-stream")) for name, data in sent],
    )
    return answer.status_code, answer.text


def _kept(web: Web) -> list[Attachment]:
    with Session(web.engine) as session:
        return list(session.exec(select(Attachment).order_by(col(Attachment.id))))


def test_the_answer_carries_files_shown_with_it_and_in_the_history(web: Web) -> None:
    request_id = _asked(web)
    lead = web.sign_in(LEAD)
    assert 'enctype="multipart/form-data"' in lead.get(PAGE).text.split('id="form-answer"')[1][:200]
    sent = [("Báo cáo giải trình.pdf", files.PDF), ("Bảng số liệu.xlsx", files.xlsx())]
    status, page = _answer(lead, request_id, "Chờ số liệu của Ban Tổ chức", sent)
    assert status == 200, page
    kept = _kept(web)
    assert [(a.name, a.target_kind, a.target_id, a.task_id) for a in kept] == [
        ("Báo cáo giải trình.pdf", TargetKind.EXPLANATION, request_id, LATE),
        ("Bảng số liệu.xlsx", TargetKind.EXPLANATION, request_id, LATE),
    ]
    panel = page.split('id="explanations"', 1)[1].split("</section>", 1)[0]
    history = page.split('id="history"', 1)[1].split("</ol>", 1)[0]
    for a in kept:
        assert f'href="/files/{a.id}"' in panel and f'href="/files/{a.id}"' in history
    answered = history.split("Đã giải trình", 1)[1].split("</ul>", 1)[0]
    assert "Chờ số liệu của Ban Tổ chức" in answered and "Bảng số liệu.xlsx" in answered
    assert "Kèm giải trình" in page.split('id="files"', 1)[1]  # the task's list of files
    for code in (LEAD, SECRETARY, OFFICE):
        got = web.sign_in(code).get(f"/files/{kept[0].id}")
        assert got.status_code == 200 and got.content == files.PDF, code
        assert got.headers["content-disposition"].startswith("attachment;")
    assert web.sign_in(OTHER_MANAGER).get(f"/files/{kept[0].id}").status_code == 404


def test_a_refused_file_refuses_the_answer_and_keeps_what_was_typed(web: Web) -> None:
    request_id = _asked(web)
    lead = web.sign_in(LEAD)
    before = snapshot(web.engine)
    sent = [("ok.pdf", files.PDF), ("giai-trinh.pdf", files.plain_zip())]
    status, page = _answer(lead, request_id, "Lý do chậm", sent)
    assert status == 400 and "giai-trinh.pdf" in page and "không nhận" in page
    assert ">Lý do chậm</textarea>" in page  # sent back as typed
    many = [(f"{n}.pdf", files.PDF) for n in range(6)]
    status, page = _answer(lead, request_id, "Lý do chậm", many)
    assert status == 400 and "Tối đa 5 tệp" in page
    status, page = _answer(lead, request_id, "  ", [("ok.pdf", files.PDF)])
    assert status == 400 and "Cần ghi nội dung giải trình" in page  # files need words
    assert snapshot(web.engine) == before  # neither the answer nor any file
    assert _answer(lead, request_id, "Lý do chậm", [])[0] == 200  # text alone still does
    assert _kept(web) == []
