"""Requests waiting for a decision: what the morning run reminds approvers of.

A request is reminded of on ``as_of`` when it was made before that day began (on the day
it is made, the e-mail sent at once told the approver) and is still undecided now: a
decision, whenever it is made, ends the reminders at once, even in a run dated earlier
(telling someone to decide what they decided is worse than one reminder fewer), and a
request decided after a run claimed its reminder is not sent. Its task must be open on
``as_of``: a request on work done or cancelled meanwhile awaits nothing. Plain SQL
through a ``Reader``: one query for a run's plan, one for the requests its messages carry.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from models.queries import end_of_day
from models.settings import get_settings
from models.sqlread import Reader, as_date, id_set_match
from models.status import open_on


@dataclass(frozen=True)
class WaitingRequest:
    id: int
    task_id: int
    kind: str  # ``RequestKind``: "extension" | "completion"
    requested_by_id: int
    requested_by: str  # the asker's full name
    requested_on: date  # the committee's date it was made
    asked_on: date  # the deadline asked for, or the day the work was reported done
    note: str | None  # the reason, or the completion note

    def waited(self, as_of: date) -> int:
        """Whole days it has waited by ``as_of``."""
        return (as_of - self.requested_on).days


def _waiting_sql(where: str) -> str:
    return (
        "SELECT r.id, r.task_id, r.kind, r.requested_by_id, p.full_name, r.requested_at,"
        " COALESCE(r.new_due_on, r.completed_on), r.note FROM task_request r"
        " JOIN task t ON t.id = r.task_id JOIN person p ON p.id = r.requested_by_id"
        " WHERE r.state = 'pending' AND r.requested_at < :day_start"
        f" AND {open_on()}{where} ORDER BY r.requested_at, r.id"
    )


def waiting_on(
    reader: Reader, as_of: date, ids: Sequence[int] | None = None
) -> list[WaitingRequest]:
    """The requests to remind approvers of on ``as_of`` (only ``ids``, if given), oldest
    first; days begin at the committee's midnight, as ``end_of_day`` says."""
    params: dict[str, Any] = {
        "as_of": as_of,
        "day_start": end_of_day(reader, as_of - timedelta(days=1)),
    }
    where = ""
    if ids is not None:
        if not ids:
            return []
        where = " AND " + id_set_match("r.id", "ids", ids, params, reader.dialect)
    zone = ZoneInfo(get_settings().timezone)
    found: list[WaitingRequest] = []
    for row in reader.fetch(_waiting_sql(where), params):
        at = row[5] if isinstance(row[5], datetime) else datetime.fromisoformat(str(row[5]))
        at = at if at.tzinfo is not None else at.replace(tzinfo=UTC)  # SQLite: naive UTC
        asked_on = as_date(row[6])
        assert asked_on is not None  # an extension's deadline, a completion's day
        found.append(
            WaitingRequest(
                int(row[0]),
                int(row[1]),
                str(row[2]),
                int(row[3]),
                str(row[4]),
                at.astimezone(zone).date(),
                asked_on,
                row[7],
            )
        )
    return found
