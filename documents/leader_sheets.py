"""The leaders' tables as spreadsheets: the dashboard's unit table and the year-end
emulation table (units and people), written by ``sheet_writer`` like every sheet.

The cells are the figures the pages show, from the same domain objects
(``models.dashboard.Dashboard``, ``models.emulation.EmulationTable``); rates are
fractions shown as percentages, counts are numbers a clerk can sum.
"""

from __future__ import annotations

from datetime import date
from io import BytesIO
from typing import Any

from documents.sheet_writer import SheetTable, scope_line, write_workbook
from models.dashboard import OFFICIAL_STATUSES, Dashboard, period_label
from models.duty_status import DutyStatus
from models.emulation import EmulationLine, EmulationTable
from models.emulation_rules import EmulationRules
from models.i18n import format_date, label, register, t


def dashboard_sheet(board: Dashboard, lang: str, scope: str | None) -> SheetTable:
    headers = [
        t("col.unit", lang),
        t("col.name", lang),
        *(label(s, lang) for s in OFFICIAL_STATUSES),
        t("col.on_time_rate", lang),
        t("col.overdue_share", lang),
        t("dash.col.duties_due", lang),
        t("dash.col.duties_on_time", lang),
        t("dash.col.duty_rate", lang),
    ]
    rows: list[list[Any]] = []
    for u in board.units:
        rows.append(
            [
                u.code,
                "  " * u.depth + u.name,
                *(u.counts[s] for s in OFFICIAL_STATUSES),
                u.on_time_rate,
                u.overdue_share,
                u.duties_due,
                u.duty_counts.get(DutyStatus.SUBMITTED_ON_TIME, 0),
                u.duty_rate,
            ]
        )
    return SheetTable(
        sheet=t("sheet.dashboard", lang),
        title=t("sheet.dashboard_title", lang, period=period_label(board.period, lang)),
        subtitle=scope_line(lang, scope, board.as_of),
        headers=headers,
        rows=rows,
        percent_columns=frozenset({6, 7, 10}),
    )


def dashboard_workbook(board: Dashboard, lang: str, scope: str | None) -> bytes:
    out = BytesIO()
    write_workbook(out, [dashboard_sheet(board, lang, scope)])
    return out.getvalue()


def _cells(line: EmulationLine, rules: EmulationRules) -> list[Any]:
    return [
        line.led,
        line.on_time,
        line.late,
        line.in_progress,
        line.overdue,
        line.duties_on_time,
        line.duties_missed,
        line.explanations,
        line.score(rules),
    ]


def emulation_workbook(table: EmulationTable, rules: EmulationRules, lang: str) -> bytes:
    figures = table.figures
    counts = [
        t(f"emu.col.{k}", lang)
        for k in (
            "led",
            "on_time",
            "late",
            "in_progress",
            "overdue",
            "duties_on_time",
            "duties_missed",
            "explanations",
            "score",
        )
    ]
    window = t(
        "emu.window",
        lang,
        start=format_date(date.fromisoformat(figures.window_start)),
        end=format_date(date.fromisoformat(figures.window_end)),
    )
    title = t("emu.title", lang, year=figures.year)
    units = SheetTable(
        sheet=t("emu.sheet.units", lang),
        title=title,
        subtitle=window,
        headers=[t("col.unit", lang), t("col.name", lang), *counts],
        rows=[[u.code, "  " * u.depth + u.name, *_cells(u, rules)] for u in figures.units],
    )
    people = SheetTable(
        sheet=t("emu.sheet.people", lang),
        title=title,
        subtitle=window,
        headers=[
            t("emu.col.rank", lang),
            t("emu.col.person", lang),
            t("col.name", lang),
            t("col.unit", lang),
            *counts,
        ],
        rows=[
            [rank, p.code, p.name, p.unit, *_cells(p, rules)]
            for rank, p in enumerate(figures.ranked_people(rules), start=1)
        ],
    )
    out = BytesIO()
    write_workbook(out, [units, people])
    return out.getvalue()


register(
    {
        "sheet.dashboard": {"vi": "Tổng hợp", "en": "Dashboard"},
        "sheet.dashboard_title": {
            "vi": "Tình hình thực hiện nhiệm vụ {period}",
            "en": "Tasks in {period}",
        },
    }
)
