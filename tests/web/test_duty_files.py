"""A duty submission carries its files (the meeting's minutes, the report): kept with
the submission or not at all, the kind read from the bytes, readable by who sees the
owing unit and by no one else. Both backends."""

from __future__ import annotations

from sqlmodel import Session, select

from models.attachments import Attachment, files_of_duty_instances
from models.duties import Duty, DutyInstance, DutySubmission
from models.org import Unit
from tests import files
from tests.snapshot import changed_tables, snapshot
from tests.web.conftest import Web, csrf_of

BRANCH, OTHER_BRANCH = "mai.dt", "hung.pv"  # CB02's and CB01's secretaries


def _june_meeting(web: Web) -> int:
    with Session(web.engine) as session:
        instance = session.exec(
            select(DutyInstance)
            .join(Duty)
            .join(Unit, Unit.id == DutyInstance.unit_id)  # type: ignore[arg-type]
            .where(Unit.code == "CB02", DutyInstance.period_key == "2024-06")
            .where(Duty.code == "SH-CHIBO")
        ).one()
        assert instance.id is not None
        return instance.id


def test_a_submission_keeps_its_minutes_and_a_wrong_file_refuses_it_whole(web: Web) -> None:
    instance = _june_meeting(web)
    mai = web.sign_in(BRANCH)
    form = {"held_on": "28/06/2024", "reference": "BB 06/2024", "month": "2024-06"}
    before = snapshot(web.engine)
    refused = mai.post(
        f"/duties/{instance}/submit",
        data={"csrf": csrf_of(mai.get("/duties?month=2024-06").text), **form},
        files=[("files", ("bien-ban.pdf", files.plain_zip(), "application/pdf"))],
    )
    assert refused.status_code == 400 and "bien-ban.pdf" in refused.text
    assert changed_tables(before, snapshot(web.engine)) == []  # no submission, no file

    kept = mai.post(
        f"/duties/{instance}/submit",
        data={"csrf": csrf_of(mai.get("/duties?month=2024-06").text), **form},
        files=[("files", ("Biên bản tháng 6.pdf", files.PDF, "application/pdf"))],
        follow_redirects=False,
    )
    assert kept.status_code == 303
    with Session(web.engine) as session:
        (submission,) = session.exec(
            select(DutySubmission).where(DutySubmission.instance_id == instance)
        ).all()
        (attachment,) = files_of_duty_instances(session, [instance])[instance]
        assert attachment.target_id == submission.id and attachment.unit_id is not None
    page = mai.get("/duties?month=2024-06").text
    assert f'href="/files/{attachment.id}"' in page and "Biên bản tháng 6.pdf" in page
    got = mai.get(f"/files/{attachment.id}")
    assert got.status_code == 200 and got.content == files.PDF
    assert got.headers["content-type"] == "application/pdf"
    outsider = web.sign_in(OTHER_BRANCH)
    assert outsider.get(f"/files/{attachment.id}").status_code == 404
    with Session(web.engine) as session:
        assert len(session.exec(select(Attachment)).all()) == 1
