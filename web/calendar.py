"""A person's deadline calendar: their own work's open deadlines, through the same
iCalendar builder as ``dondoc export ics`` (same UIDs, same SEQUENCE)."""

from __future__ import annotations

from datetime import date, datetime

from documents.ical import deadline_feed
from models.access import own_work, viewer_for
from models.extension_queries import calendar_sequences
from models.queries import TaskFilter, list_tasks
from models.sqlread import Reader
from models.status import OPEN_STATUSES


def feed_for_person(reader: Reader, person_id: int, today: date, stamp: datetime) -> bytes:
    viewer = viewer_for(reader, person_id, office_code=None, admin_codes=())
    if viewer is None:
        return deadline_feed([], "dondoc", "vi", stamp, {})
    f = TaskFilter(reach=own_work(viewer), statuses=list(OPEN_STATUSES))
    rows = list_tasks(reader, f, today)
    sequences = calendar_sequences(reader, [r.id for r in rows])
    return deadline_feed(rows, viewer.name, viewer.language, stamp, sequences)
