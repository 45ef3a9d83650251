"""The run report's count of a day: what every run of that local day sent, by send time.

Every reminder run asks it, so it must read the day's sent rows only, not every row ever
sent (migration 0012's partial index of sent rows by ``sent_at``), with or without statistics.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

import sqlalchemy as sa

from notifications import ledger, run_summary
from tests.notifications.conftest import build_committee
from tests.notifications.ledger_plans import claim_items, plan_of, statements_sent

ZONE = "Asia/Ho_Chi_Minh"  # UTC+7: 17:00 UTC is already the next local day


def _send(engine: sa.Engine, person: int, items: range, at: datetime, ok: bool = True) -> None:
    """Claim one reminder per item and record them all, as a run at ``at`` would."""
    token = str(uuid.uuid4())
    ids = tuple(claim_items(engine, person, items, token, at))
    outcome = ledger.Result(ids, ok, "s", digest_id=str(uuid.uuid4()), error=None if ok else "x")
    assert ledger.record(engine, token, [outcome], at) == len(items)


def test_a_day_counts_what_was_sent_in_its_local_hours_through_the_sent_time_index(
    engine: sa.Engine,
) -> None:
    build_committee(engine)
    with engine.connect() as connection:
        person = connection.exec_driver_sql("SELECT min(id) FROM person").scalar_one()
    _send(engine, person, range(0, 5), datetime(2024, 3, 21, 1, 0, tzinfo=UTC))  # 21/3 08:00
    _send(engine, person, range(5, 8), datetime(2024, 3, 21, 16, 59, tzinfo=UTC))  # 21/3 23:59
    _send(engine, person, range(8, 10), datetime(2024, 3, 21, 17, 0, tzinfo=UTC))  # 22/3 00:00
    _send(engine, person, range(10, 14), datetime(2024, 3, 22, 2, 0, tzinfo=UTC), ok=False)
    # No ANALYZE: a committee's SQLite database never has statistics on the log.

    with statements_sent(engine) as statements:
        day_one = run_summary.delivered_on(engine, date(2024, 3, 21), ZONE)
    assert (day_one.sent, day_one.messages, day_one.failed) == (8, 2, 0)
    day_two = run_summary.delivered_on(engine, date(2024, 3, 22), ZONE)
    assert (day_two.sent, day_two.messages, day_two.failed) == (2, 1, 4)

    statement, parameters = next(s for s in statements if "sent_at" in s[0])
    # PostgreSQL scans a test's tiny table whatever the indexes: told not to, it shows
    # which index serves the query.
    plan = plan_of(engine, statement, parameters, seqscan=False)
    assert "ix_delivery_log_sent_at" in plan.indexes, plan.detail
