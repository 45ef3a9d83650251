"""The upload page: a preview writes nothing, a file with two mistakes shows both located
(with "did you mean") and writes nothing, the fixed file commits all or nothing through
the same import as the command line; refusals (too big, wrong bytes, an upload id that is
stale or another session's) and who may use it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func
from sqlmodel import Session, select

from cli.demo_commands import DEMO_MINUTES
from models.history import TaskEvent
from models.meetings import Document
from models.tasks import Task
from tests.web.conftest import Web, csrf_of
from tests.web.upload_files import BAD_DATE_ROW, BAD_LEAD_ROW, NUMBER, task_csv, task_sheet
from web import upload_store

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_COMMIT = re.compile(r'action="/imports/([A-Za-z0-9_-]+)/commit"')


def _counts(web: Web) -> tuple[int, int, int]:
    with Session(web.engine) as session:
        tasks = session.exec(select(func.count()).select_from(Task)).one()
        events = session.exec(select(func.count()).select_from(TaskEvent)).one()
        documents = session.exec(
            select(func.count()).select_from(Document).where(Document.number == NUMBER)
        ).one()
    return tasks, events, documents


def _upload(client: TestClient, data: bytes, kind: str = "tasks", name: str = "ds.xlsx") -> str:
    page = client.get("/imports")
    answer = client.post(
        "/imports",
        data={"csrf": csrf_of(page.text), "kind": kind},
        files={"file": (name, data, XLSX)},
    )
    return f"{answer.status_code}\n{answer.text}"


def _commit_id(html: str) -> str:
    found = _COMMIT.search(html)
    assert found, html[-2000:]
    return found[1]


def test_preview_writes_nothing_and_commit_writes_all(web: Web) -> None:
    office = web.sign_in("trang.nt")
    before = _counts(web)
    answer = _upload(office, task_sheet(50))
    assert answer.startswith("200"), answer[-3000:]
    assert _counts(web) == before  # the preview was rolled back
    assert answer.count('<tr class="outcome-new">') == 51  # the document and 50 tasks
    upload_id = _commit_id(answer)
    done = office.post(
        f"/imports/{upload_id}/commit", data={"csrf": csrf_of(answer), "kind": "tasks"}
    )
    assert done.status_code == 200, done.text
    assert 'id="import-done"' in done.text
    tasks, events, documents = _counts(web)
    assert (tasks - before[0], documents) == (50, 1)
    assert events > before[1]  # each task's creation is in its history
    # The kept file is gone: the same id commits nothing twice.
    again = office.post(
        f"/imports/{upload_id}/commit", data={"csrf": csrf_of(answer), "kind": "tasks"}
    )
    assert again.status_code == 404
    assert not list((web.settings.home / "uploads").glob(f"{upload_id}*"))


def test_the_same_file_again_is_unchanged(web: Web) -> None:
    office = web.sign_in("trang.nt")
    first = _upload(office, task_csv(3), name="ds.csv")
    office.post(
        f"/imports/{_commit_id(first)}/commit", data={"csrf": csrf_of(first), "kind": "tasks"}
    )
    second = _upload(office, task_csv(3), name="ds.csv")
    assert second.count('<tr class="outcome-unchanged">') == 4, second[-3000:]
    assert 'class="outcome-new"' not in second


def test_minutes_and_duty_submissions_preview_and_commit(web: Web) -> None:
    office = web.sign_in("trang.nt")
    minutes = _upload(office, DEMO_MINUTES.read_bytes(), "minutes", "bien-ban.yaml")
    assert minutes.startswith("200"), minutes[-2000:]
    assert "outcome-new" not in minutes.split('id="outcomes"')[1]  # the demo is loaded
    assert minutes.count('<tr class="outcome-unchanged">') > 30
    sheet = (
        "Đơn vị;Nghĩa vụ;Kỳ;Ngày nộp;Số, ký hiệu văn bản\nCB02;BC-QUY;2024-Q2;10/07/2024;12-BC\n"
    )
    duties = _upload(office, sheet.encode(), "duty-submissions", "nop.csv")
    assert duties.count('<tr class="outcome-new">') == 1, duties[-2000:]
    done = office.post(
        f"/imports/{_commit_id(duties)}/commit",
        data={"csrf": csrf_of(duties), "kind": "duty-submissions"},
    )
    assert 'id="import-done"' in done.text
    again = _upload(office, sheet.encode(), "duty-submissions", "nop.csv")
    assert again.count('<tr class="outcome-unchanged">') == 1


def test_two_mistakes_are_both_located_and_nothing_is_written(web: Web) -> None:
    office = web.sign_in("trang.nt")
    before = _counts(web)
    answer = _upload(office, task_sheet(50, mistakes=True))
    assert answer.startswith("400")
    assert _counts(web) == before
    assert answer.count('<tr class="problem">') == 2
    assert f"hàng {BAD_LEAD_ROW}" in answer and f"hàng {BAD_DATE_ROW}" in answer
    assert "«cb2»" in answer and "«31/02/2024»" in answer
    assert "Có phải là" in answer and "<code>CB02</code>" in answer  # did you mean
    assert "/commit" not in answer  # nothing to commit
    assert not list((web.settings.home / "uploads").glob("*"))  # the bad upload is not kept
    fixed = _upload(office, task_sheet(50))
    assert fixed.startswith("200")


@pytest.mark.parametrize(
    ("kind", "data", "name"),
    [
        ("tasks", b"%PDF-1.7\n" + b"x" * 100, "tasks.xlsx"),  # a PDF named .xlsx
        ("tasks", b"\x89PNG\r\n\x1a\n\x00\x00", "ds.csv"),
        ("minutes", task_sheet(2), "bien-ban.yaml"),  # a spreadsheet is not minutes
        ("tasks", b"   \n", "ds.csv"),
    ],
)
def test_bytes_that_are_not_the_kind_are_refused(
    web: Web, kind: str, data: bytes, name: str
) -> None:
    office = web.sign_in("trang.nt")
    answer = _upload(office, data, kind, name)
    assert answer.startswith("400"), answer[:300]
    assert 'id="upload-error"' in answer
    assert not (web.settings.home / "uploads").exists() or not list(
        (web.settings.home / "uploads").glob("*")
    )


def test_too_big_is_refused_before_reading(web: Web) -> None:
    office = web.sign_in("trang.nt")
    answer = _upload(office, b"a,b\n" * (3 * 1024 * 1024))  # 12 MB
    assert answer.startswith("413")
    assert "tối đa 10 MB" in answer
    # Refused by its declared length before the body is parsed: not even its (wrong)
    # token is read, so the answer is the size, not the token.
    unread = office.post(
        "/imports",
        data={"csrf": "not-the-token", "kind": "tasks"},
        files={"file": ("ds.csv", b"a,b\n" * (3 * 1024 * 1024), "text/csv")},
    )
    assert unread.status_code == 413


def test_a_body_without_a_true_length_is_bounded_as_it_is_read(web: Web) -> None:
    """A request that does not say its length is refused unread; one that understates it
    is cut off once the file passes the bound, whatever the header said."""
    office = web.sign_in("trang.nt")
    token = csrf_of(office.get("/imports").text)
    boundary = "dondocboundary"
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n{token}\r\n'
        f'--{boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\ntasks\r\n'
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="ds.csv"\r\n'
        "Content-Type: text/csv\r\n\r\n"
    ).encode()
    body = head + b"a,b\n" * (3 * 1024 * 1024) + f"\r\n--{boundary}--\r\n".encode()
    kind = {"content-type": f"multipart/form-data; boundary={boundary}"}

    def chunks() -> Iterator[bytes]:
        yield body

    unsaid = office.post("/imports", content=chunks(), headers=kind)
    assert unsaid.status_code == 411
    understated = office.post("/imports", content=body, headers=kind | {"content-length": "900"})
    assert understated.status_code == 413, understated.text[:300]
    assert "tối đa 10 MB" in understated.text


def test_a_foreign_or_unknown_upload_id_is_not_found(web: Web) -> None:
    office = web.sign_in("trang.nt")
    answer = _upload(office, task_csv(3), name="ds.csv")
    upload_id = _commit_id(answer)
    other = web.sign_in("chuong.pg")  # an administrator, in another session
    page = other.get("/imports")
    stolen = other.post(
        f"/imports/{upload_id}/commit", data={"csrf": csrf_of(page.text), "kind": "tasks"}
    )
    assert stolen.status_code == 404
    for bad in ("A" * 43, "../../etc/passwd", "x"):
        made_up = office.post(
            f"/imports/{bad}/commit", data={"csrf": csrf_of(answer), "kind": "tasks"}
        )
        assert made_up.status_code == 404
    wrong_kind = office.post(
        f"/imports/{upload_id}/commit", data={"csrf": csrf_of(answer), "kind": "minutes"}
    )
    assert wrong_kind.status_code == 404


def test_a_stale_upload_is_not_found(web: Web, tmp_path: Path) -> None:
    office = web.sign_in("trang.nt")
    answer = _upload(office, task_csv(3), name="ds.csv")
    upload_id = _commit_id(answer)
    note = web.settings.home / "uploads" / f"{upload_id}.json"
    text = note.read_text()
    note.write_text(re.sub(r'"at": "[^"]+"', '"at": "2000-01-01T00:00:00+00:00"', text))
    stale = office.post(
        f"/imports/{upload_id}/commit", data={"csrf": csrf_of(answer), "kind": "tasks"}
    )
    assert stale.status_code == 404
    assert not list((web.settings.home / "uploads").glob(f"{upload_id}*"))


def test_kept_uploads_are_private_files(web: Web) -> None:
    office = web.sign_in("trang.nt")
    answer = _upload(office, task_csv(3), name="../../ds.csv")
    upload_id = _commit_id(answer)
    folder = web.settings.home / "uploads"
    assert folder.stat().st_mode & 0o777 == 0o700
    kept = sorted(folder.glob(f"{upload_id}*"))
    assert [p.suffix for p in kept] == [".csv", ".json"]  # never the uploaded name
    assert all(p.stat().st_mode & 0o777 == 0o600 for p in kept)
    assert len(upload_id) == 43  # 256 random bits
    assert upload_store.LIFETIME.total_seconds() <= 24 * 3600


@pytest.mark.parametrize("code", ["bay.nv", "mai.dt"])  # a member, a unit manager
def test_only_the_office_may_import(web: Web, code: str) -> None:
    client = web.sign_in(code)
    assert client.get("/imports").status_code == 404
    assert client.get("/imports/templates/tasks").status_code == 404
    page = client.get("/")
    answer = client.post(
        "/imports",
        data={"csrf": csrf_of(page.text), "kind": "tasks"},
        files={"file": ("ds.csv", task_csv(3), "text/csv")},
    )
    assert answer.status_code == 404


def test_templates_download_with_their_names(web: Web) -> None:
    office = web.sign_in("trang.nt")
    for kind, name in (("tasks", "mau-nhiem-vu.xlsx"), ("duty-submissions", "mau-nop-bao-cao")):
        answer = office.get(f"/imports/templates/{kind}")
        assert answer.status_code == 200
        assert answer.content.startswith(b"PK")
        assert name in answer.headers["content-disposition"]
        assert answer.headers["x-content-type-options"] == "nosniff"
