""" "Chờ xác nhận": a completion reported by an owner and not yet confirmed.

Not a fifth status: the four official ones (done on time or late, in progress, overdue)
stay as the dates say, and a task waiting for confirmation is still open until a manager
confirms it. Lists show the state beside the status and filter by it, so a task reported
done is no longer read as plain "overdue 45 days". One rule, three forms: SQL for filters
(``AWAITING_SQL``, over a task aliased ``t``), a lookup for rows already read
(``awaiting_ids``), and every such task at once for the reminder planner
(``awaiting_tasks``).

Reminders: while it waits, the decision is with the approver, not with the owners. So
its owners are not reminded of it and nobody above them is escalated to
(``notifications.planner``); the approver is reminded of the request every day
(``plan_request_reminders``); a message claimed before the report names it "chờ xác
nhận hoàn thành", never "quá hạn N ngày" (``notifications.pipeline``). Once the
completion is refused (sent back), the task is plain overdue again and its reminders
resume at the next stage.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from models.i18n import register
from models.sqlread import Reader, id_set_match

_PENDING_COMPLETION = "kind = 'completion' AND state = 'pending'"  # the rule itself
# (the subquery's own columns: an unqualified name resolves to the innermost table)
AWAITING_SQL = (
    f"EXISTS (SELECT 1 FROM task_request aw WHERE aw.task_id = t.id AND {_PENDING_COMPLETION})"
)


def awaiting_ids(reader: Reader, ids: Sequence[int]) -> set[int]:
    """Which of the tasks ``ids`` wait for a completion to be confirmed."""
    if not ids:
        return set()
    params: dict[str, Any] = {}
    match = id_set_match("task_id", "ids", ids, params, reader.dialect)
    sql = f"SELECT DISTINCT task_id FROM task_request WHERE {_PENDING_COMPLETION} AND {match}"
    return {int(r[0]) for r in reader.fetch(sql, params)}


def awaiting_tasks(reader: Reader) -> set[int]:
    """Every task waiting for a completion to be confirmed (a committee has a few dozen
    at most): the reminder planner leaves them out, in one query per run."""
    sql = f"SELECT DISTINCT task_id FROM task_request WHERE {_PENDING_COMPLETION}"
    return {int(r[0]) for r in reader.fetch(sql, {})}


register(
    {
        # How people read the state wherever a task waiting for confirmation is named
        # (messages, the command line): instead of "quá hạn N ngày" in a reminder, beside
        # the status in a list.
        "awaiting.completion": {
            "vi": "Chờ xác nhận hoàn thành",
            "en": "Awaiting confirmation of completion",
        },
    }
)
