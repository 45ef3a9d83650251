"""Reporting duties end to end: imported rules, generated periods, submissions, waivers,
and reminders over a scripted quarter to a real SMTP server."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pendulum
import sqlalchemy as sa
from sqlmodel import Session, select

from documents.minutes import import_minutes
from models.duties import DutyInstance
from models.duty_lifecycle import find_instance, generate_all, record_submission, waive
from models.duty_queries import compliance, duty_rows
from models.duty_status import DutyStatus
from models.item_kinds import ItemKind
from models.org import Person
from notifications.config import NotifyConfig
from notifications.run import run_once
from tests.builders import reader
from tests.notifications.conftest import CAL, TZ
from tests.peers import SmtpSink, body_of
from tests.snapshot import snapshot

D = date
MINUTES = """\
units:
  - {code: DU, name: Đảng ủy, kind: committee, manager: bithu}
  - {code: VP, name: Văn phòng, kind: office, parent: DU, manager: vanthu}
  - {code: CB1, name: Chi bộ 1, kind: sub_branch, parent: DU, manager: cb1}
  - {code: CB2, name: Chi bộ 2, kind: sub_branch, parent: DU, manager: cb2}
  - {code: CB3, name: Chi bộ 3, kind: sub_branch, parent: DU, manager: cb3}
people:
  - {code: bithu, name: Bí thư, unit: DU, email: bithu@example.org}
  - {code: vanthu, name: Văn thư, unit: VP, email: vanthu@example.org}
  - {code: cb1, name: Bí thư CB1, unit: CB1, email: cb1@example.org}
  - {code: cb2, name: Bí thư CB2, unit: CB2, email: cb2@example.org, language: en}
  - {code: cb3, name: Bí thư CB3, unit: CB3, email: cb3@example.org}
duties:
  - {code: BC-QUY, title: Báo cáo quý, owed_by_kind: sub_branch, owed_to: DU,
     preset: decree09-quarterly, starts_on: 2024-01-01}
"""


def load(engine: sa.Engine, tmp_path: Path) -> None:
    path = tmp_path / "rules.yaml"
    path.write_text(MINUTES, encoding="utf-8")
    with Session(engine) as session:
        import_minutes(session, path, "test", CAL)
        generate_all(session, D(2024, 1, 1), D(2024, 12, 31), CAL)
        session.commit()


def test_generation_is_idempotent_and_statuses_are_right(engine: sa.Engine, tmp_path: Path) -> None:
    load(engine, tmp_path)
    before = snapshot(engine)
    with Session(engine) as session:
        assert generate_all(session, D(2024, 1, 1), D(2024, 12, 31), CAL) == {}
        session.commit()
    assert snapshot(engine) == before
    with Session(engine) as session:
        assert len(session.exec(select(DutyInstance)).all()) == 12  # 3 units x 4 quarters
        clerk = session.exec(select(Person).where(Person.code == "vanthu")).one()
        record_submission(
            session, find_instance(session, "BC-QUY", "CB1", "2024-Q1"), D(2024, 3, 19), clerk
        )
        record_submission(
            session, find_instance(session, "BC-QUY", "CB2", "2024-Q1"), D(2024, 3, 27), clerk
        )
        waive(
            session,
            find_instance(session, "BC-QUY", "CB3", "2024-Q2"),
            D(2024, 5, 2),
            "kiện toàn",
            clerk,
        )
        session.commit()
        rows = {(r.unit_code, r.period_key): r for r in duty_rows(reader(session), D(2024, 6, 25))}
        got = {
            key: (r.status.status, r.status.days)
            for key, r in rows.items()
            if key[1] in ("2024-Q1", "2024-Q2")
        }
        assert got == {
            ("CB1", "2024-Q1"): (DutyStatus.SUBMITTED_ON_TIME, 0),
            ("CB2", "2024-Q1"): (DutyStatus.SUBMITTED_LATE, 7),  # due Wed 20 March
            ("CB3", "2024-Q1"): (DutyStatus.OVERDUE, 97),
            ("CB1", "2024-Q2"): (DutyStatus.OVERDUE, 5),  # due Thu 20 June
            ("CB2", "2024-Q2"): (DutyStatus.OVERDUE, 5),
            ("CB3", "2024-Q2"): (DutyStatus.WAIVED, 0),
        }
        missing = duty_rows(reader(session), D(2024, 3, 25), period_key="2024-Q1")
        assert [(r.unit_code, r.status.status) for r in missing if r.submitted_on is None] == [
            ("CB2", DutyStatus.OVERDUE),
            ("CB3", DutyStatus.OVERDUE),
        ]
        year = {
            c.unit_code: c.rate for c in compliance(duty_rows(reader(session), D(2024, 12, 31)))
        }
        assert year == {"CB1": 0.25, "CB2": 0.0, "CB3": 0.0}


def morning(day: date) -> pendulum.DateTime:
    return pendulum.datetime(day.year, day.month, day.day, 7, 30, tz=TZ).in_timezone("UTC")


def test_a_scripted_quarter_of_duty_reminders(
    engine: sa.Engine, tmp_path: Path, smtp: SmtpSink
) -> None:
    load(engine, tmp_path)
    config = NotifyConfig(
        channels={"email": smtp.url()}, tracking_office="VP", retry_backoff_seconds=0.01
    )
    inbox: dict[str, list[date]] = {}
    texts: dict[tuple[str, date], str] = {}
    day = D(2024, 3, 1)
    while day <= D(2024, 4, 5):
        if day == D(2024, 3, 22):  # CB2 delivers two days late: its reminders stop
            with Session(engine) as session:
                record_submission(
                    session, find_instance(session, "BC-QUY", "CB2", "2024-Q1"), day, None
                )
                session.commit()
        smtp.clear()
        run_once(engine, day, morning(day), config, CAL, TZ, kinds=(ItemKind.DUTY,))
        for message in smtp.messages:
            inbox.setdefault(str(message["To"]), []).append(day)
            texts[(str(message["To"]), day)] = body_of(message)
        day += timedelta(days=1)
    owners = [D(2024, 3, 13), D(2024, 3, 18), D(2024, 3, 19), D(2024, 3, 20), D(2024, 3, 21)]
    # 7 and 3 days before (Sun 17 -> Mon 18), 1 day before, the due day, then overdue every 3 days
    assert inbox["cb1@example.org"] == [
        *owners,
        D(2024, 3, 25),
        D(2024, 3, 27),
        D(2024, 4, 1),
        D(2024, 4, 2),
        D(2024, 4, 5),
    ]
    assert inbox["cb2@example.org"] == owners  # submitted on the 22nd
    assert inbox["cb3@example.org"] == inbox["cb1@example.org"]
    # Escalation at 7 days overdue (the next tier, 30 days, is after the quarter's end):
    # to the committee's manager and the office, once.
    assert inbox["bithu@example.org"] == [D(2024, 3, 27)]
    assert inbox["vanthu@example.org"] == [D(2024, 3, 27)]
    assert "[Báo cáo] Báo cáo quý — quý I năm 2024" in texts[("cb1@example.org", D(2024, 3, 21))]
    assert "quá hạn 1 ngày" in texts[("cb1@example.org", D(2024, 3, 21))]
    assert (
        "[Report] Báo cáo quý — the first quarter of 2024"
        in texts[("cb2@example.org", D(2024, 3, 20))]
    )
    escalated = texts[("bithu@example.org", D(2024, 3, 27))]  # both units late: one item
    assert (
        "2 đơn vị chưa thực hiện: Chi bộ 1, Chi bộ 3" in escalated and "Chi bộ 2" not in escalated
    )
