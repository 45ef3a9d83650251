"""The dashboard's figures equal a plain Python reading of every task, for every period
kind and every unit, on both backends; and the task list a count links to (the same
unit, status and deadline bounds) lists exactly the counted tasks."""

from __future__ import annotations

import random
from collections import Counter
from datetime import date, timedelta

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from cli.demo_commands import DEMO_MINUTES
from documents.minutes import import_minutes
from models.calendar import default_calendar
from models.dashboard import (
    OFFICIAL_STATUSES,
    current_period,
    custom_period,
    dashboard,
    period_choices,
    periods_up_to,
)
from models.duty_lifecycle import generate_all
from models.duty_queries import duty_rows
from models.errors import TrackerError
from models.lifecycle import cancel_task, complete_task, create_task
from models.org import Person, Unit, UnitKind
from models.periods import Period, parse_period
from models.queries import TaskFilter, list_tasks, subtree
from models.status import TaskStatus
from tests.builders import add_document, add_person, add_unit, ident, reader
from tests.models.test_unit_scope import World, _below, _status, _unit_tasks, _world

AS_OF = date(2024, 7, 15)
PERIODS = [
    parse_period("2024-06"),
    parse_period("2024-Q2"),
    parse_period("2024-H1"),
    parse_period("2024"),
    custom_period(date(2024, 3, 10), date(2024, 8, 20)),
]


def _expected(world: World, unit_id: int, period: Period) -> dict[TaskStatus, set[int]]:
    """A unit's tasks due in the period, by status on AS_OF: read from the rows alone."""
    by_id = {ident(t): t for t in world.tasks}
    found: dict[TaskStatus, set[int]] = {s: set() for s in TaskStatus}
    for i in _unit_tasks(world, _below(world, unit_id), co_owned=False):
        due = by_id[i].due_on
        if due is not None and period.start <= due <= period.end:
            found[_status(by_id[i], AS_OF)].add(i)
    return found


def _check(session: Session, roots: list[int]) -> int:
    world = _world(session)
    r = reader(session)
    checks = 0
    for period in PERIODS:
        board = dashboard(r, roots, period, AS_OF)
        shown = {u.unit_id for u in board.units}
        assert shown == {u for root in roots for u in _below(world, root)}  # zeros too
        for line in board.units:
            expected = _expected(world, line.unit_id, period)
            assert line.counts == {s: len(ids) for s, ids in expected.items()}
            done = len(expected[TaskStatus.DONE_ON_TIME]) + len(expected[TaskStatus.DONE_LATE])
            assert line.on_time_rate == (
                len(expected[TaskStatus.DONE_ON_TIME]) / done if done else None
            )
            for status in OFFICIAL_STATUSES:
                f = TaskFilter(
                    unit_ids=subtree(r, line.unit_id),
                    statuses=[status],
                    due_from=period.start,
                    due_to=period.end,
                )
                assert {row.id for row in list_tasks(r, f, AS_OF)} == expected[status]
                checks += 1
        # The trend's last point is the period itself; each earlier one the roots' totals.
        assert [p.period for p in board.trend] == periods_up_to(period)
        for point in board.trend:
            totals = Counter[TaskStatus]()
            for root in roots:
                for status, ids in _expected(world, root, point.period).items():
                    totals[status] += len(ids)
            assert {s: point.counts[s] for s in TaskStatus} == {s: totals[s] for s in TaskStatus}
    return checks


def test_synthetic_tree_dashboard_agrees_with_brute_force(engine: Engine) -> None:
    rng = random.Random(28)
    with Session(engine) as session:
        root = add_unit(session, "R", UnitKind.COMMITTEE)
        units = [root]
        for i in range(12):
            units.append(add_unit(session, f"U{i:02d}", UnitKind.OTHER, rng.choice(units)))
        people = [add_person(session, f"p{i}", rng.choice(units)) for i in range(15)]
        document = add_document(session, issued_on=date(2023, 9, 1))
        owners: list[Unit | Person] = [*units, *people]
        for i in range(160):
            due = date(2023, 11, 1) + timedelta(days=rng.randrange(0, 420))
            task = create_task(
                session,
                document=document,
                ref=str(i),
                title=f"task {i}",
                lead=rng.choice(owners),
                co_owners=rng.sample(owners, rng.choice([0, 1, 2])),
                due_on=None if i % 19 == 0 else due,
                actor="t",
            )
            if i % 3 == 0:
                done = due + timedelta(days=rng.randrange(-40, 40)) if task.due_on else due
                complete_task(session, task, min(done, AS_OF), "t", today=date(2024, 12, 31))
            elif i % 11 == 0:
                cancel_task(session, task, AS_OF - timedelta(days=i % 50), "no longer needed", "t")
        session.commit()
        assert _check(session, [ident(root)]) > 200
        # A manager's two separate subtrees: each counted once, side by side.
        tops = [ident(u) for u in units if u.parent_id == ident(root)][:2]
        assert _check(session, tops) > 0


