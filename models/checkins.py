"""Check-ins: a flow run that did its work says so, for a watcher outside Prefect.

Failed and crashed runs tell the office through the flows' hooks, but a run that never
starts says nothing (the server down, the runner stopped, a deployment paused, a leaked
concurrency slot cancelling every run). The delivery log cannot tell either: a morning
with nothing due writes no row. So each reminder run that was not held (holiday, quiet
hours) and not a dry run writes one row per flow and committee day; the watcher
(``notifications.watch``) reads it. A day's later runs (the hourly catch-ups) update
the same row: ``runs`` counts them, ``last_at`` is the newest.
"""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Engine
from sqlmodel import Field, SQLModel

from models.base import table_of
from models.timestamps import UTCDateTime, as_utc


class RunCheckin(SQLModel, table=True):
    __tablename__ = "run_checkin"

    flow: str = Field(primary_key=True, max_length=40)  # "deadline-reminders"
    day: date = Field(primary_key=True)  # the committee's date the run worked for
    first_at: datetime = Field(sa_type=UTCDateTime)
    last_at: datetime = Field(sa_type=UTCDateTime)
    runs: int = 1
    sent: int = 0  # messages the day's runs delivered
    failed: int = 0  # and could not deliver (they wait in the delivery log)


C = table_of(RunCheckin)


def check_in(engine: Engine, flow: str, day: date, at: datetime, sent: int, failed: int) -> None:
    """Record that a run of ``flow`` did its work for ``day`` (one statement, safe
    against a concurrent run of the same day)."""
    at = as_utc(at)
    values = {"flow": flow, "day": day, "first_at": at, "last_at": at, "sent": sent}
    values |= {"failed": failed, "runs": 1}
    with engine.begin() as connection:
        dialect = connection.dialect.name
        insert = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(C).values(values)
        connection.execute(
            insert.on_conflict_do_update(
                index_elements=[C.c.flow, C.c.day],
                set_={
                    "last_at": sa.func.max(C.c.last_at, insert.excluded.last_at)
                    if dialect == "sqlite"
                    else sa.func.greatest(C.c.last_at, insert.excluded.last_at),
                    "runs": C.c.runs + 1,
                    "sent": C.c.sent + insert.excluded.sent,
                    "failed": C.c.failed + insert.excluded.failed,
                },
            )
        )


def checked_in(connection: Connection, flow: str, day: date) -> RunCheckin | None:
    row = connection.execute(sa.select(C).where(C.c.flow == flow, C.c.day == day)).first()
    return None if row is None else RunCheckin.model_validate(row._mapping)
