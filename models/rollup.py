"""How sub-tasks make their parent's progress (the roll-up rule, in one place).

A parent's progress is the mean of its sub-tasks' progress, rounded down: a sub-task
done counts 100 %, a cancelled one does not count, and 100 % is reached only when every
counted sub-task is done. Rounded down so that "100 %" never shows while a part is still
open. The parent is not completed by the roll-up: its lead still reports it done (and
the tracking office confirms it), because the parent may hold work no sub-task names.
"""

from __future__ import annotations

from collections.abc import Sequence

# The key naming the sub-task in a rolled-up progress change of the parent's history.
ROLLED_UP_FROM = "sub_task"


def rolled_up(children: Sequence[tuple[int, bool, bool]]) -> int | None:
    """The parent's progress from (progress, done, cancelled) of each sub-task; None when
    no sub-task counts (none yet, or all cancelled): the parent's own figure stays."""
    counted = [100 if done else progress for progress, done, cancelled in children if not cancelled]
    if not counted:
        return None
    return sum(counted) // len(counted)
