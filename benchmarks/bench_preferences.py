"""Benchmark: planning a reminder run with people's preferences in force.

Plans the same synthetic committee twice — nobody has chosen anything, then a share of
people have (weekly co-owned items, non-essential off, a channel order) and many tasks
are snoozed — and prints both medians and their ratio. The preferences cost three
queries and a dictionary lookup per reminder; this shows it.

    .venv/bin/python -m benchmarks.bench_preferences [--open-tasks 20000] [--people 1000]
"""

from __future__ import annotations

import argparse
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa

from benchmarks.bench_reminders import median_seconds
from benchmarks.synthetic import Shape, populate
from models.base import table_of
from models.db import make_engine
from models.migrate import upgrade
from models.preferences import ChannelPreference, NotificationPreference, TaskSnooze
from models.sqlread import as_date
from notifications.config import NotifyConfig
from notifications.pipeline import plan


def choose(engine: sa.Engine, share: int, snoozes: int, as_of: datetime) -> None:
    """Every ``share``-th person chooses; ``snoozes`` (person, task) pairs are snoozed."""
    day = as_of.date()
    with engine.begin() as c:
        people = [r[0] for r in c.execute(sa.text("SELECT id FROM person ORDER BY id"))]
        chosen = people[::share]
        c.execute(
            table_of(NotificationPreference).insert(),
            [
                {
                    "person_id": p,
                    "co_owned_every": "weekly" if i % 2 else "daily",
                    "non_essential_off_at": as_of if i % 3 == 0 else None,
                    "updated_at": as_of,
                }
                for i, p in enumerate(chosen)
            ],
        )
        targets = c.execute(
            sa.text("SELECT id, person_id FROM contact_target ORDER BY person_id, id DESC")
        ).all()
        wanted = set(chosen)
        c.execute(
            table_of(ChannelPreference).insert(),
            [
                {"contact_target_id": t, "position": i, "enabled": True}
                for i, (t, p) in enumerate(targets)
                if p in wanted
            ],
        )
        pairs = c.execute(
            sa.text(
                "SELECT t.id, u.manager_id, t.due_on FROM task t JOIN unit u"
                " ON u.id = t.lead_unit_id WHERE t.due_on IS NOT NULL AND t.completed_on IS NULL"
                " AND t.cancelled_on IS NULL AND u.manager_id IS NOT NULL"
            )
        ).all()[:snoozes]
        c.execute(
            table_of(TaskSnooze).insert(),
            [
                {
                    "person_id": manager,
                    "task_id": task,
                    "until": day + timedelta(days=10),
                    "deadline": as_date(due),
                    "created_at": as_of,
                }
                for task, manager, due in pairs
            ],
        )
    print(f"preferences: {len(chosen)} people chose, {len(pairs)} snoozes")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--open-tasks", type=int, default=100_000)
    parser.add_argument("--people", type=int, default=5_000)
    parser.add_argument("--share", type=int, default=5, help="every Nth person chooses")
    parser.add_argument("--snoozes", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="dondoc-bench-"))
    engine = make_engine(args.database_url or f"sqlite:///{workdir / 'bench.sqlite3'}")
    upgrade(engine)
    shape = Shape(tasks=args.open_tasks, open_tasks=args.open_tasks, people=args.people)
    populate(engine, shape)
    config = NotifyConfig(channels={"email": "mailto://127.0.0.1:1"}, tracking_office="U0001")
    before = plan(engine, shape.as_of, config)
    t_before = median_seconds(lambda: plan(engine, shape.as_of, config), args.repeat)
    choose(
        engine, args.share, args.snoozes, datetime.combine(shape.as_of, datetime.min.time(), UTC)
    )
    after = plan(engine, shape.as_of, config)
    t_after = median_seconds(lambda: plan(engine, shape.as_of, config), args.repeat)
    print(
        f"planning {args.open_tasks} open tasks, {args.people} people: "
        f"no preferences {len(before.reminders)} reminders, median {t_before * 1000:.0f} ms; "
        f"with preferences {len(after.reminders)} reminders, median {t_after * 1000:.0f} ms; "
        f"ratio {t_after / t_before:.2f}x"
    )
    engine.dispose()


if __name__ == "__main__":
    main()
