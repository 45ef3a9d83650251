"""The tallies' narrower readings equal the full one (``counts_by_owner``, which
``test_task_tally`` holds to a plain reading of every task) for any day asked, with
completions, cancellations and extensions after that day, on both backends:
``totals_by_period`` (the dashboard's trend, every period in one reading) gives, period
by period, the units' counts summed over the units asked; ``counts_by_owner(owners=…)``
(one unit's people in the emulation) the same counts as the full reading, for those."""

from __future__ import annotations

import random
from datetime import date

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from models.status import TaskStatus, due_in_force, task_status
from models.task_tally import counts_by_owner, totals_by_period
from models.tasks import DeadlineExtension, Task
from tests.builders import ident, random_history, reader

AS_OFS = [date(2024, 1, 10), date(2024, 3, 14), date(2024, 3, 15), date(2024, 6, 30)]
# Days inside a half-month on either side of its middle (``_here_side``): the tally puts
# that half-month's open tasks on one side and the fewer days' tasks are moved across.
MIDDLE_DAYS = [date(2024, 2, 20), date(2024, 3, 17), date(2024, 5, 8), date(2024, 5, 1)]
PERIODS = [
    (date(2023, 10, 1), date(2023, 12, 31)),  # quarters, one after the other
    (date(2024, 1, 1), date(2024, 3, 31)),
    (date(2024, 4, 1), date(2024, 6, 30)),
    (date(2023, 12, 15), date(2024, 12, 14)),  # a Decree 09 year window (overlapping)
    (date(2024, 2, 3), date(2024, 5, 20)),  # ragged edges
    (date(2024, 3, 2), date(2024, 3, 9)),  # inside one half-month
    (date(2024, 3, 15), date(2024, 3, 31)),  # exactly one
    (date(2030, 1, 1), date(2030, 12, 31)),  # nothing due
]


def _summed(
    session: Session, start: date, end: date, as_of: date, units: set[int] | None
) -> dict[TaskStatus, int]:
    totals = dict.fromkeys(TaskStatus, 0)
    for unit_id, counts in counts_by_owner(reader(session), start, end, as_of, "unit").items():
        if units is None or unit_id in units:
            for status, n in counts.items():
                totals[status] += n
    return totals


def test_narrow_readings_equal_the_full_one(engine: Engine) -> None:
    rng = random.Random(28)
    with Session(engine) as session:
        units, people = random_history(
            session, rng, people=6, tasks=240, issued_on=date(2023, 6, 1),
            first_due=date(2023, 10, 1), due_days=300, extended_from=date(2023, 10, 1),
        )  # fmt: skip
        r = reader(session)
        some = {ident(units[1]), ident(units[3])}
        checked = 0
        for as_of in AS_OFS:
            for scope in (None, some, set()):
                found = totals_by_period(r, PERIODS, as_of, scope)
                expected = [_summed(session, s, e, as_of, scope) for s, e in PERIODS]
                assert found == expected, (as_of, scope)
                checked += sum(sum(t.values()) for t in found)
        assert checked > 1000  # the periods hold tasks in every state
        assert totals_by_period(r, [], AS_OFS[0]) == []

        # Some owners only: the full reading's lines for them.
        few = {"unit": some, "person": {ident(people[1]), ident(people[4])}}
        for as_of in AS_OFS:
            for start, end in PERIODS:
                for by in ("unit", "person"):
                    full = counts_by_owner(r, start, end, as_of, by)
                    part = counts_by_owner(r, start, end, as_of, by, few[by])
                    assert part == {o: c for o, c in full.items() if o in few[by]}
                    checked += sum(sum(c.values()) for c in part.values())
        assert checked > 2000
        assert counts_by_owner(r, *PERIODS[3], AS_OFS[0], "person", set()) == {}

        # Any day of a half-month, against a plain reading of every task.
        tasks = list(session.exec(select(Task)))
        extensions: dict[int, list[tuple[date, date]]] = {}
        for e in session.exec(select(DeadlineExtension)):
            extensions.setdefault(e.task_id, []).append((e.approved_on, e.previous_due_on))
        unit_of = {ident(p): p.unit_id for p in people}
        for as_of in MIDDLE_DAYS:
            for start, end in PERIODS:
                plain: dict[str, dict[int, dict[TaskStatus, int]]] = {"unit": {}, "person": {}}
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
                            counts = plain[by].setdefault(owner, dict.fromkeys(TaskStatus, 0))
                            counts[status] += 1
                for side in ("unit", "person"):
                    owned = counts_by_owner(r, start, end, as_of, side)
                    assert owned == plain[side], (as_of, start, end, side)
                totals = totals_by_period(r, [(start, end)], as_of)[0]
                assert totals == {s: sum(c[s] for c in plain["unit"].values()) for s in TaskStatus}
