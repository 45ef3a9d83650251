"""Frozen period statistics: a report's figures as they stood when its period closed.

Once a period's data window has ended, the first draft of its report stores its figures;
later drafts show those same figures (later edits do not rewrite a report already sent
up) and list what has changed since. One row per period and scope (a unit, or the whole
tree).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, Session, SQLModel, select

from models.base import created_at_field
from models.period_statistics import Change, PeriodFigures, changes_since, period_figures
from models.periods import parse_period
from models.sqlread import SqlAlchemyReader


class PeriodSnapshot(SQLModel, table=True):
    __tablename__ = "period_snapshot"

    id: int | None = Field(default=None, primary_key=True)
    period_key: str = Field(max_length=20)
    # The unit whose tree the report covers (the committee by default); 0 for none (a NULL
    # would not make the pair unique).
    scope_unit_id: int = Field(default=0)
    window_end: date
    frozen_on: date  # the day frozen: the first freeze run or draft after the period closed
    frozen_at: datetime = created_at_field()  # when that really happened
    figures: dict[str, Any] = Field(default_factory=dict, sa_type=sa.JSON)

    __table_args__ = (sa.UniqueConstraint("period_key", "scope_unit_id"),)


@dataclass
class DraftFigures:
    figures: PeriodFigures
    frozen_on: date | None  # when the figures were frozen; None while the period is open
    changes: list[Change]


def _stored(session: Session, key: str, scope: int) -> PeriodSnapshot | None:
    return session.exec(
        select(PeriodSnapshot).where(
            PeriodSnapshot.period_key == key, PeriodSnapshot.scope_unit_id == scope
        )
    ).first()


def _freeze(
    session: Session, period_key: str, today: date, root_id: int | None
) -> tuple[PeriodSnapshot, PeriodFigures]:
    """The stored snapshot (stored now if missing) and the figures as they are today."""
    from models.period_statistics import report_window

    window = report_window(parse_period(period_key))
    current = period_figures(
        SqlAlchemyReader(session.connection()), period_key, window.end, root_id
    )
    stored = _stored(session, window.key, root_id or 0)
    if stored is None:
        stored = PeriodSnapshot(
            period_key=window.key,
            scope_unit_id=root_id or 0,
            window_end=window.end,
            frozen_on=today,
            figures=current.to_json(),
        )
        session.add(stored)
        session.flush()
    return stored, current


def draft_figures(
    session: Session, period_key: str, today: date, root_id: int | None = None
) -> DraftFigures:
    """The figures a report drafted ``today`` shows: live while the period is open,
    frozen (stored at the first draft or freeze after it closed) once its data window
    has ended, with what changed since."""
    from models.period_statistics import report_window

    window = report_window(parse_period(period_key))
    if today <= window.end:
        reader = SqlAlchemyReader(session.connection())
        return DraftFigures(period_figures(reader, period_key, today, root_id), None, [])
    stored, current = _freeze(session, period_key, today, root_id)
    frozen = PeriodFigures.from_json(stored.figures)
    return DraftFigures(frozen, stored.frozen_on, changes_since(frozen, current))


def closed_periods(today: date) -> list[str]:
    """Quarters, halves and years of this year and the last whose data window has ended."""
    from models.period_statistics import report_window

    keys = [
        f"{year}{part}"
        for year in (today.year - 1, today.year)
        for part in ("-Q1", "-Q2", "-H1", "-Q3", "-Q4", "-H2", "")
    ]
    return [k for k in keys if report_window(parse_period(k)).end < today]


def freeze_closed_periods(session: Session, today: date, root_id: int | None) -> list[str]:
    """Freeze every closed period not frozen yet (run daily: a period is frozen the day
    after its cut-off, before anyone edits what it counted). Returns the keys frozen."""
    frozen = []
    for key in closed_periods(today):
        if _stored(session, key, root_id or 0) is None:
            _freeze(session, key, today, root_id)
            frozen.append(key)
    return frozen
