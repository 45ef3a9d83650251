"""Reporting duties alone (``dondoc remind run --duties``): periods owed, then reminders.

The scheduled morning run (``flows.deadline_reminders``) covers duties together with
tasks, in one message per person; this flow is for running duties on their own by hand.
The same ledger: an item already sent by the morning run is never sent again.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from prefect import flow, get_run_logger

from flows.deadline_reminders import generate_periods, remind
from flows.runtime import as_of_or_today, tell_office
from models.item_kinds import ItemKind

ARTIFACT_KEY = "reporting-duties"


@flow(name="reporting-duties", on_failure=[tell_office], on_crashed=[tell_office])
def reporting_duties(
    as_of: date | None = None, dry_run: bool = False, at: datetime | None = None
) -> dict[str, Any]:
    """Remind units of reports and meetings they owe; escalate what stays overdue."""
    day = as_of_or_today(as_of)
    created = generate_periods(day)
    get_run_logger().info("periods: %s", created or "none new")
    return {**remind(day, dry_run, at, (ItemKind.DUTY,), ARTIFACT_KEY), "periods": created}
