"""Bulk duty submissions from a sheet: one row per unit, duty and period. All or nothing.

Nine sub-branches times twelve months is 108 ``duty submit`` commands; one sheet does
it. Each row names the unit, the duty, the period, the date delivered and a reference;
every problem is reported with its row and column and nothing is written unless every
row is right. Re-importing the same sheet changes nothing.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlmodel import Session, col, select

from documents.loader import Loader
from documents.problems import Outcome, Where
from documents.sheet_header import read_header
from documents.task_columns import Column
from models.calendar import WorkCalendar
from models.duties import DutySubmission
from models.duty_lifecycle import find_instance, record_submission
from models.errors import TrackerError
from models.i18n import register, t
from models.sqlread import Reader

SUBMISSION_COLUMNS: tuple[Column, ...] = (
    Column("unit", "Đơn vị", "Unit"),
    Column("duty", "Nghĩa vụ", "Duty"),
    Column("period", "Kỳ", "Period"),
    Column("submitted_on", "Ngày nộp", "Submitted on"),
    Column("reference", "Số, ký hiệu văn bản", "Reference", wide=True),
    Column("by", "Người nộp", "Submitted by"),
    Column("note", "Ghi chú", "Note", wide=True),
)
REQUIRED = ("unit", "duty", "period", "submitted_on")


def period_text(value: Any) -> str | None:
    """A period as typed; Excel turns "2024-03" into a date and "2024" into a number."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime | date):
        return f"{value.year}-{value.month:02d}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip().upper()  # "2024-q1" is 2024-Q1


def import_duty_submissions(
    session: Session,
    path: Path,
    actor: str,
    calendar: WorkCalendar,
    today: date,
    outcomes: list[Outcome] | None = None,
) -> Counter[str]:
    from documents.spreadsheet import load_rows  # the same reading, limits and messages

    file = str(path)
    rows = load_rows(path)
    loader = Loader(session, file, actor, calendar, outcomes)
    header = read_header(loader, rows, SUBMISSION_COLUMNS, REQUIRED)
    fields, columns, top = header.fields, header.names, header.top

    seen: dict[int, Where] = {}
    for number, row in enumerate(rows[top + 1 :], start=top + 2):
        values = {f: v for f, v in zip(fields, row, strict=False) if f is not None}
        if all(v is None or str(v).strip() == "" for v in values.values()):
            continue
        where = Where(file, "row", number, columns=columns)
        unit = loader.text(values, where, "unit", required=True)
        duty = loader.text(values, where, "duty", required=True)
        period = period_text(values.get("period"))
        if period is None:
            loader.fail(where, "period", "missing")
        on = loader.a_date(values, where, "submitted_on", required=True)
        by_code = loader.text(values, where, "by")
        by = loader.person(where, "by", by_code) if by_code else None
        if unit is None or duty is None or period is None or on is None:
            continue
        try:
            instance = find_instance(session, duty, unit, period)
        except TrackerError as error:
            loader.fail(where, "period", "domain", error=error)
            continue
        assert instance.id is not None
        first = seen.setdefault(instance.id, where)
        if first is not where:
            loader.fail(where, "period", "duplicate_submission", first=first)
            continue
        reference = loader.text(values, where, "reference")
        label = f"{unit} · {duty} · {period}"
        recorded = session.exec(
            select(DutySubmission)
            .where(DutySubmission.instance_id == instance.id)
            .order_by(col(DutySubmission.submitted_on))
        ).first()
        if recorded is not None:
            if (recorded.submitted_on, recorded.reference) != (on, reference):
                loader.fail(where, "submitted_on", "already_submitted", day=recorded.submitted_on)
            else:  # the same row imported again: nothing to do
                loader.outcomes.append(Outcome(where, "submissions", "unchanged", label))
            continue
        if on > today:
            loader.fail(where, "submitted_on", "future_submission", day=on)
            continue
        try:
            record_submission(
                session, instance, on, by, reference, loader.text(values, where, "note")
            )
        except TrackerError as error:
            loader.fail(where, "period", "domain", error=error)
            continue
        loader.counts["submissions.created"] += 1
        loader.outcomes.append(Outcome(where, "submissions", "new", label))
    return loader.finish()


def write_submissions(path: Path, reader: Reader, lang: str, day: date) -> None:
    """The recorded submissions as a sheet this module imports back (XLSX or CSV)."""
    from documents.sheet_writer import SheetTable, scope_line, write_csv_file, write_workbook
    from models.duty_queries import first_submissions

    headers = [c.header(lang) for c in SUBMISSION_COLUMNS]
    rows = [
        [r.unit_code, r.duty_code, r.period_key, r.submitted_on, r.reference, r.by_code, r.note]
        for r in first_submissions(reader)
    ]
    if path.suffix.lower() != ".xlsx":
        write_csv_file(path, headers, rows, lang)
        return
    wide = frozenset(i for i, c in enumerate(SUBMISSION_COLUMNS) if c.wide)
    write_workbook(
        path,
        [
            SheetTable(
                t("template.submissions_sheet", lang),
                t("export.submissions_title", lang),
                scope_line(lang, None, day),
                headers,
                rows,
                wide_columns=wide,
            )
        ],
    )


register(
    {
        "template.submissions_sheet": {"vi": "Nộp báo cáo", "en": "Submissions"},
        "export.submissions_title": {
            "vi": "Các lần nộp báo cáo, sinh hoạt định kỳ đã ghi nhận",
            "en": "Duty submissions on record",
        },
        "problem.duplicate_submission": {
            "vi": "kỳ này của đơn vị đã có ở {first}",
            "en": "this unit's period already appears at {first}",
        },
        "problem.already_submitted": {
            "vi": "đã ghi nhận nộp ngày {day}; sửa bằng dondoc duty, không qua nhập tệp",
            "en": "already recorded as delivered on {day}; correct it with dondoc duty, not by"
            " import",
        },
        "problem.future_submission": {
            "vi": "ngày nộp {day} chưa tới",
            "en": "the delivery date {day} is in the future",
        },
    }
)
