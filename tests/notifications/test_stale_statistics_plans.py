"""No statement a reminder run sends to the ledger depends on when statistics were gathered.

The ledger holds a morning's claims while PostgreSQL's statistics say it is empty (a mass
delete analysed, then the rows back: a benchmark's reset, a restore, a retention job, a
new install's first large day; autovacuum busy or off). A plan chosen on "the ledger is
empty" that reads the whole table or an index once per key is quadratic: a same-day
re-run of 131,307 keys ran for minutes in one statement. Every statement the runs send
(dry run, same-day re-run, the next working day's run, the day's totals), and the web's
lookup when a reader opens a link, is explained in that state, and none may repeat a full
scan in a loop.
"""

from __future__ import annotations

import json
import uuid
from datetime import timedelta

import pytest
import sqlalchemy as sa
from sqlmodel import Session

from benchmarks.synthetic import Shape, populate
from models.db import make_engine
from models.item_kinds import ItemKind
from models.planner_stats import MIN_ROWS, refresh_if_grown
from models.receipts import mark_read
from models.stage_names import StageName
from notifications import ledger, run_summary
from notifications.config import NotifyConfig
from notifications.pipeline import claim
from notifications.planner import Plan, Reminder, idempotency_keys
from notifications.run import run_once
from tests.notifications.conftest import CAL, TZ, build_committee
from tests.notifications.ledger_plans import (
    driver_statements,
    is_ledger_statement,
    looped_full_scans,
    plan_of,
    statistics_say_empty,
)
from tests.notifications.test_reminder_runs import morning
from tests.peers import SmtpSink

SHAPE = Shape(tasks=500, open_tasks=500, people=60, units=20, years=2, seed=30)


def _fail_for_good(engine: sa.Engine, config: NotifyConfig, rows: int) -> None:
    """A few deliveries failing after their last try: the office's report is part of a run."""
    with engine.begin() as connection:
        connection.exec_driver_sql(
            "UPDATE delivery_log SET status = 'failed', attempts = %s, sent_at = NULL,"
            " next_attempt_at = '2100-01-01T00:00:00Z', last_error = 'refused'"
            " WHERE id IN (SELECT id FROM delivery_log ORDER BY id LIMIT %s)",
            (config.policy.max_attempts, rows),
        )


def _open_a_link(engine: sa.Engine) -> None:
    """What the web asks the ledger when a reader opens a link from a message (kept out:
    the ledger's rows are deleted again to make its statistics stale)."""
    with Session(engine) as session:
        recipient, kind, item = (
            session.connection()
            .exec_driver_sql(
                "SELECT recipient_id, item_kind, item_id FROM delivery_log WHERE status = 'sent'"
                " ORDER BY id LIMIT 1"
            )
            .one()
        )
        assert mark_read(session, recipient, kind, item) is not None
        session.rollback()


@pytest.fixture
def pg_engine(postgres_url: str) -> sa.Engine:
    return make_engine(postgres_url)


def test_no_statement_of_a_run_scans_the_ledger_in_a_loop_when_its_statistics_say_empty(
    pg_engine: sa.Engine, smtp: SmtpSink
) -> None:
    engine = pg_engine
    populate(engine, SHAPE)
    config = NotifyConfig(channels={"email": smtp.url()}, tracking_office="U0001")
    day, monday = SHAPE.as_of, SHAPE.as_of + timedelta(days=3)
    assert (day.weekday(), monday.weekday()) == (4, 0)
    first = run_once(engine, day, morning(day), config, CAL, TZ)
    assert first.sent > 10 and first.planned > 100, first
    _fail_for_good(engine, config, 3)
    statistics_say_empty(engine)

    with driver_statements() as sent:
        dry = run_once(engine, day, morning(day, 9), config, CAL, TZ, dry_run=True)
        again = run_once(engine, day, morning(day, 9), config, CAL, TZ)
        later = run_once(engine, monday, morning(monday), config, CAL, TZ)
        run_summary.delivered_on(engine, monday, TZ)
        _open_a_link(engine)
    assert (len(dry.previews), again.sent, len(again.office_reports)) == (0, 0, 1)
    assert later.sent > 10, later

    statistics_say_empty(engine)  # as the statements met it (a run may analyse)
    statements = dict(reversed([s for s in sent if is_ledger_statement(s[0])]))
    for marker in ("idempotency_key", "claim_token", "digest_id", "reported_at", "id DESC"):
        assert any(marker in s for s in statements), (marker, list(statements))
    looped = {}
    for statement, parameters in statements.items():
        plan = json.loads(plan_of(engine, statement, parameters).detail)[0]["Plan"]
        if scans := looped_full_scans(plan):
            looped[statement] = scans
    assert not looped, json.dumps(looped, indent=1)
    engine.dispose()


