"""The item kinds and stages are ``StrEnum`` members whose values are the words the
delivery log held before they were members: a row, and every idempotency key hashed
from one, is the same bytes whether the planner wrote it with a bare string or with a
member. Were a value to change, a morning run upgraded mid-day would not find the
morning's claims and would send every reminder again.
"""

from __future__ import annotations

import hashlib

import sqlalchemy as sa

from models.item_kinds import ItemKind
from models.recipient_roles import RecipientRole
from models.stage_names import StageName, before, is_before
from notifications import compaction, ledger, pipeline, watch
from notifications.config import NotifyConfig
from notifications.kinds import manager_digest, request_notice, risk_notices, task_news, undelivered
from notifications.planner import Reminder
from notifications.run import run_once
from tests.notifications.conftest import CAL, TZ, build_committee
from tests.notifications.test_exactly_once import DAY, morning

# What the delivery log of a database built by migrations 0001-0016 holds: written out,
# not derived from the enums, so a changed value fails here.
STORED_KINDS = (
    "task", "duty", "request", "notice", "undelivered", "manager_digest", "watch", "stale",
    "explain", "comment", "delegated",
)  # fmt: skip
# "awaiting" came later (session 9): a message's wording for a task reported done,
# never planned, so never stored, but listed as what it would store.
STORED_STAGES = (
    "due", "overdue", "escalation", "waiting", "awaiting", "asked", "approved", "rejected",
    "stale", "comment", "delegated", "weekly", "report", "missed",
)  # fmt: skip
AT = morning(DAY)


def _person(engine: sa.Engine, code: str) -> int:
    with engine.connect() as connection:
        found = connection.execute(sa.text("SELECT id FROM person WHERE code = :c"), {"c": code})
        return int(found.scalar_one())


def _stored(engine: sa.Engine) -> list[tuple[str, str, str]]:
    with engine.connect() as connection:
        rows = connection.execute(
            sa.text("SELECT item_kind, stage, idempotency_key FROM delivery_log ORDER BY id")
        )
        return [(k, s, key) for k, s, key in rows]


def test_the_values_are_the_stored_words() -> None:
    assert [kind.value for kind in ItemKind] == list(STORED_KINDS)
    assert [stage.value for stage in StageName] == list(STORED_STAGES)
    assert before(3) == "before-3" and is_before(before(7)) and not is_before(StageName.DUE)
    assert str(ItemKind.MANAGER_DIGEST) == f"{ItemKind.MANAGER_DIGEST}" == "manager_digest"


def test_a_claim_stores_the_words_and_keys_it_always_did(engine: sa.Engine) -> None:
    build_committee(engine)
    mai = _person(engine, "mai")
    stages = [*StageName, before(3)]
    reminders = [
        Reminder(mai, "email", "mai@example.org", kind, i, stages[i % len(stages)], DAY, DAY, 0)
        for i, kind in enumerate(ItemKind)
    ] + [
        Reminder(mai, "email", "mai@example.org", ItemKind.TASK, 100 + i, stage, DAY, DAY, 0)
        for i, stage in enumerate(stages)
    ]
    assert ledger.claim_new(engine, reminders, "token", AT) == len(reminders)
    stored = _stored(engine)
    assert sorted({kind for kind, _, _ in stored}) == sorted(STORED_KINDS)
    assert sorted({stage for _, stage, _ in stored}) == sorted([*STORED_STAGES, "before-3"])
    assert all(type(kind) is str and type(stage) is str for kind, stage, _ in stored)
    # Each row under the key the bare strings made (``test_claim`` pins the rule itself),
    # and read back as plain text equal to the member it was written with.
    by_key = {key: (kind, stage) for kind, stage, key in stored}
    for r in reminders:
        text = f"{mai}|email|mai@example.org|{r.item_kind.value}|{r.item_id}|{r.stage}|{DAY}|{DAY}"
        key = f"{mai:010d}" + hashlib.sha256(text.encode()).hexdigest()[:54]
        assert key == r.key
        assert by_key[key] == (r.item_kind, r.stage)


def test_a_morning_run_writes_members_only(engine: sa.Engine, config: NotifyConfig) -> None:
    build_committee(engine)
    run_once(engine, DAY, AT, config, CAL, TZ)
    written = {(kind, stage) for kind, stage, _ in _stored(engine)}
    assert {("task", "overdue"), ("task", "escalation")} <= written
    assert {ItemKind(kind) for kind, _ in written} <= set(ItemKind)
    assert all(stage in set(StageName) or is_before(stage) for _, stage in written)


def test_every_kind_has_one_planner_and_compaction_names_the_stored_words() -> None:
    planned = [
        *pipeline.KINDS,
        request_notice.KIND,
        undelivered.KIND,
        manager_digest.KIND,
        watch.KIND,
        *risk_notices.KINDS,
        *task_news.KINDS,
    ]
    assert sorted(planned) == sorted(ItemKind)
    goes = compaction._goes()
    for kind in ("task", "duty", "request"):
        assert f"d.item_kind = '{kind}' AND EXISTS" in goes
    assert "d.item_kind IN ('notice', 'undelivered', 'manager_digest', 'watch')" in goes


def test_roles_are_never_stored_but_keep_their_words() -> None:
    """The roles name the texts that say why a person is told (``notify.role.lead``)."""
    assert [role.value for role in RecipientRole][:4] == [
        "lead", "co_owner", "escalation", "approver",
    ]  # fmt: skip
    assert f"notify.role.{RecipientRole.CO_OWNER}" == "notify.role.co_owner"
