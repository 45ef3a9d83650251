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
    # The unit whose tree the report covers; 0 for the whole committee (NULLs would not
    # make the pair unique).
    scope_unit_id: int = Field(default=0)
    window_end: date
    drafted_on: date  # the day of the first draft after the period closed (as the user said)
    frozen_at: datetime = created_at_field()  # when that draft was really made
    figures: dict[str, Any] = Field(default_factory=dict, sa_type=sa.JSON)

    __table_args__ = (sa.UniqueConstraint("period_key", "scope_unit_id"),)


@dataclass
class DraftFigures:
    figures: PeriodFigures
    frozen_on: date | None  # the first draft's day; None while the period is open (live)
    changes: list[Change]


def draft_figures(
    session: Session, period_key: str, today: date, root_id: int | None = None
) -> DraftFigures:
    """The figures a report drafted ``today`` shows: live while the period is open,
    frozen (and stored on first use) once its data window has ended."""
    from models.period_statistics import report_window

    window = report_window(parse_period(period_key))
    reader = SqlAlchemyReader(session.connection())
    if today <= window.end:
        return DraftFigures(period_figures(reader, period_key, today, root_id), None, [])
    current = period_figures(reader, period_key, window.end, root_id)
    scope = root_id or 0
    stored = session.exec(
        select(PeriodSnapshot).where(
            PeriodSnapshot.period_key == window.key, PeriodSnapshot.scope_unit_id == scope
        )
    ).first()
    if stored is None:
        stored = PeriodSnapshot(
            period_key=window.key,
            scope_unit_id=scope,
            window_end=window.end,
            drafted_on=today,
            figures=current.to_json(),
        )
        session.add(stored)
        session.flush()
        return DraftFigures(current, stored.drafted_on, [])
    frozen = PeriodFigures.from_json(stored.figures)
    return DraftFigures(frozen, stored.drafted_on, changes_since(frozen, current))
