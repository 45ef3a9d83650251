"""The tallies (``models.task_tally``) stay equal to a recount from ``task`` after every
kind of write, on both backends; and the figures read from them equal a plain reading of
every task for any period and any "as of" day, past ones included."""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from documents.minutes import import_minutes
from documents.spreadsheet import import_spreadsheet
from models.calendar import WorkCalendar
from models.lifecycle import (
    cancel_task,
    complete_task,
    correct_deadline,
    create_task,
    extend_deadline,
    reopen_task,
    restore_task,
    set_lead,
    update_progress,
)
from models.org import Person, Unit
from models.org_changes import save_person
from models.status import TaskStatus, due_in_force, task_status
from models.task_tally import (
    TRIGGERS,
    bucket_of,
    bucket_span,
    counts_by_owner,
    recount_sql,
)
from models.tasks import DeadlineExtension, Task
from tests.builders import add_document, add_person, ident, random_history, reader

CAL = WorkCalendar()
ORG = """\
units:
  - {code: DU, name: Đảng ủy Cục, kind: committee}
  - {code: CB1, name: Chi bộ 1, kind: sub_branch, parent: DU}
  - {code: CB2, name: Chi bộ 2, kind: sub_branch, parent: DU}
people:
  - {code: long, name: Lưu Hoàng Long, unit: CB1, role: secretary}
"""
HEADER = (
    "Loại văn bản;Số văn bản;Cơ quan ban hành;Ngày ban hành;STT;Nhiệm vụ;Chủ trì;Phối hợp;"
    "Thời hạn;Tiến độ (%);Ngày hoàn thành\n"
)
FIRST = (
    HEADER + "Nghị quyết;01-NQ/ĐU;Đảng ủy Cục;29/01/2024;1;Xử lý đơn;CB1;;31/03/2024;;28/03/2024\n"
    "Nghị quyết;01-NQ/ĐU;Đảng ủy Cục;29/01/2024;2;Cải cách;long;;15/04/2024;40;\n"
    "Nghị quyết;01-NQ/ĐU;Đảng ủy Cục;29/01/2024;3;Sinh hoạt;CB2;;;;\n"
)
# The same tasks again: the first moved to CB2, the second finished late, the third given
# a deadline.
AGAIN = (
    HEADER + "Nghị quyết;01-NQ/ĐU;Đảng ủy Cục;29/01/2024;1;Xử lý đơn;CB2;;31/03/2024;;28/03/2024\n"
    "Nghị quyết;01-NQ/ĐU;Đảng ủy Cục;29/01/2024;2;Cải cách;long;;15/04/2024;100;20/04/2024\n"
    "Nghị quyết;01-NQ/ĐU;Đảng ủy Cục;29/01/2024;3;Sinh hoạt;CB2;;14/05/2024;;\n"
)


def _rows(session: Session, sql: str) -> set[tuple[int, ...]]:
    return {tuple(int(v) for v in row) for row in reader(session).fetch(sql, {})}


def _assert_exact(session: Session) -> None:
    session.flush()
    dialect = reader(session).dialect
    for table, owner in (("unit_tally", "unit_id"), ("person_tally", "person_id")):
        stored = _rows(session, f"SELECT bucket, {owner}, state, n FROM {table}")
        assert stored == _rows(session, recount_sql(table, dialect)), table  # type: ignore[arg-type]


def test_every_write_path_keeps_the_tallies_exact(engine: Engine, tmp_path: Path) -> None:
    org = tmp_path / "org.yaml"
    org.write_text(ORG, encoding="utf-8")
    sheet = tmp_path / "tasks.csv"
    with Session(engine) as session:
        import_minutes(session, org, "t", CAL)  # the org, and nothing counted yet
        _assert_exact(session)
        sheet.write_text(FIRST, encoding="utf-8")
        assert import_spreadsheet(session, sheet, "t", CAL)["tasks.created"] == 3
        _assert_exact(session)
        assert _rows(session, "SELECT count(*) FROM unit_tally") != {(0,)}
        sheet.write_text(AGAIN, encoding="utf-8")
        import_spreadsheet(session, sheet, "t", CAL)  # a re-import changes all three
        _assert_exact(session)
        session.commit()

        units = {u.code: u for u in session.exec(select(Unit))}
        long = session.exec(select(Person).where(Person.code == "long")).one()
        other = add_person(session, "mai", units["CB2"])
        document = add_document(session, issued_on=date(2024, 1, 29), number="02-NQ/ĐU")
        a = create_task(
            session, document=document, ref="a", title="a", lead=long, actor="t",
            due_on=date(2024, 6, 14),
        )  # fmt: skip
        b = create_task(
            session, document=document, ref="b", title="b", lead=units["CB1"], actor="t",
            due_on=date(2024, 6, 15),
        )  # fmt: skip
        _assert_exact(session)
        update_progress(session, a, 50, "t")  # not watched: nothing to recount
        _assert_exact(session)
        complete_task(session, a, date(2024, 6, 10), "t", today=date(2024, 7, 1))  # on time
        _assert_exact(session)
        complete_task(session, b, date(2024, 6, 20), "t", today=date(2024, 7, 1))  # late
        _assert_exact(session)
        reopen_task(session, b, "t", "not finished")
        _assert_exact(session)
        cancel_task(session, b, date(2024, 6, 21), "no longer needed", "t")
        _assert_exact(session)
        restore_task(session, b, "t", "needed after all")
        _assert_exact(session)
        extend_deadline(session, b, date(2024, 7, 31), "more time", long, date(2024, 6, 14), "t")
        _assert_exact(session)
        set_lead(session, b, other, "t")  # from CB1 to a person of CB2
        _assert_exact(session)
        set_lead(session, a, units["CB2"], "t")  # from a person to a unit
        _assert_exact(session)
        reopen_task(session, a, "t", "again")
        correct_deadline(session, a, None, "t")  # standing: counted nowhere
        _assert_exact(session)
        correct_deadline(session, a, date(2024, 5, 1), "t")
        _assert_exact(session)
        # An org change: a person moved to another unit takes the tasks they lead along.
        save_person(session, code="mai", full_name="Mai", unit=units["CB1"])
        _assert_exact(session)
        save_person(session, code="long", full_name="Lưu Hoàng Long", unit=units["DU"])
        _assert_exact(session)
        # A hand-written insert and delete (no door of the app deletes tasks).
        connection = session.connection()
        stamp = "2024-01-01 00:00:00" if reader(session).dialect == "sqlite" else "2024-01-01"
        connection.exec_driver_sql(
            "INSERT INTO task (created_at, updated_at, document_id, ref, title, lead_person_id,"
            " original_due_on, due_on, progress, completed_on)"
            f" VALUES ('{stamp}', '{stamp}', {ident(document)}, 'raw', 'raw', {ident(long)},"
            " '2024-02-29', '2024-02-29', 100, '2024-03-02')"
        )
        _assert_exact(session)
        connection.exec_driver_sql("DELETE FROM task WHERE ref = 'raw'")
        _assert_exact(session)
        session.commit()
        _assert_exact(session)


