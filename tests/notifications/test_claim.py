"""The set-based claim: keys (pinned, and found again after an upgrade), held rows left to
their run."""

from __future__ import annotations

import hashlib
import uuid
from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa
from alembic import command

from models.item_kinds import ItemKind
from models.migrate import alembic_config, current_revision, head_revision, upgrade
from models.stage_names import StageName
from notifications import ledger
from notifications.planner import Reminder, idempotency_keys
from tests.notifications.conftest import build_committee

DAY = date(2024, 3, 22)
NOW = datetime(2024, 3, 22, 0, 30, tzinfo=UTC)


def _sha(text: bytes) -> str:
    return hashlib.sha256(text).hexdigest()


def test_keys_are_the_recipient_then_the_hash_of_what_identifies_the_reminder() -> None:
    reminder = Reminder(
        12,
        "email",
        "mai@example.org",
        ItemKind.TASK,
        7,
        StageName.OVERDUE,
        date(2024, 3, 15),
        DAY,
        7,
    )
    pinned = (
        "0000000012" + _sha(b"12|email|mai@example.org|task|7|overdue|2024-03-15|2024-03-22")[:54]
    )
    assert reminder.key == pinned
    assert len(pinned) == 64
    assert idempotency_keys([reminder, reminder._replace(item_id=8)]) == [
        pinned,
        "0000000012" + _sha(b"12|email|mai@example.org|task|8|overdue|2024-03-15|2024-03-22")[:54],
    ]
    largest = reminder._replace(recipient_id=2_147_483_647)  # the largest INTEGER id
    assert len(largest.key) == 64 and largest.key.startswith("2147483647")
    # Sorted keys are claims recipient by recipient (the order they are inserted in).
    people = [
        reminder._replace(recipient_id=who, item_id=i) for who in (9, 10, 100) for i in range(20)
    ]
    assert [k[:10] for k in sorted(idempotency_keys(people))] == [
        k[:10] for k in idempotency_keys(people)
    ]


def test_an_upgrade_mid_day_finds_the_claims_made_before_it(engine: sa.Engine) -> None:
    """A claim stored at migration 0010 under the old key (the whole sha256, as earlier
    versions made it) is found after migration 0011 rewrote it: nothing is claimed twice."""
    reminders = _reminders(engine, 3)
    morning = reminders[1]
    with engine.begin() as connection:
        command.downgrade(alembic_config(connection), "0010")
    old_key = _sha(
        "|".join(map(str, morning[:8])).encode()  # recipient, channel, ..., occurrence
    )
    with engine.begin() as connection:
        connection.execute(
            ledger.D.insert().values(
                idempotency_key=old_key, recipient_id=morning.recipient_id, channel="email",
                address=morning.address, item_kind="task", item_id=morning.item_id, stage="due",
                occurrence=DAY.isoformat(), status="claimed", claim_token="morning",
                claimed_at=NOW, created_at=NOW, updated_at=NOW,
            )
        )  # fmt: skip
    upgrade(engine)
    assert current_revision(engine) == head_revision()
    with engine.connect() as connection:
        stored = connection.exec_driver_sql("SELECT idempotency_key FROM delivery_log").scalar()
    assert stored == morning.key == f"{morning.recipient_id:010d}" + old_key[:54]
    keys = sorted(idempotency_keys(reminders))
    assert [keys[at] for at in ledger.unheld(engine, keys)] == [k for k in keys if k != stored]
    assert ledger.claim_new(engine, reminders, "upgraded", NOW) == 2
    assert _tokens(engine) == {0: "upgraded", 1: "morning", 2: "upgraded"}


def _reminders(engine: sa.Engine, count: int) -> list[Reminder]:
    build_committee(engine)
    with engine.connect() as connection:
        person = connection.exec_driver_sql("SELECT min(id) FROM person").scalar_one()
    return [
        Reminder(person, "email", "mai@example.org", ItemKind.TASK, i, StageName.DUE, DAY, DAY, 0)
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
