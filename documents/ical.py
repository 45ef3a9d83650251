"""iCalendar feeds of open deadlines, per person or per unit.

UIDs are stable per task and SEQUENCE grows with each extension, so a calendar that
subscribes to the feed moves an event when its deadline moves, never duplicates it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta

from icalendar import Calendar, Event

from models.i18n import label, t
from models.queries import TaskRow
from models.status import OPEN_STATUSES

UID_DOMAIN = "dondoc"


def task_uid(task_id: int) -> str:
    return f"task-{task_id}@{UID_DOMAIN}"


def deadline_feed(
    rows: Iterable[TaskRow], name: str, lang: str, stamp: datetime, sequences: dict[int, int]
) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//dondoc//deadlines//VI")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    for row in rows:
        if row.due_on is None or row.status.status not in OPEN_STATUSES:
            continue
        event = Event()
        event.add("uid", task_uid(row.id))
        event.add("dtstamp", stamp)
        event.add("sequence", sequences.get(row.id, 0))
        event.add("dtstart", row.due_on)
        event.add("dtend", row.due_on + timedelta(days=1))
        event.add("summary", f"[{row.document_number}] {row.title}")
        lines = [
            f"{label(row.document_kind, lang)} {row.document_number} — {row.issuing_body}",
            f"{t('col.lead', lang)}: {row.lead_name}",
        ]
        if row.co_owners:
            lines.append(f"{t('col.co_owners', lang)}: " + ", ".join(n for _, n in row.co_owners))
        if row.extended and isinstance(row.original_due_on, date):
            lines.append(f"{t('col.original_deadline', lang)}: {row.original_due_on.isoformat()}")
        event.add("description", "\n".join(lines))
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    return bytes(calendar.to_ical())
