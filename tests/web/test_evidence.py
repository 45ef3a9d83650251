"""Files, comments and delegation through the web, on both backends: a report and its
files go together or not at all; a file is served as an attachment of its stored type
to those who see its task (404 to anyone else); an upload past the bound is refused
before it is read; comments and delegated parts are told to the people concerned."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

from fastapi.testclient import TestClient
from sqlmodel import Session, func, select

from models.attachments import Attachment
from models.org import Person, Unit
from models.requests import set_confirm_completion
from models.tasks import Task
from notifications.config import NotifyConfig
from tests import files
from tests.builders import add_person
from tests.peers import SmtpSink, body_of
from tests.web.conftest import TODAY, Web, csrf_of
from web.app import create_app

MEMBER, BRANCH, SECRETARY, OFFICE = "bay.nv", "mai.dt", "long.lh", "trang.nt"
OWN, CB02_TASK = 7, 3  # bay's task; CB02's (mai.dt manages CB02)


def _csrf(client: TestClient, task_id: int) -> str:
    return csrf_of(client.get(f"/tasks/{task_id}").text)


def _attachments(web: Web) -> list[Attachment]:
    with Session(web.engine) as session:
        return list(session.exec(select(Attachment).order_by(Attachment.id)))  # type: ignore[arg-type]


def _progress(web: Web, task_id: int) -> int:
    with Session(web.engine) as session:
        task = session.get(Task, task_id)
        assert task is not None
        return task.progress


def test_a_report_carries_its_files_and_a_file_is_served_safely_to_who_sees_it(
    web: Web,
) -> None:
    bay = web.sign_in(MEMBER)
    answer = bay.post(
        f"/tasks/{OWN}/progress",
        data={"csrf": _csrf(bay, OWN), "progress": "40", "note": "Đã họp"},
        files=[("files", ("Biên bản họp.pdf", files.PDF, "text/html"))],  # the header is ignored
    )
    assert answer.status_code == 200, answer.text
    (kept,) = _attachments(web)
    assert (kept.name, kept.content_type, kept.target_kind.value) == (
        "Biên bản họp.pdf",
        "application/pdf",
        "event",
    )
    assert f'href="/files/{kept.id}"' in answer.text

    got = bay.get(f"/files/{kept.id}")
    assert got.status_code == 200 and got.content == files.PDF
    assert got.headers["content-type"] == "application/pdf"
    assert got.headers["x-content-type-options"] == "nosniff"
    assert got.headers["content-disposition"].startswith("attachment;")
    assert (
        "filename*=UTF-8''Bi%C3%AAn%20b%E1%BA%A3n%20h%E1%BB%8Dp.pdf"
        in got.headers["content-disposition"]
    )
    assert web.sign_in(OFFICE).get(f"/files/{kept.id}").status_code == 200
    other_branch = web.sign_in(BRANCH)  # CB02's secretary: not bay's task
    assert other_branch.get(f"/files/{kept.id}").status_code == 404
    assert other_branch.get("/files/999999").status_code == 404
    anonymous = web.client().get(f"/files/{kept.id}", follow_redirects=False)
    assert anonymous.status_code in (302, 303) and anonymous.content != files.PDF


def test_a_refused_file_refuses_its_whole_report(web: Web) -> None:
    bay = web.sign_in(MEMBER)
    before = _progress(web, OWN)
    answer = bay.post(
        f"/tasks/{OWN}/progress",
        data={"csrf": _csrf(bay, OWN), "progress": "90"},
        files=[
            ("files", ("ok.pdf", files.PDF, "application/pdf")),
            ("files", ("bao-cao.pdf", files.plain_zip(), "application/pdf")),
        ],
    )
    assert answer.status_code == 400
    assert "bao-cao.pdf" in answer.text and "không nhận" in answer.text
    assert _progress(web, OWN) == before and _attachments(web) == []
    too_many = [("files", (f"{n}.pdf", files.PDF, "application/pdf")) for n in range(6)]
    answer = bay.post(
        f"/tasks/{OWN}/progress",
        data={"csrf": _csrf(bay, OWN), "progress": "90"},
        files=too_many,
    )
    assert answer.status_code == 400 and "Tối đa 5 tệp" in answer.text
    assert _progress(web, OWN) == before and _attachments(web) == []


def test_a_body_past_the_bound_is_refused_before_it_is_read(web: Web, smtp: SmtpSink) -> None:
    small = dataclasses.replace(web.settings, file_max_mb=1)
    config = NotifyConfig(channels={"email": smtp.url()}, tracking_office="VP-DU")
    app = create_app(settings=small, notify=config, engine=web.engine, today=lambda: TODAY)
    bay = Web(app, web.engine, small).sign_in(MEMBER)
    csrf = _csrf(bay, OWN)
    big = files.PDF + b"\0" * (1024 * 1024)  # one file just past 1 MB: refused by attach
    answer = bay.post(
        f"/tasks/{OWN}/progress",
        data={"csrf": csrf, "progress": "50"},
        files=[("files", ("big.pdf", big, "application/pdf"))],
    )
    assert answer.status_code == 400 and "lớn hơn giới hạn 1 MB" in answer.text
    huge = b"\0" * (7 * 1024 * 1024)  # past five files of 1 MB and the form: never read
    answer = bay.post(
        f"/tasks/{OWN}/progress",
        data={"csrf": csrf, "progress": "50"},
        files=[("files", ("huge.pdf", huge, "application/pdf"))],
    )
    assert answer.status_code == 413 and "quá lớn" in answer.text
    assert _attachments(web) == []


def test_the_approver_sees_and_reads_the_files_a_completion_carries(web: Web) -> None:
    with Session(web.engine) as session:
        unit = session.exec(select(Unit).where(Unit.code == "DU-SHTT")).one()
        set_confirm_completion(session, unit, True)
        session.commit()
    bay = web.sign_in(MEMBER)
    answer = bay.post(
        f"/tasks/{OWN}/done",
        data={"csrf": _csrf(bay, OWN), "done_on": "12/07/2024", "note": "Xong"},
        files=[("files", ("ket-qua.pdf", files.PDF, "application/pdf"))],
    )
    assert answer.status_code == 200, answer.text
    (kept,) = _attachments(web)
    assert kept.target_kind.value == "request"
    long = web.sign_in(SECRETARY)
    page = long.get(f"/tasks/{OWN}").text
    assert f'id="request-files-{kept.target_id}"' in page and "ket-qua.pdf" in page
    assert long.get(f"/files/{kept.id}").content == files.PDF
    decided = long.post(
        f"/requests/{kept.target_id}/decide", data={"csrf": csrf_of(page), "decision": "approve"}
    )
    assert decided.status_code == 200
    with Session(web.engine) as session:
        task = session.get(Task, OWN)
        assert task is not None and task.completed_on is not None


def test_comments_reach_the_people_concerned_and_a_refused_one_keeps_its_text(
    web: Web, smtp: SmtpSink
) -> None:
    bay = web.sign_in(MEMBER)
    smtp.clear()
    answer = bay.post(
        f"/tasks/{OWN}/comments",
        data={"csrf": _csrf(bay, OWN), "body": "Xin ý kiến về phụ lục"},
        follow_redirects=False,
    )
    assert answer.status_code == 303 and answer.headers["location"] == f"/tasks/{OWN}#comments"
    page = bay.get(f"/tasks/{OWN}").text
    assert "Xin ý kiến về phụ lục" in page
    told = sorted(m["To"] for m in smtp.messages)
    assert "bay.nv@demo.invalid" not in told and "trang.nt@demo.invalid" in told
    assert any("Xin ý kiến về phụ lục" in body_of(m, "plain") for m in smtp.messages)

    long_text = "x" * 5001
    refused = bay.post(f"/tasks/{OWN}/comments", data={"csrf": _csrf(bay, OWN), "body": long_text})
    assert refused.status_code == 400 and long_text in refused.text
    outsider = web.sign_in(BRANCH)
    assert (
        outsider.post(
            f"/tasks/{OWN}/comments",
            data={"csrf": _csrf(outsider, CB02_TASK), "body": "Tôi không thấy việc này"},
            follow_redirects=False,
        ).status_code
        == 404
    )
    assert "Tôi không thấy việc này" not in bay.get(f"/tasks/{OWN}").text


def test_a_branch_secretary_delegates_a_part_to_a_member_who_is_told(
    web: Web, smtp: SmtpSink
) -> None:
    with Session(web.engine) as session:
        cb02 = session.exec(select(Unit).where(Unit.code == "CB02")).one()
        thu = add_person(session, "thu.nt", cb02)
        session.commit()
        thu_id = thu.id
    _mail(web, thu_id or 0, "thu.nt@demo.invalid")
    mai = web.sign_in(BRANCH)
    page = mai.get(f"/tasks/{CB02_TASK}").text
    assert 'id="form-delegate"' in page and f'value="{thu_id}"' in page
    with Session(web.engine) as session:
        parent = session.get(Task, CB02_TASK)
        assert parent is not None and parent.due_on is not None
        late = parent.due_on.replace(year=parent.due_on.year + 1).strftime("%d/%m/%Y")
        due = parent.due_on.strftime("%d/%m/%Y")
    refused = mai.post(
        f"/tasks/{CB02_TASK}/delegate",
        data={
            "csrf": csrf_of(page),
            "title": "Soạn dự thảo",
            "person": str(thu_id),
            "due_on": late,
        },
    )
    assert refused.status_code == 400 and "Soạn dự thảo" in refused.text and late in refused.text
    smtp.clear()
    made = mai.post(
        f"/tasks/{CB02_TASK}/delegate",
        data={"csrf": csrf_of(page), "title": "Soạn dự thảo", "person": str(thu_id), "due_on": due},
    )
    assert made.status_code == 200 and "Đã giao phần việc" in made.text
    with Session(web.engine) as session:
        (part,) = session.exec(select(Task).where(Task.parent_id == CB02_TASK)).all()
        assert part.lead_person_id == thu_id
    assert f'href="/tasks/{part.id}"' in made.text
    (told,) = smtp.to("thu.nt@demo.invalid")
    assert "Soạn dự thảo" in body_of(told, "plain")
    bay = web.sign_in(MEMBER)
    assert (
        bay.post(
            f"/tasks/{OWN}/delegate",
            data={"csrf": _csrf(bay, OWN), "title": "x", "person": str(thu_id), "due_on": due},
        ).status_code
        == 404
    )
    with Session(web.engine) as session:
        assert (
            session.exec(select(func.count()).select_from(Task).where(Task.parent_id == OWN)).one()
            == 0
        )


def _mail(web: Web, person_id: int, address: str) -> None:
    from models.org import ContactChannel, ContactTarget

    with Session(web.engine) as session:
        session.add(
            ContactTarget(person_id=person_id, channel=ContactChannel.EMAIL, address=address)
        )
        person = session.get(Person, person_id)
        assert person is not None
        session.commit()


def test_a_body_without_its_length_is_counted_as_it_comes(web: Web, smtp: SmtpSink) -> None:
    small = dataclasses.replace(web.settings, file_max_mb=1)
    config = NotifyConfig(channels={"email": smtp.url()}, tracking_office="VP-DU")
    app = create_app(settings=small, notify=config, engine=web.engine, today=lambda: TODAY)
    bay = Web(app, web.engine, small).sign_in(MEMBER)
    csrf = _csrf(bay, OWN)
    boundary = "b0undary"
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n{csrf}\r\n'
        f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="a.pdf"\r\n'
        "Content-Type: application/pdf\r\n\r\n"
    ).encode()

    def chunks() -> Iterator[bytes]:
        yield head + files.PDF
        for _ in range(8):  # 8 MB: past five files of 1 MB and the form
            yield b"\0" * (1024 * 1024)
        yield f"\r\n--{boundary}--\r\n".encode()

    answer = bay.post(
        f"/tasks/{OWN}/progress",
        content=chunks(),
        headers={"content-type": f"multipart/form-data; boundary={boundary}"},
    )
    assert answer.status_code == 413 and "quá lớn" in answer.text
    assert _attachments(web) == []
