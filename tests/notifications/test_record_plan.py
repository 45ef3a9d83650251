"""Recording an outcome finds its rows by id, whatever the statistics say about statuses.

A log of yesterday's sent rows tells the planner hardly any row is claimed; a plan that
then fetched "every claimed row" through the status index would read all of a morning's
claims for each outcome (on PostgreSQL it did: a quarter of a million rows per message).
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import sqlalchemy as sa

from notifications import ledger
from tests.notifications.conftest import build_committee
from tests.notifications.ledger_plans import claim_items, plan_of, statements_sent

NOW = datetime(2024, 3, 22, 0, 30, tzinfo=UTC)


def test_an_outcome_is_recorded_by_row_id_when_the_statistics_say_nothing_is_claimed(
    engine: sa.Engine,
) -> None:
    build_committee(engine)
    with engine.connect() as connection:
        person = connection.exec_driver_sql("SELECT min(id) FROM person").scalar_one()
    yesterday = str(uuid.uuid4())
    sent = claim_items(engine, person, range(1500), yesterday, NOW)
    outcomes = [ledger.Result(tuple(sent[i : i + 50]), True, "s") for i in range(0, 1500, 50)]
    assert ledger.record(engine, yesterday, outcomes, NOW) == 1500
    with engine.begin() as connection:
        connection.exec_driver_sql("ANALYZE delivery_log")  # statistics: nothing claimed
    token = str(uuid.uuid4())
    claimed = claim_items(engine, person, range(1500, 3000), token, NOW)

    with statements_sent(engine) as sent_sql:
        assert (
            ledger.record(engine, token, [ledger.Result(tuple(claimed[:3]), True, "s")], NOW) == 3
        )
    (statement, parameters), *_ = [s for s in sent_sql if s[0].lstrip().startswith("UPDATE")]
    plan = plan_of(engine, statement, parameters)
    if engine.dialect.name == "postgresql":
        assert plan.indexes == {"pk_delivery_log"}, plan.detail
    else:
        assert "delivery_log USING INTEGER PRIMARY KEY" in plan.detail, plan.detail
        assert "ix_delivery_log" not in plan.detail, plan.detail
