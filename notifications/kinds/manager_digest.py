"""The weekly manager digest: for each manager, one row per unit below them (the four
statuses, on-time rate, overdue share, change since last week), the tasks overdue
longest and the duties not delivered, grouped. Same routing, ledger and sender as the
reminders: one message per manager and channel per week, exactly once.

The figures are gathered by ``unit_figures`` and worded by ``manager_digest_text``;
this module plans who receives which units, and builds, sends and records the messages.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta

from sqlalchemy.engine import Engine

from models.item_kinds import ItemKind
from models.stage_names import StageName
from notifications import ledger
from notifications.addressing import addressed
from notifications.config import NotifyConfig
from notifications.directory import Directory
from notifications.kinds.manager_digest_text import render_for
from notifications.kinds.risk_digest import risk_sections
from notifications.kinds.unit_figures import UnitState, collect
from notifications.pipeline import (
    Digest,
    RunReport,
    ready_digest,
    send_and_record,
    tracking_contact,
    unsent,
)
from notifications.planner import Plan, Reminder
from notifications.preferences import PreferenceBook
from notifications.routing import Router

KIND = ItemKind.MANAGER_DIGEST


def week_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def managed_units(directory: Directory, router: Router) -> dict[int, list[int]]:
    """person id -> the units whose digest they receive."""
    found: dict[int, list[int]] = defaultdict(list)
    for unit_id in sorted(directory.units):
        for person_id in router.unit_people(unit_id):
            found[person_id].append(unit_id)
    return found


def plan_digests(
    engine: Engine, as_of: date, config: NotifyConfig
) -> tuple[Plan, dict[int, UnitState]]:
    with engine.connect() as connection:
        directory = Directory.load(connection)
        book = PreferenceBook.load(connection, as_of, snoozes=False)
    router = Router(directory, config)
    recipients = managed_units(directory, router)
    states = collect(engine, as_of, sorted({u for units in recipients.values() for u in units}))
    plan = Plan(as_of, kinds=(KIND,))
    week = week_of(as_of)
    for person_id, units in recipients.items():
        worth = [u for u in units if u in states and states[u].worth_sending]
        if not worth:
            continue
        # This digest is non-essential: the person's choices pick its channels (none when
        # non-essential messages are off; the primary channel only), before any claim.
        channels = book.manager_digest_channels(person_id, router.channels(person_id))
        for channel, address, _url in channels:
            for unit_id in worth:
                plan.reminders.append(
                    Reminder(
                        person_id, channel, address, KIND, unit_id, StageName.WEEKLY, week, week, 0
                    )
                )
    plan.unreachable = router.unreachable
    return plan, states


def _digests(
    engine: Engine,
    rows: list[ledger.Claimed],
    as_of: date,
    config: NotifyConfig,
    states: dict[int, UnitState],
) -> tuple[list[Digest], list[ledger.Result]]:
    """One message per manager and channel over the claimed (or, dry, pending) units."""
    with engine.connect() as connection:
        directory = Directory.load(connection)
    contact = tracking_contact(directory, config)
    missing = sorted({r.item_id for r in rows} - set(states))
    states = {**states, **collect(engine, as_of, missing)} if missing else states
    digests: list[Digest] = []
    settled: list[ledger.Result] = []
    risks = risk_sections(engine, as_of, sorted({r.item_id for r in rows} & set(states)))
    for message in addressed(rows, directory, config, settled):
        if any(m.item_id not in states for m in message.rows):  # the unit is gone
            settled.append(
                ledger.Result(message.row_ids, ok=False, error="unit gone", permanent=True, tries=0)
            )
            continue
        units = [states[m.item_id] for m in sorted(message.rows, key=lambda m: m.item_id)]
        person = message.person
        rendered = render_for(
            message.channel, person.name, person.id, units, as_of, person.language, contact, risks
        )
        digests.append(ready_digest(message, len(units), rendered))
    return digests, settled


def deliver_digests(
    engine: Engine,
    token: str,
    as_of: date,
    now: datetime,
    config: NotifyConfig,
    states: dict[int, UnitState],
) -> RunReport:
    """One message per manager and channel over their claimed units, sent and recorded."""
    rows = [r for r in ledger.claimed_by(engine, token) if r.item_kind == KIND]
    digests, settled = _digests(engine, rows, as_of, config, states)
    return send_and_record(engine, token, digests, settled, as_of, now, config)


def preview_digests(engine: Engine, as_of: date, config: NotifyConfig) -> list[Digest]:
    """The digests a run would send now (dry run): nothing claimed, nothing sent."""
    planned, states = plan_digests(engine, as_of, config)
    rows = unsent(engine, planned)
    return _digests(engine, rows, as_of, config, states)[0]
