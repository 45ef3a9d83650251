"""Year-end emulation: the year's figures per unit and per person equal a plain reading
of every task, the table is frozen at the first reading after the cut-off, and the
score follows the committee's weights file (refused with the field's name when wrong)."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from cli.demo_commands import DEMO_MINUTES
from documents.minutes import import_minutes
from models.calendar import default_calendar
from models.duty_lifecycle import generate_all
from models.emulation import EmulationLine, emulation_figures, emulation_table, year_window
from models.emulation_rules import EmulationRules, load_rules
from models.errors import TrackerError
from models.explanations import request_explanation
from models.lifecycle import complete_task
from models.org import Person, Unit
from models.period_snapshots import PeriodSnapshot
from models.status import TaskStatus
from models.tasks import Task
from tests.builders import ident, reader
from tests.models.test_unit_scope import _below, _status, _unit_tasks, _world

AS_OF = date(2024, 7, 15)


def _demo(session: Session) -> int:
    import_minutes(session, DEMO_MINUTES, "test", default_calendar())
    generate_all(session, date(2024, 1, 1), date(2024, 12, 31), default_calendar())
    session.commit()
    return ident(session.exec(select(Unit).where(Unit.code == "DU-SHTT")).one())


def _counts(statuses: Counter[TaskStatus]) -> tuple[int, int, int, int, int]:
    s = TaskStatus
    led = sum(statuses[x] for x in (s.DONE_ON_TIME, s.DONE_LATE, s.IN_PROGRESS, s.OVERDUE))
    return (
        led,
        statuses[s.DONE_ON_TIME],
        statuses[s.DONE_LATE],
        statuses[s.IN_PROGRESS],
        (statuses[s.OVERDUE]),
    )


def _figures(line: EmulationLine) -> tuple[int, int, int, int, int]:
    return line.led, line.on_time, line.late, line.in_progress, line.overdue


def test_year_figures_agree_with_brute_force(engine: Engine) -> None:
    with Session(engine) as session:
        committee = _demo(session)
        world = _world(session)
        window = year_window(2024)
        assert (window.start, window.end) == (date(2023, 12, 15), date(2024, 12, 14))
        in_window = [t for t in world.tasks if t.due_on and window.start <= t.due_on <= window.end]
        figures = emulation_figures(reader(session), 2024, AS_OF, [committee])
        codes = {ident(u): u.code for u in session.exec(select(Unit))}
        assert {u.code for u in figures.units} == {codes[u] for u in _below(world, committee)}
        for line in figures.units:
            unit_id = next(i for i, c in codes.items() if c == line.code)
            mine = _unit_tasks(world, _below(world, unit_id), co_owned=False)
            expected = Counter(_status(t, AS_OF) for t in in_window if ident(t) in mine)
            assert _figures(line) == _counts(expected), line.code
            assert line.duties_on_time is not None and line.explanations == 0
        people = {ident(p): p for p in session.exec(select(Person))}
        expected_people = {
            people[pid].code: _counts(
                Counter(_status(t, AS_OF) for t in in_window if t.lead_person_id == pid)
            )
            for pid in {t.lead_person_id for t in in_window if t.lead_person_id}
        }
        assert {p.code: _figures(p) for p in figures.people} == expected_people
        assert expected_people, "the demo has tasks led by people"


def test_table_is_frozen_at_the_first_reading_after_the_cutoff(engine: Engine) -> None:
    with Session(engine) as session:
        committee = _demo(session)
        live = emulation_table(session, 2024, date(2024, 12, 14), [committee])
        assert live.frozen_on is None and live.figures.as_of == "2024-12-14"
        assert session.exec(select(PeriodSnapshot)).first() is None  # nothing stored yet
        first = emulation_table(session, 2024, date(2024, 12, 20), [committee])
        session.commit()
        assert first.frozen_on == date(2024, 12, 20)
        assert first.figures.as_of == "2024-12-14"
        assert first.figures.units == live.figures.units  # as of the cut-off, not of today
        # Work reported late (in January, done "on 10 December") changes the count as of
        # the cut-off ...
        overdue_ids = [
            ident(t)
            for t in session.exec(select(Task))
            if t.due_on
            and t.due_on < date(2024, 12, 10)
            and t.completed_on is None
            and t.cancelled_on is None
        ]
        assert overdue_ids
        for task_id in overdue_ids:
            task = session.get(Task, task_id)
            assert task is not None
            complete_task(session, task, date(2024, 12, 10), "t", today=date(2025, 1, 6))
        session.commit()
        recount = emulation_table(session, 2024, date(2024, 12, 14), [committee])
        assert recount.figures.units != live.figures.units
        # ... but not the frozen table, nor its date.
        again = emulation_table(session, 2024, date(2025, 1, 10), [committee])
        assert again.frozen_on == date(2024, 12, 20)
        assert again.figures == first.figures
        stored = session.exec(select(PeriodSnapshot)).all()
        assert [(s.period_key, s.scope_unit_id) for s in stored] == [("thi-dua-2024", committee)]


def test_score_is_the_weighted_sum() -> None:
    line = EmulationLine("U", "Unit", "Unit", 0, 10, 5, 2, 1, 2, 3, 1, None)
    rules = EmulationRules()
    assert line.score(rules) == 5 * 2.0 + 2 * 0.5 + 2 * -3.0 + 3 * 1.0 + 1 * -2.0
    line.explanations = 2
    assert line.score(EmulationRules(explanation=-5)) == line.score(rules) - 10 + 2 * 1.0


def test_rules_file_defaults_overrides_and_refusals(tmp_path: Path) -> None:
    assert load_rules(tmp_path) == EmulationRules()
    rules = tmp_path / "emulation.toml"
    rules.write_text("[weights]\non_time = 3\noverdue = -4.5\n", "utf-8")
    assert load_rules(tmp_path) == EmulationRules(on_time=3, overdue=-4.5)
    for text, code, field in [
        ("[weights]\novedue = 1\n", "emulation_rule_unknown", "ovedue"),
        ('[weights]\nlate = "một"\n', "emulation_rule_bad", "late"),
        ("[weights]\nlate = true\n", "emulation_rule_bad", "late"),
        ("weights = 3\n", "emulation_rule_bad", "weights"),
        ("[weights\n", "emulation_rules_unreadable", None),
    ]:
        rules.write_text(text, "utf-8")
        with pytest.raises(TrackerError) as refused:
            load_rules(tmp_path)
        assert (refused.value.code, refused.value.field) == (code, field), text


def test_explanations_asked_within_the_year_are_counted_per_unit_and_person(
    engine: Engine,
) -> None:
    with Session(engine) as session:
        committee = _demo(session)
        secretary = session.exec(select(Person).where(Person.code == "long.lh")).one()
        overdue = [
            t
            for t in session.exec(select(Task)).all()
            if t.due_on is not None and t.due_on < AS_OF and t.completed_on is None
        ]
        by_unit = next(t for t in overdue if t.lead_unit_id is not None)
        by_person = next(t for t in overdue if t.lead_person_id is not None)
        for task in (by_unit, by_person):
            request_explanation(session, task, secretary, AS_OF + timedelta(days=7), None, AS_OF)
        session.commit()
        unit = session.get(Unit, by_unit.lead_unit_id)
        leader = session.get(Person, by_person.lead_person_id)
        root = session.get(Unit, committee)
        assert unit is not None and leader is not None and root is not None
        home = session.get(Unit, leader.unit_id)
        assert home is not None
        codes = (root.code, unit.code, home.code, leader.code)
    with Session(engine) as session:  # the day before they were asked: none yet
        before = emulation_figures(reader(session), 2024, AS_OF - timedelta(days=1), [committee])
    with Session(engine) as session:
        after = emulation_figures(reader(session), 2024, AS_OF, [committee])
    root_code, unit_code, home_code, leader_code = codes
    assert all(line.explanations == 0 for line in before.units + before.people)
    asked = {line.code: line.explanations or 0 for line in after.units}
    # A unit's line counts its subtree, as its tasks do: the committee sees both.
    assert asked[root_code] == 2
    assert asked[unit_code] >= 1 and asked[home_code] >= 1
    (person,) = [p for p in after.people if p.code == leader_code]
    assert person.explanations == 1
    rules = EmulationRules()
    was = {p.code: p for p in before.people}[leader_code]
    assert person.score(rules) - was.score(rules) == pytest.approx(
        rules.explanation + _status_points(person, rules) - _status_points(was, rules)
    )


def _status_points(line: EmulationLine, rules: EmulationRules) -> float:
    """A line's score without its explanations (the statuses move from one day to the next)."""
    return line.score(rules) - rules.explanation * (line.explanations or 0)