def test_demo_committee_dashboard_agrees_with_brute_force(engine: Engine) -> None:
    with Session(engine) as session:
        import_minutes(session, DEMO_MINUTES, "test", default_calendar())
        generate_all(session, date(2024, 1, 1), date(2024, 12, 31), default_calendar())
        session.commit()
        committee = next(ident(u) for u in session.exec(select(Unit)) if u.code == "DU-SHTT")
        assert _check(session, [committee]) > 100
        r = reader(session)
        for period in PERIODS:
            board = dashboard(r, [committee], period, AS_OF)
            rows = duty_rows(r, AS_OF, period_end_from=period.start, period_end_to=period.end)
            for line in board.units:
                own = Counter(d.status.status for d in rows if d.unit_code == line.code)
                assert {s: n for s, n in line.duty_counts.items() if n} == dict(own)
        q2 = dashboard(r, [committee], parse_period("2024-Q2"), AS_OF)
        assert any(line.duties_due for line in q2.units)
        assert [u.code for u in q2.ranking()] == sorted(
            (u.code for u in q2.ranking()),
            key=lambda c: next(
                (-(u.on_time_rate or 0), u.overdue_share or 0, u.code)
                for u in q2.units
                if u.code == c
            ),
        )


@pytest.mark.parametrize(
    ("key", "earlier"),
    [
        ("2024-02", ["2023-09", "2023-10", "2023-11", "2023-12", "2024-01", "2024-02"]),
        ("2024-Q1", ["2022-Q4", "2023-Q1", "2023-Q2", "2023-Q3", "2023-Q4", "2024-Q1"]),
        ("2024-H1", ["2021-H2", "2022-H1", "2022-H2", "2023-H1", "2023-H2", "2024-H1"]),
        ("2024", ["2019", "2020", "2021", "2022", "2023", "2024"]),
    ],
)
def test_trend_periods_run_back_across_years(key: str, earlier: list[str]) -> None:
    assert [p.key for p in periods_up_to(parse_period(key))] == earlier


def test_custom_range_trend_steps_back_by_its_length_and_refuses_nonsense() -> None:
    span = custom_period(date(2024, 4, 1), date(2024, 4, 10))
    back = periods_up_to(span, 3)
    assert [(p.start, p.end) for p in back] == [
        (date(2024, 3, 12), date(2024, 3, 21)),
        (date(2024, 3, 22), date(2024, 3, 31)),
        (date(2024, 4, 1), date(2024, 4, 10)),
    ]
    with pytest.raises(TrackerError) as reversed_range:
        custom_period(date(2024, 4, 10), date(2024, 4, 1))
    assert reversed_range.value.code == "dashboard_range_reversed"
    with pytest.raises(TrackerError) as too_long:
        custom_period(date(2020, 1, 1), date(2024, 1, 1))
    assert too_long.value.code == "dashboard_range_too_long"
    custom_period(date(2021, 1, 1), date(2023, 12, 31))  # three years is fine


def test_picker_offers_the_current_periods_first() -> None:
    choices = period_choices(date(2024, 7, 15))
    assert [c[0].key for c in choices.values()] == ["2024-07", "2024-Q3", "2024-H2", "2024"]
    assert current_period("quarter", date(2024, 12, 31)).key == "2024-Q4"


def test_a_leader_of_nested_units_sees_each_unit_once(engine: Engine) -> None:
    from models.access import can_see_dashboard, leader_roots, viewer_for

    with Session(engine) as session:
        import_minutes(session, DEMO_MINUTES, "test", default_calendar())
        units = {u.code: u for u in session.exec(select(Unit))}
        people = {p.code: p for p in session.exec(select(Person))}
        units["CB01"].manager_id = people["long.lh"].id  # also leads a branch below his own
        session.add(units["CB01"])
        session.commit()
        r = reader(session)

        def roots_of(code: str) -> list[int] | None:
            viewer = viewer_for(r, ident(people[code]), office_code="VP-DU", admin_codes=())
            assert viewer is not None
            return leader_roots(r, viewer) if can_see_dashboard(viewer) else None

        assert roots_of("long.lh") == [ident(units["DU-SHTT"])]
        assert roots_of("mai.dt") == [ident(units["CB02"])]
        assert roots_of("bay.nv") is None  # a member: no dashboard
        assert roots_of("trang.nt") == [ident(units["DU-BKHCN"])]  # the office: everything
        board = dashboard(r, [ident(units["DU-SHTT"])], parse_period("2024"), AS_OF)
        assert len({u.code for u in board.units}) == len(board.units)
