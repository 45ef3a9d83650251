""" "Chờ xác nhận": a completion reported by an owner and not yet confirmed.

Not a fifth status: the four official ones (done on time or late, in progress, overdue)
stay as the dates say, and a task waiting for confirmation is still open until a manager
confirms it. Lists show the state beside the status and filter by it, so a task reported
done is no longer read as plain "overdue 45 days". One rule, two forms: SQL for filters
(``AWAITING_SQL``, over a task aliased ``t``) and a lookup for rows already read.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from models.i18n import register
from models.sqlread import Reader, id_set_match

AWAITING_SQL = (
    "EXISTS (SELECT 1 FROM task_request aw WHERE aw.task_id = t.id"
    " AND aw.kind = 'completion' AND aw.state = 'pending')"
)


def awaiting_ids(reader: Reader, ids: Sequence[int]) -> set[int]:
    """Which of the tasks ``ids`` wait for a completion to be confirmed."""
    if not ids:
        return set()
    params: dict[str, Any] = {}
    match = id_set_match("task_id", "ids", ids, params, reader.dialect)
    sql = (
        "SELECT DISTINCT task_id FROM task_request"
        f" WHERE kind = 'completion' AND state = 'pending' AND {match}"
    )
    return {int(r[0]) for r in reader.fetch(sql, params)}


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
