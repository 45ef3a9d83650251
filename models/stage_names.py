"""The stages of a reminder: where an item stands when a message about it is owed.

Like the item kinds (``models.item_kinds``), these words are data: ``delivery_log.stage``
stores each member's value and every idempotency key hashes it as text, so a member
equals its value (``str(StageName.DUE) == "due"``) and no stored row or key changed when
the bare strings became members. A row read back holds plain text, equal to its member.

One family is open-ended: the reminders ahead of a deadline are "before-N", one per
``ReminderPolicy.before_days`` entry (``before(7)`` is "before-7"), so they are not
members; ``StageText`` names "a member, or a before-N stage".
"""

from __future__ import annotations

from enum import StrEnum
from typing import NewType, TypeAlias


class StageName(StrEnum):
    # A deadline (tasks, duties; an explanation asked for): the owners' stages.
    DUE = "due"  # the deadline is today
    OVERDUE = "overdue"  # repeated every ``overdue_every_days`` while it stays open
    ESCALATION = "escalation"  # the managers above, once per tier of days overdue
    # A request (completion or extension) and an explanation asked of a task's lead.
    WAITING = "waiting"  # in the morning digest, every day it waits for a decision
    # A task its owners reported done, claimed before the report: never planned
    # (``models.awaiting``: owners are not reminded of it), only worded in the message.
    AWAITING = "awaiting"
    ASKED = "asked"  # the instant notice to whoever must answer
    APPROVED = "approved"  # the notice of a decision to the asker: the request's state
    REJECTED = "rejected"
    # Messages of one stage each: the stage repeats the kind, or names the occasion.
    STALE = "stale"  # a task silent too long
    COMMENT = "comment"
    DELEGATED = "delegated"
    WEEKLY = "weekly"  # the manager digest
    REPORT = "report"  # the office's report of what could not be delivered
    MISSED = "missed"  # the watcher: the morning run did not happen


BEFORE = "before-"  # a reminder ahead of the deadline: "before-7", "before-3", ...

Before = NewType("Before", str)
StageText: TypeAlias = StageName | Before  # the stage of a reminder being planned


def before(days: int) -> Before:
    """The stage ``days`` ahead of a deadline ("before-3")."""
    return Before(f"{BEFORE}{days}")


def is_before(stage: str) -> bool:
    """A reminder ahead of the deadline (of any number of days)."""
    return stage.startswith(BEFORE)
