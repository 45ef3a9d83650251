"""A person's deadline calendar: their own work's open deadlines, through the same
iCalendar builder as ``dondoc export ics`` (same UIDs, same SEQUENCE)."""

from __future__ import annotations

from datetime import date, datetime

from documents.ical import deadline_feed
from models.access import own_work, viewer_for
from models.queries import TaskFilter, list_tasks
from models.sqlread import Reader
from models.status import OPEN_STATUSES


def feed_for_person(reader: Reader, person_id: int, today: date, stamp: datetime) -> bytes:
    viewer = viewer_for(reader, person_id, office_code=None, admin_codes=())
    if viewer is None:
        return deadline_feed([], "dondoc", "vi", stamp, {})
    sql = "SELECT task_id, count(*) FROM deadline_extension GROUP BY task_id"
    sequences = {int(task_id): int(n) for task_id, n in reader.fetch(sql, {})}
    f = TaskFilter(reach=own_work(viewer), statuses=list(OPEN_STATUSES))
    rows = list_tasks(reader, f, today)
    return deadline_feed(rows, viewer.name, viewer.language, stamp, sequences)
