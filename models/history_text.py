"""A task's history in words, in the reader's language and timezone.

The history stores codes and before/after values (``models.history``); this is the one
place that says what each event means to a person ("Gia hạn từ 29/03/2024 đến
30/04/2024"), for the command line, the web and messages alike.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

import models.row_texts  # noqa: F401  ("col.lead": the lead's label)
from models.history import TaskAction, TaskEvent
from models.i18n import format_date, register, t
from models.rollup import ROLLED_UP_FROM


def _value(value: Any) -> str:
    if value is None or value == []:
        return "—"
    if isinstance(value, list):
        return ", ".join(_value(v) for v in value)
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return format_date(date.fromisoformat(value))
        except ValueError:
            return value
    return str(value)


def owner_names(
    units: Iterable[tuple[int, str, str]], people: Iterable[tuple[int, str, str]]
) -> dict[str, str]:
    """How a history names people and units in words: a person's code ("long.lh", as
    approvers are recorded) and the owner keys ("unit:5", "person:3", as co-owners and
    leads are) to their names. Built from (id, code, name) rows of each table."""
    names: dict[str, str] = {}
    for unit_id, _code, name in units:
        names[f"unit:{unit_id}"] = name
    for person_id, code, name in people:
        names[code] = names[f"person:{person_id}"] = name
    return names


def mentions(events: Iterable[TaskEvent]) -> tuple[set[int], set[int], set[str]]:
    """The units (ids), people (ids) and strings that may be person codes a history's
    events name (their actors, and in their changes): all ``owner_names`` needs to word
    those events, so a task page reads a handful of names, not the whole directory."""
    units: set[int] = set()
    people: set[int] = set()
    codes: set[str] = set()

    def walk(value: Any) -> None:
        if isinstance(value, list):
            for item in value:
                walk(item)
        elif isinstance(value, str):
            kind, _, number = value.partition(":")
            if kind in ("unit", "person") and number.isdigit():
                (units if kind == "unit" else people).add(int(number))
            else:
                codes.add(value)

    for event in events:
        codes.add(event.actor)  # who acted, by code (a person's, or "demo", "import")
        for key, pair in (event.changes or {}).items():
            if key in ("lead_unit_id", "lead_person_id") and isinstance(pair, list):
                ids = units if key == "lead_unit_id" else people
                ids.update(v for v in pair if isinstance(v, int))
            else:
                walk(pair)
    return units, people, codes


def _lead(changes: dict[str, Any], side: int, names: Mapping[str, str]) -> str:
    unit = changes.get("lead_unit_id", [None, None])[side]
    person = changes.get("lead_person_id", [None, None])[side]
    if unit is not None:
        return names.get(f"unit:{unit}", str(unit))
    if person is not None:
        return names.get(f"person:{person}", str(person))
    return "—"


def describe(event: TaskEvent, lang: str, names: Mapping[str, str] | None = None) -> str:
    """What happened, in one sentence (without who and when); ``names`` (``owner_names``)
    puts people's and units' names where the history recorded their codes or ids."""
    changes = dict(event.changes or {})
    known = names or {}

    def named(value: Any) -> Any:
        if isinstance(value, list):
            return [named(v) for v in value]
        return known.get(value, value) if isinstance(value, str) else value

    def before(key: str) -> str:
        return _value(named(changes.get(key, [None, None])[0]))

    def after(key: str) -> str:
        return _value(named(changes.get(key, [None, None])[1]))

    action = event.action
    if action is TaskAction.CREATED:
        if changes.get("due_on", [None, None])[1] is None:
            return t("history.created_standing", lang)
        return t("history.created", lang, due=after("due_on"))
    if action is TaskAction.PROGRESS and ROLLED_UP_FROM in changes:
        return t(
            "history.rolled_up",
            lang,
            before=before("progress"),
            after=after("progress"),
            sub=after(ROLLED_UP_FROM),
        )
    if action is TaskAction.PROGRESS:
        return t("history.progress", lang, before=before("progress"), after=after("progress"))
    if action is TaskAction.COMPLETED:
        return t("history.completed", lang, on=after("completed_on"))
    if action is TaskAction.REOPENED:
        if "restored_on" in changes:  # the day it was decided (recorded since session 9)
            day = after("restored_on")
            return t("history.restored_on", lang, day=day, on=before("cancelled_on"))
        if "cancelled_on" in changes:
            return t("history.restored", lang, on=before("cancelled_on"))
        return t("history.reopened", lang, on=before("completed_on"))
    if action is TaskAction.CANCELLED:
        return t("history.cancelled", lang, on=after("cancelled_on"))
    if action is TaskAction.EXTENDED:
        return t(
            "history.extended",
            lang,
            before=before("due_on"),
            after=after("due_on"),
            by=after("approved_by"),
        )
    if action is TaskAction.OWNERS_CHANGED:
        return t("history.co_owners", lang, before=before("co_owners"), after=after("co_owners"))
    parts = []
    if known and ("lead_unit_id" in changes or "lead_person_id" in changes):
        lead = (_lead(changes, 0, known), _lead(changes, 1, known))
        changes.pop("lead_unit_id", None)
        changes.pop("lead_person_id", None)
        parts.append(
            t(
                "history.field_changed",
                lang,
                field=t("col.lead", lang),
                before=lead[0],
                after=lead[1],
            )
        )
    parts += [
        t("history.field_changed", lang, field=key, before=_value(old), after=_value(new))
        for key, (old, new) in changes.items()
    ]
    return t("history.updated", lang, changes="; ".join(parts))


def latest_update(
    event: TaskEvent, lang: str, timezone: str, names: Mapping[str, str] | None = None
) -> str:
    """ "02/07/2024: the note" (or what changed, when no note was written)."""
    day = event.at.astimezone(ZoneInfo(timezone)).date() if event.at.tzinfo else event.at.date()
    written = event.note and event.note.strip()
    text = event.note.strip() if written and event.note else describe(event, lang, names)
    return f"{format_date(day)}: {text}"


register(
    {
        "history.created": {
            "vi": "Giao nhiệm vụ, thời hạn {due}",
            "en": "Task assigned, deadline {due}",
        },
        "history.created_standing": {
            "vi": "Giao nhiệm vụ thường xuyên (không có thời hạn)",
            "en": "Standing task assigned (no deadline)",
        },
        "history.progress": {
            "vi": "Cập nhật tiến độ {before}% → {after}%",
            "en": "Progress {before}% → {after}%",
        },
        "history.rolled_up": {
            "vi": "Tiến độ tổng hợp từ nhiệm vụ con #{sub}: {before}% → {after}%",
            "en": "Progress rolled up from sub-task #{sub}: {before}% → {after}%",
        },
        "history.completed": {"vi": "Hoàn thành ngày {on}", "en": "Done on {on}"},
        "history.reopened": {
            "vi": "Mở lại (trước đó ghi hoàn thành ngày {on})",
            "en": "Reopened (had been marked done on {on})",
        },
        "history.restored": {
            "vi": "Khôi phục nhiệm vụ đã hủy ngày {on}",
            "en": "Restored (had been cancelled on {on})",
        },
        "history.restored_on": {
            "vi": "Khôi phục nhiệm vụ ngày {day} (đã hủy ngày {on})",
            "en": "Restored on {day} (had been cancelled on {on})",
        },
        "history.cancelled": {"vi": "Hủy nhiệm vụ ngày {on}", "en": "Cancelled on {on}"},
        "history.extended": {
            "vi": "Gia hạn từ {before} đến {after} (người phê duyệt: {by})",
            "en": "Deadline extended from {before} to {after} (approved by {by})",
        },
        "history.co_owners": {
            "vi": "Đổi đơn vị, người phối hợp: {before} → {after}",
            "en": "Co-owners changed: {before} → {after}",
        },
        "history.field_changed": {
            "vi": "{field}: {before} → {after}",
            "en": "{field}: {before} → {after}",
        },
        "history.updated": {"vi": "Sửa thông tin: {changes}", "en": "Edited: {changes}"},
    }
)
