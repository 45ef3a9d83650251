"""Compacting the delivery log: the settled rows a year unattended piles up (a quarter of
a million claims on a busy morning at 100k tasks) go once nothing can need them again.

A row may go when all of these hold:
- it is settled for good: ``sent`` or ``abandoned`` (failed and ambiguous rows still
  wait for a retry or for the office's report);
- it was last touched before the cut-off (``keep_days`` ago);
- no later run can plan its key again. Reminder keys are per stage and occurrence, and
  an escalation's occurrence stays the same for as long as its task stays open: deleting
  that row would send the escalation again. So a row about a task, a duty or a request
  goes only once its item is closed (task completed or cancelled, duty submitted or
  waived, request decided). The kinds keyed by a day or an event (request notices, the
  office's undelivered report, the manager digest, the watcher) are never planned for a
  past day, so age alone lets them go. A kind not named here is kept.

Read receipts of a deleted row go with it. Rows go in batches, each its own
transaction, so a morning run is never blocked for long.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from models.base import table_of
from models.deliveries import DeliveryLog
from models.item_kinds import ItemKind
from notifications import watch
from notifications.kinds import manager_digest, request_notice, undelivered

BATCH = 5_000
DATED_KINDS = (request_notice.KIND, undelivered.KIND, manager_digest.KIND, watch.KIND)

_CLOSED = {
    ItemKind.TASK: "EXISTS (SELECT 1 FROM task t WHERE t.id = d.item_id"
    " AND (t.completed_on IS NOT NULL OR t.cancelled_on IS NOT NULL))",
    ItemKind.DUTY: "EXISTS (SELECT 1 FROM duty_instance i WHERE i.id = d.item_id"
    " AND (i.waived_on IS NOT NULL"
    " OR EXISTS (SELECT 1 FROM duty_submission s WHERE s.instance_id = i.id)))",
    ItemKind.REQUEST: "EXISTS (SELECT 1 FROM task_request r WHERE r.id = d.item_id"
    " AND r.state <> 'pending')",
}


def _goes() -> str:
    closed = " OR ".join(f"(d.item_kind = '{kind}' AND {sql})" for kind, sql in _CLOSED.items())
    dated = ", ".join(f"'{kind}'" for kind in DATED_KINDS)
    return (
        "d.status IN ('sent', 'abandoned') AND d.updated_at < :cutoff"
        f" AND ({closed} OR d.item_kind IN ({dated}))"
    )


def compact(engine: Engine, now: datetime, keep_days: int, batch: int = BATCH) -> int:
    """Delete the rows that can go (see the module); returns how many went."""
    cutoff = now - timedelta(days=keep_days)
    # Bound with the column's own type: it stores moments the same way on both backends.
    stamp = sa.bindparam("cutoff", type_=table_of(DeliveryLog).c.updated_at.type)
    pick = sa.text(
        f"SELECT d.id FROM delivery_log d WHERE {_goes()} ORDER BY d.id LIMIT :n"
    ).bindparams(stamp)
    gone = 0
    while True:
        with engine.begin() as connection:
            ids = list(connection.execute(pick, {"cutoff": cutoff, "n": batch}).scalars())
            if not ids:
                return gone
            chosen: sa.BindParameter[list[int]] = sa.bindparam("ids", expanding=True)
            receipts = sa.text("DELETE FROM delivery_receipt WHERE delivery_id IN :ids")
            rows = sa.text("DELETE FROM delivery_log WHERE id IN :ids")
            connection.execute(receipts.bindparams(chosen), {"ids": ids})
            connection.execute(rows.bindparams(chosen), {"ids": ids})
            gone += len(ids)
