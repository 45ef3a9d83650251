"""When reminders fire: before the deadline, on the day, repeated while overdue, escalated.

Stages are computed as "the latest stage due by this date": a run that did not happen
(a holiday, quiet hours, a crash) is caught up by the next one, which sends the stage
current then. Nothing is dropped, and a recipient is never told stale news.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time, timedelta


@dataclass(frozen=True)
class ReminderPolicy:
    before_days: tuple[int, ...] = (7, 3, 1)
    overdue_every_days: int = 3
    # Days overdue at which managers hear of an item: once per tier, never again in
    # between (a manager reads news, not the same list every week).
    escalate_at_days: tuple[int, ...] = (7, 30, 90)
    working_days_only: bool = True
    quiet_start: time | None = time(21, 0)
    quiet_end: time | None = time(7, 0)
    max_attempts: int = 3  # failed tries before the tracking office is told (retries go on)
    claim_lease: timedelta = field(default=timedelta(minutes=15))

    def in_quiet_hours(self, moment: time) -> bool:
        if self.quiet_start is None or self.quiet_end is None:
            return False
        if self.quiet_start <= self.quiet_end:
            return self.quiet_start <= moment < self.quiet_end
        return moment >= self.quiet_start or moment < self.quiet_end  # spans midnight


WAITING = "waiting"  # a request's stage: waiting for its approver's decision, every day
# How a message shows a task its owners reported done, claimed before the report: never
# planned (``models.awaiting``: owners are not reminded of it), only worded.
AWAITING = "awaiting"


@dataclass(frozen=True)
class Stage:
    name: str  # "before-7", "due", "overdue", "escalation"; "waiting" (a request)
    occurrence: date  # the nominal date of this stage: a repeat is a new occurrence
    days: int  # days left (>= 0) or days overdue (> 0)

    @property
    def overdue(self) -> bool:
        return self.name in ("overdue", "escalation")


def owner_stage(due: date, as_of: date, policy: ReminderPolicy) -> Stage | None:
    """The owners' current stage for a deadline, or None when nothing is due yet."""
    late = (as_of - due).days
    if late < 0:
        eligible = [n for n in policy.before_days if n >= -late]
        if not eligible:
            return None
        n = min(eligible)
        return Stage(f"before-{n}", due - timedelta(days=n), -late)
    if late == 0:
        return Stage("due", due, 0)
    every = max(policy.overdue_every_days, 1)
    repeat = (late - 1) // every
    return Stage("overdue", due + timedelta(days=1 + repeat * every), late)


def escalation_stage(due: date, as_of: date, policy: ReminderPolicy) -> Stage | None:
    """The managers' current escalation tier: the largest of ``escalate_at_days`` reached.

    The occurrence is the day the tier was entered, so a tier is sent once; a run that
    missed the day of a tier sends it late, and a skipped tier gives way to the latest.
    """
    late = (as_of - due).days
    reached = [n for n in policy.escalate_at_days if n <= late]
    if not reached:
        return None
    return Stage("escalation", due + timedelta(days=max(reached)), late)