def test_the_loop_finder_sees_a_materialised_index_read_again_per_key() -> None:
    """Today's plan of the keys' probe on stale statistics, as EXPLAIN gave it."""
    plan = {
        "Node Type": "Nested Loop",
        "Join Type": "Anti",
        "Plans": [
            {
                "Node Type": "Function Scan",
                "Parent Relationship": "Outer",
                "Function Name": "unnest",
            },
            {
                "Node Type": "Materialize",
                "Parent Relationship": "Inner",
                "Plans": [
                    {
                        "Node Type": "Index Only Scan",
                        "Parent Relationship": "Outer",
                        "Index Name": "uq_delivery_log_idempotency_key",
                        "Relation Name": "delivery_log",
                    }
                ],
            },
        ],
    }
    assert looped_full_scans(plan) == ["Index Only Scan on delivery_log"]
    probe = plan["Plans"][1]["Plans"][0]  # type: ignore[index]
    probe["Index Cond"] = "(idempotency_key = k.key)"
    assert looped_full_scans(plan) == []


def _known_rows(engine: sa.Engine) -> float:
    with engine.connect() as connection:
        return float(
            connection.exec_driver_sql(
                "SELECT reltuples FROM pg_class WHERE oid = 'delivery_log'::regclass"
            ).scalar_one()
        )


def _reminders(person: int, items: range) -> Plan:
    day = SHAPE.as_of
    return Plan(
        day,
        [
            Reminder(person, "email", "a@example.org", ItemKind.TASK, i, StageName.DUE, day, day, 0)
            for i in items
        ],
    )


def test_a_claim_that_at_least_doubles_the_ledger_has_it_analysed_at_once(
    pg_engine: sa.Engine,
) -> None:
    """Autovacuum off (or busy): only the claim itself can bring the statistics up to date."""
    engine = pg_engine
    build_committee(engine)
    with engine.begin() as connection:
        connection.exec_driver_sql("ALTER TABLE delivery_log SET (autovacuum_enabled = false)")
        person = connection.exec_driver_sql("SELECT min(id) FROM person").scalar_one()
    config = NotifyConfig(channels={})
    now = morning(SHAPE.as_of)
    assert _known_rows(engine) <= 0  # never analysed (-1) or empty
    claim(engine, _reminders(person, range(1500)), str(uuid.uuid4()), now, config)
    assert _known_rows(engine) == 1500
    # Adding fewer rows than the statistics know of leaves them to autovacuum.
    claim(engine, _reminders(person, range(1500, 2900)), str(uuid.uuid4()), now, config)
    assert _known_rows(engine) == 1500
    claim(engine, _reminders(person, range(2900, 4400)), str(uuid.uuid4()), now, config)
    assert _known_rows(engine) == 4400
    assert refresh_if_grown(engine, {"delivery_log": MIN_ROWS - 1}) == []
    engine.dispose()


def test_the_keys_probe_is_not_compiled_however_many_keys(pg_engine: sa.Engine) -> None:
    """A loop of probes over many keys is costed high enough for PostgreSQL to compile it
    (JIT, where the server has it): a third of a second of a re-run's probe, for nothing.
    The statements ``unheld`` sends are replayed in order on one connection, the probe
    explained as it runs."""
    engine = pg_engine
    build_committee(engine)
    with engine.connect() as connection:
        person = connection.exec_driver_sql("SELECT min(id) FROM person").scalar_one()
    planned = _reminders(person, range(15_000))
    claim(engine, planned, str(uuid.uuid4()), morning(SHAPE.as_of), NotifyConfig(channels={}))
    keys = sorted(idempotency_keys(planned.reminders))
    with driver_statements() as sent:
        assert ledger.unheld(engine, keys) == []
    with engine.connect() as connection:
        *before, (probe, parameters) = sent
        for statement, values in before:
            connection.exec_driver_sql(statement, values)
        analysed = connection.exec_driver_sql(
            f"EXPLAIN (ANALYZE, FORMAT JSON) {probe}", parameters
        ).scalar_one()
    assert analysed[0]["Plan"]["Total Cost"] > 100_000  # above jit_above_cost's default
    assert "JIT" not in analysed[0], analysed[0]["JIT"]
    engine.dispose()
