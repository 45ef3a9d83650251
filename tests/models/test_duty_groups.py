"""Grouping duty instances by duty and period, and period labels as people write them."""

from __future__ import annotations

from datetime import date

from models.duty_groups import group_duties
from models.duty_queries import DutyRow
from models.duty_status import DutyStatus, DutyStatusView


def _row(instance: int, duty: int, unit: str, period: str, due: date, days: int) -> DutyRow:
    return DutyRow(
        instance,
        duty,
        f"D{duty}",
        f"Duty {duty}",
        "meeting",
        instance,
        unit,
        unit,
        period,
        due,
        due,
        None,
        None,
        None,
        DutyStatusView(DutyStatus.OVERDUE, days),
    )


def test_instances_of_one_duty_and_period_are_one_group() -> None:
    rows = [
        _row(1, 1, "CB2", "2024-01", date(2024, 2, 5), 160),
        _row(2, 1, "CB1", "2024-01", date(2024, 2, 5), 160),
        _row(3, 1, "CB1", "2024-02", date(2024, 3, 5), 131),
        _row(4, 2, "CB1", "2024-01", date(2024, 2, 1), 164),
    ]
    groups = group_duties(rows)
    assert [(g.duty_id, g.period_key) for g in groups] == [
        (2, "2024-01"),
        (1, "2024-01"),
        (1, "2024-02"),
    ]
    assert groups[1].unit_codes == ("CB1", "CB2")
    assert groups[1].instance_ids == (2, 1)
    assert groups[1].days == 160 and groups[1].due_on == date(2024, 2, 5)
