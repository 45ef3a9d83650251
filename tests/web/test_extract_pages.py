"""Resolution text to tasks in the browser: the text beside the proposals with each
source marked; a corrected owner, a rejected proposal, a commit through the minutes
import (tasks and history there, numbered after the document's tasks on record);
a missing owner keeps the form; refusals (not a document, foreign or spent ids)."""

from __future__ import annotations

import re
from pathlib import Path

from sqlmodel import Session, col, select

from models.history import TaskEvent
from models.meetings import Document
from models.tasks import Task
from tests.web.conftest import Web, csrf_of

CORPUS = Path(__file__).resolve().parents[1] / "documents" / "corpus" / "files"
RESOLUTION = CORPUS / "01_nq_du_shtt_2024.docx"
_COMMIT = re.compile(r'action="/extract/([A-Za-z0-9_-]+)/commit"')
_FIELD = re.compile(
    r'<(?:input|textarea|select)[^>]*name="([^"]+)"[^>]*?(?:value="([^"]*)")?[^>]*>(?:([^<]*)</textarea>)?'
)


def _upload(client, data: bytes, name: str = "01-NQ-DU.docx"):  # type: ignore[no-untyped-def]
    page = client.get("/extract")
    return client.post(
        "/extract",
        data={"csrf": csrf_of(page.text)},
        files={"file": (name, data, "application/octet-stream")},
    )


def _form(html: str) -> dict[str, object]:
    """What the browser would send back unchanged: every field with its shown value."""
    data: dict[str, object] = {}
    for match in re.finditer(r'<input[^>]*name="([^"]+)"[^>]*>', html):
        tag = match[0]
        name = match[1]
        if 'type="file"' in tag:
            continue
        if 'type="checkbox"' in tag:
            if "checked" in tag:
                data[name] = "1"
            continue
        value = re.search(r'value="([^"]*)"', tag)
        data[name] = _unescape(value[1]) if value else ""
    for match in re.finditer(r'<textarea[^>]*name="([^"]+)"[^>]*>([^<]*)</textarea>', html):
        data[match[1]] = _unescape(match[2])
    for match in re.finditer(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', html, re.S):
        chosen = re.findall(r'<option value="([^"]*)" selected', match[2])
        if chosen:
            data[match[1]] = chosen if "multiple" in match[0] else chosen[0]
    return data


def _unescape(text: str) -> str:
    import html

    return html.unescape(text)


def test_the_text_is_shown_with_each_proposal_marked(web: Web) -> None:
    office = web.sign_in("trang.nt")
    answer = _upload(office, RESOLUTION.read_bytes())
    assert answer.status_code == 200, answer.text[-2000:]
    html = answer.text
    proposals = len(re.findall(r'<fieldset class="card proposal', html))
    assert proposals >= 8
    marks = re.findall(r'<mark id="src-(\d+)">', html)
    assert len(marks) >= proposals - 2  # two tasks may share one sentence
    assert 'id="extract-existing"' in html  # the demo has 01-NQ/ĐU already
    assert "Các chi bộ trực thuộc" in html and 'id="unmatched-' in html


def test_correct_an_owner_reject_one_and_commit(web: Web) -> None:
    office = web.sign_in("trang.nt")
    review = _upload(office, RESOLUTION.read_bytes()).text
    upload_id = _COMMIT.search(review)[1]  # type: ignore[index]
    form = _form(review)
    assert form["doc-number"] == "01-NQ/ĐU" and form["doc-issued_on"] == "29/01/2024"
    with Session(web.engine) as session:
        document = session.exec(select(Document).where(Document.number == "01-NQ/ĐU")).one()
        before = session.exec(select(Task).where(Task.document_id == document.id)).all()
        last_ref = max(int(t.ref) for t in before)
    # Proposal 1's lead corrected from VP-DU to CB01 (and no co-owner), proposal 2 rejected.
    form["lead-1"] = "CB01"
    form["co-1"] = []
    del form["keep-2"]
    kept = [n for n in range(1, 40) if form.get(f"keep-{n}") == "1"]
    for n in kept:  # an unmatched collective lead that is no duty: the office picks CB02
        if not form.get(f"lead-{n}") and f'id="unmatched-{n}"' in review:
            form[f"lead-{n}"] = "CB02"
    done = office.post(f"/extract/{upload_id}/commit", data=form)
    assert done.status_code == 200, re.findall(r'role="alert"[^>]*>(.*?)</', done.text, re.S)
    assert 'id="extract-done"' in done.text
    with Session(web.engine) as session:
        after = session.exec(
            select(Task).where(Task.document_id == document.id).order_by(col(Task.id))
        ).all()
        new = [t for t in after if t.id not in {b.id for b in before}]
        assert new and new[0].ref == str(last_ref + 1)  # numbered after those on record
        assert new[0].lead_unit_id is not None
        first_lead = session.exec(select(Task).where(Task.id == new[0].id)).one()
        from models.org import Unit

        assert session.get(Unit, first_lead.lead_unit_id).code == "CB01"  # type: ignore[union-attr]
        titles = [t.title for t in new]
        assert form["title-2"] not in titles  # the rejected proposal
        events = session.exec(select(TaskEvent).where(TaskEvent.task_id == new[0].id)).all()
        assert events  # its creation is in its history
        unchanged = {(b.id, b.title) for b in before}
        assert unchanged <= {(t.id, t.title) for t in after}  # none on record overwritten
    assert office.post(f"/extract/{upload_id}/commit", data=form).status_code == 404


def test_a_missing_owner_keeps_the_form(web: Web) -> None:
    office = web.sign_in("trang.nt")
    review = _upload(office, RESOLUTION.read_bytes()).text
    upload_id = _COMMIT.search(review)[1]  # type: ignore[index]
    form = _form(review)
    form["lead-1"] = ""
    form["title-3"] = "Tên đã sửa của nhiệm vụ 3"
    form["deadline-4"] = "31/02/2024"
    answer = office.post(f"/extract/{upload_id}/commit", data=form)
    assert answer.status_code == 400
    assert 'id="error-1"' in answer.text and 'id="error-4"' in answer.text
    assert "Tên đã sửa của nhiệm vụ 3" in answer.text and 'value="31/02/2024"' in answer.text
    with Session(web.engine) as session:
        assert not session.exec(select(Task).where(Task.title == form["title-3"])).first()


def test_not_a_document_is_refused_and_not_kept(web: Web) -> None:
    office = web.sign_in("trang.nt")
    answer = _upload(office, b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "nq.docx")
    assert answer.status_code == 400
    assert 'id="upload-error"' in answer.text
    assert not list((web.settings.home / "uploads").glob("*"))


def test_another_session_cannot_commit_the_upload(web: Web) -> None:
    office = web.sign_in("trang.nt")
    review = _upload(office, RESOLUTION.read_bytes()).text
    upload_id = _COMMIT.search(review)[1]  # type: ignore[index]
    admin = web.sign_in("chuong.pg")
    form = _form(review)
    form["csrf"] = csrf_of(admin.get("/extract").text)
    assert admin.post(f"/extract/{upload_id}/commit", data=form).status_code == 404
    member = web.sign_in("bay.nv")
    assert member.get("/extract").status_code == 404