def test_the_triggers_exist_at_head(engine: Engine) -> None:
    with Session(engine) as session:
        r = reader(session)
        sql = (
            "SELECT name FROM sqlite_master WHERE type = 'trigger'"
            if r.dialect == "sqlite"
            else "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal"
        )
        assert set(TRIGGERS) <= {row[0] for row in r.fetch(sql, {})}


def test_half_months_tile_the_calendar() -> None:
    day = date(2023, 12, 1)
    while day < date(2025, 3, 1):
        low, high = bucket_span(bucket_of(day))
        assert low <= day <= high
        assert bucket_of(high + timedelta(days=1)) == bucket_of(day) + 1
        day += timedelta(days=1)
    assert bucket_span(bucket_of(date(2024, 2, 20))) == (date(2024, 2, 15), date(2024, 2, 29))


AS_OFS = [date(2024, 1, 10), date(2024, 3, 14), date(2024, 3, 15), date(2024, 6, 30)]
RANGES = [
    (date(2024, 1, 1), date(2024, 12, 31)),  # whole half-months only
    (date(2023, 12, 15), date(2024, 12, 14)),  # a Decree 09 year window
    (date(2024, 2, 3), date(2024, 5, 20)),  # ragged edges
    (date(2024, 3, 2), date(2024, 3, 9)),  # inside one half-month
    (date(2024, 3, 15), date(2024, 3, 31)),  # exactly one
]


def test_counts_equal_a_plain_reading_for_any_day_asked(engine: Engine) -> None:
    """Completions, cancellations and extensions after the day asked included: the
    tally counts what tasks are now, the reading must give what they were then."""
    rng = random.Random(18)
    with Session(engine) as session:
        # The document is issued before every event.
        _, people = random_history(
            session, rng, people=5, tasks=220, issued_on=date(2023, 9, 1),
            first_due=date(2023, 11, 20), due_days=420, extended_from=date(2023, 12, 1),
        )  # fmt: skip
        tasks = list(session.exec(select(Task)))
        extensions: dict[int, list[tuple[date, date]]] = {}
        for e in session.exec(select(DeadlineExtension)):
            extensions.setdefault(e.task_id, []).append((e.approved_on, e.previous_due_on))
        unit_of = {ident(p): p.unit_id for p in people}
        r = reader(session)
        for as_of in AS_OFS:
            for start, end in RANGES:
                expected: dict[str, dict[int, dict[TaskStatus, int]]] = {"unit": {}, "person": {}}
                for t in tasks:
                    then = due_in_force(t.due_on, extensions.get(ident(t), []), as_of)
                    if then is None or not start <= then <= end:
                        continue
                    status = task_status(
                        due_on=then, completed_on=t.completed_on,
                        cancelled_on=t.cancelled_on, as_of=as_of,
                    ).status  # fmt: skip
                    unit = t.lead_unit_id or unit_of[t.lead_person_id or 0]
                    for by, owner in (("unit", unit), ("person", t.lead_person_id)):
                        if owner is not None:
                            counts = expected[by].setdefault(owner, dict.fromkeys(TaskStatus, 0))
                            counts[status] += 1
                for by in ("unit", "person"):
                    found = counts_by_owner(r, start, end, as_of, by)  # type: ignore[arg-type]
                    found = {o: c for o, c in found.items() if any(c.values())}
                    assert found == expected[by], (as_of, start, end, by)


@pytest.mark.parametrize("by", ["unit", "person"])
def test_nothing_counted_in_an_empty_database(engine: Engine, by: str) -> None:
    with Session(engine) as session:
        assert counts_by_owner(reader(session), date(2024, 1, 1), date(2024, 12, 31),
                               date(2024, 6, 1), by) == {}  # type: ignore[arg-type]  # fmt: skip


def test_a_bulk_load_is_counted_once_and_the_triggers_come_back(engine: Engine) -> None:
    from benchmarks.synthetic import Shape, populate

    populate(engine, Shape(tasks=2_000, open_tasks=300, people=60, units=20, years=3, seed=3))
    with Session(engine) as session:
        _assert_exact(session)
        assert _rows(session, "SELECT sum(n) FROM unit_tally") == {(2_000,)}
    test_the_triggers_exist_at_head(engine)
