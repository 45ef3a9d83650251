"""The meetings list: a page of meetings, newest first, filtered by the year held and the
unit that met, with how many documents each adopted; and the units that have met.

A page is read by itself (ORDER BY the day held, LIMIT/OFFSET; a unit's meetings of a
year are a range of the (unit, day, title) unique index), then the documents of just its
meetings are counted by ``ix_document_meeting_id``: nothing groups or counts over every
meeting of the committee. ``tests/web/test_meetings_pages.py`` reads the plans.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlmodel import Session, col, func, select

from models.meetings import Document, Meeting
from models.org import Unit


def meetings_query(unit_ids: Sequence[int] | None = None, year: int | None = None) -> Any:
    """Meetings newest first, of the units ``unit_ids`` (a unit and those below it:
    ``models.queries.unit_scope``) and held in ``year``, when given (a range on the day,
    never a function of it). Meetings alone: the units of a page are read after, so the
    sort never carries a join over every meeting."""
    query = select(Meeting)
    if unit_ids is not None:
        query = query.where(col(Meeting.unit_id).in_(list(unit_ids)))
    if year is not None:
        query = query.where(col(Meeting.held_on).between(date(year, 1, 1), date(year, 12, 31)))
    return query.order_by(col(Meeting.held_on).desc(), col(Meeting.id).desc())


def meeting_page(
    session: Session,
    limit: int,
    offset: int,
    unit_ids: Sequence[int] | None = None,
    year: int | None = None,
) -> list[tuple[Meeting, str, int]]:
    """(meeting, unit name, documents adopted) of one page of ``meetings_query``."""
    found = session.exec(meetings_query(unit_ids, year).offset(offset).limit(limit)).all()
    counts = documents_of(session, [m.id for m in found if m.id is not None])
    unit_ids = sorted({m.unit_id for m in found})
    names = dict(session.exec(select(Unit.id, Unit.name).where(col(Unit.id).in_(unit_ids))).all())
    return [(m, names.get(m.unit_id, ""), counts.get(m.id or 0, 0)) for m in found]


def documents_of(session: Session, meeting_ids: list[int]) -> dict[int, int]:
    """How many documents each of ``meeting_ids`` adopted (those with none left out)."""
    if not meeting_ids:
        return {}
    rows = session.exec(
        select(col(Document.meeting_id), func.count())
        .where(col(Document.meeting_id).in_(meeting_ids))
        .group_by(col(Document.meeting_id))
    ).all()
    return {int(meeting_id): int(n) for meeting_id, n in rows if meeting_id is not None}


def meeting_units(session: Session) -> list[tuple[str, str]]:
    """(code, name) of the units that have met, by name: the filter's choices."""
    held = select(Meeting.unit_id).distinct()
    rows = session.exec(
        select(Unit.code, Unit.name).where(col(Unit.id).in_(held)).order_by(col(Unit.name))
    ).all()
    return [(code, name) for code, name in rows]
