"""The set-based claim: keys as earlier versions made them, held rows left to their run."""

from __future__ import annotations

import hashlib
import uuid
from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa

from notifications import ledger
from notifications.planner import Reminder, idempotency_keys
from tests.notifications.conftest import build_committee

DAY = date(2024, 3, 22)
NOW = datetime(2024, 3, 22, 0, 30, tzinfo=UTC)


def test_keys_are_derived_as_before_so_an_upgrade_mid_day_finds_the_morning_claims() -> None:
    reminder = Reminder(
        12, "email", "mai@example.org", "task", 7, "overdue", date(2024, 3, 15), DAY, 7
    )
    earlier = hashlib.sha256(
        b"12|email|mai@example.org|task|7|overdue|2024-03-15|2024-03-22"
    ).hexdigest()
    assert reminder.key == earlier
    assert idempotency_keys([reminder, reminder._replace(item_id=8)]) == [
        earlier,
        hashlib.sha256(
            b"12|email|mai@example.org|task|8|overdue|2024-03-15|2024-03-22"
        ).hexdigest(),
    ]


def _reminders(engine: sa.Engine, count: int) -> list[Reminder]:
    build_committee(engine)
    with engine.connect() as connection:
        person = connection.exec_driver_sql("SELECT min(id) FROM person").scalar_one()
    return [
        Reminder(person, "email", "mai@example.org", "task", i, "due", DAY, DAY, 0)
        for i in range(count)
    ]


def _tokens(engine: sa.Engine) -> dict[int, str]:
    with engine.connect() as connection:
        rows = connection.exec_driver_sql("SELECT item_id, claim_token FROM delivery_log")
        return {item_id: token for item_id, token in rows}


def test_a_second_claim_takes_only_what_is_not_held(engine: sa.Engine) -> None:
    reminders = _reminders(engine, 1500)
    first, second = str(uuid.uuid4()), str(uuid.uuid4())
    assert ledger.claim_new(engine, reminders[:600], first, NOW) == 600
    assert ledger.claim_new(engine, reminders, second, NOW) == 900
    tokens = _tokens(engine)
    assert len(tokens) == 1500
    assert {tokens[i] for i in range(600)} == {first}
    assert {tokens[i] for i in range(600, 1500)} == {second}
    assert sorted(r.item_id for r in ledger.claimed_by(engine, second)) == list(range(600, 1500))
    assert ledger.claim_new(engine, reminders, str(uuid.uuid4()), NOW) == 0  # a same-day re-run


def test_rows_the_probe_misses_are_still_left_to_their_run(engine: sa.Engine) -> None:
    """The probe samples the keys first; a held row it does not see is skipped by ON
    CONFLICT DO NOTHING, never claimed twice."""
    reminders = _reminders(engine, 1500)
    keys = idempotency_keys(reminders)
    sampled = set(sorted(keys)[:: len(keys) // 500])
    missed = [r for r, key in zip(reminders, keys, strict=True) if key not in sampled][:3]
    first, second = str(uuid.uuid4()), str(uuid.uuid4())
    assert ledger.claim_new(engine, missed, first, NOW) == 3
    assert ledger.unheld(engine, sorted(sampled)) == list(range(len(sampled)))  # none seen
    assert ledger.claim_new(engine, reminders, second, NOW) == 1497
    tokens = _tokens(engine)
    assert len(tokens) == 1500
    assert {tokens[r.item_id] for r in missed} == {first}


def test_a_heartbeat_renews_older_claims_and_leaves_just_made_ones(engine: sa.Engine) -> None:
    reminders = _reminders(engine, 4)
    token = str(uuid.uuid4())
    ledger.claim_new(engine, reminders[:2], token, NOW)
    later = NOW + timedelta(minutes=10)
    ledger.claim_new(engine, reminders[2:], token, later)
    beat = later + timedelta(seconds=30)
    assert ledger.heartbeat(engine, token, beat, skip_newer=timedelta(minutes=1)) == 2
    d = ledger.D
    with engine.connect() as connection:
        stamps = connection.execute(sa.select(d.c.item_id, d.c.claimed_at).order_by(d.c.item_id))
        renewed = [item for item, stamp in stamps if stamp == beat]
    assert renewed == [0, 1]
