"""The leaders' pages: the dashboard (``/dashboard``) with its spreadsheet and charts,
and the year-end emulation table (``/emulation``) with its spreadsheet.

Thin doors: who may look and over which units is ``models.access``
(``can_see_dashboard``, ``leader_roots``); every figure is ``models.dashboard`` or
``models.emulation``; the files are ``documents.leader_sheets``; the charts ``web.charts``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from fastapi import APIRouter, Request, Response
from sqlmodel import Session

import web.dashboard_texts  # registers the pages' texts (and web.emulation_texts below)
import web.emulation_texts  # noqa: F401
from documents.leader_sheets import dashboard_workbook, emulation_workbook
from models.access import Viewer, can_see_dashboard, leader_roots
from models.dashboard import (
    OFFICIAL_STATUSES,
    PERIOD_KINDS,
    Dashboard,
    current_period,
    custom_period,
    dashboard,
    period_choices,
    period_kind,
    period_label,
)
from models.emulation import (
    EmulationTable,
    PeopleChoice,
    emulation_table,
    people_choice,
    year_window,
)
from models.emulation_rules import EmulationRules, load_rules
from models.errors import TrackerError
from models.periods import Period, parse_period
from web.actions import form_date
from web.charts import ranking_svg, short_label, trend_svg
from web.dashboard_cells import count_cells
from web.deps import ENV, NotFound, db, reader, render, signed_in, state_of
from web.emulation_cells import figure_rows
from web.params import Year

router = APIRouter()
# The page lists the best people first and this many of them (everyone with
# ?everyone=1, and always in the XLSX): five thousand rows cost more to render than the
# whole committee's figures cost to count.
PEOPLE_SHOWN = 100
FIRST_YEAR, LAST_YEAR = 2000, 2100  # years a committee's records can hold
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ENV.globals["can_see_dashboard"] = can_see_dashboard  # the nav shows leaders the link


def _leader(request: Request, session: Session) -> tuple[Viewer, list[int]]:
    """The signed-in leader and the tops of their subtree; anyone else: not found."""
    viewer = signed_in(request, session)
    if not can_see_dashboard(viewer):
        raise NotFound
    return viewer, leader_roots(reader(session), viewer)


@dataclass
class Choice:
    """The picker as sent: kept as typed when it is sent back with an error."""

    period: str
    start: str
    end: str


def _period(choice: Choice, today: date) -> Period:
    if choice.period == "custom":
        if not choice.start.strip() or not choice.end.strip():
            raise TrackerError("dashboard_range_missing")
        return custom_period(form_date(choice.start), form_date(choice.end))
    if not choice.period:
        return current_period("quarter", today)
    return parse_period(choice.period)


def _board(
    request: Request, choice: Choice
) -> tuple[Viewer, Dashboard | None, Period, str | None, str]:
    today = state_of(request).today()
    with db(request) as session:
        viewer, roots = _leader(request, session)
        fallback = current_period("quarter", today)
        try:
            period = _period(choice, today)
        except TrackerError as problem:
            return viewer, None, fallback, problem.render(viewer.language), ""
        board = dashboard(reader(session), roots, period, today)
        scope = None
        if not viewer.everything and roots:
            codes = reader(session).fetch("SELECT code FROM unit WHERE id = :id", {"id": roots[0]})
            scope = str(codes[0][0]) if codes else None
    return viewer, board, period, None, scope or ""


@router.get("/dashboard")
def dashboard_page(request: Request, period: str = "", start: str = "", end: str = "") -> Response:
    choice = Choice(period, start, end)
    viewer, board, chosen, error, _scope = _board(request, choice)
    lang = viewer.language
    today = state_of(request).today()
    query = _query(choice)
    return render(
        request,
        "dashboard.html",
        viewer,
        400 if error else 200,
        board=board,
        error=error,
        choice=choice,
        chosen=chosen,
        kind=period_kind(chosen),
        kinds=PERIOD_KINDS[:-1],
        choices=period_choices(today),
        period_label=lambda p: period_label(p, lang),
        short_label=short_label,
        statuses=OFFICIAL_STATUSES,
        cells=count_cells(board, OFFICIAL_STATUSES, lang) if board else {},
        trend=trend_svg(board, lang) if board else "",
        ranking=ranking_svg(board, lang) if board else "",
        query=query,
    )


def _query(choice: Choice) -> str:
    from urllib.parse import urlencode

    pairs = [("period", choice.period)] if choice.period else []
    if choice.period == "custom":
        pairs += [("start", choice.start), ("end", choice.end)]
    return urlencode(pairs)


def _file(body: bytes | str, kind: str, name: str) -> Response:
    return Response(
        body, media_type=kind, headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )


@router.get("/dashboard.xlsx")
def dashboard_xlsx(request: Request, period: str = "", start: str = "", end: str = "") -> Response:
    viewer, board, chosen, _error, scope = _board(request, Choice(period, start, end))
    if board is None:
        raise NotFound
    body = dashboard_workbook(board, viewer.language, scope or None)
    return _file(body, XLSX, f"dondoc-dashboard-{_file_key(chosen)}.xlsx")


@router.get("/dashboard/{chart}.svg")
def dashboard_chart(
    request: Request, chart: str, period: str = "", start: str = "", end: str = ""
) -> Response:
    if chart not in ("trend", "ranking"):
        raise NotFound
    viewer, board, chosen, _error, _scope = _board(request, Choice(period, start, end))
    if board is None:
        raise NotFound
    draw = trend_svg if chart == "trend" else ranking_svg
    body = draw(board, viewer.language, download=True)
    return _file(body, "image/svg+xml", f"dondoc-{chart}-{_file_key(chosen)}.svg")


def _file_key(period: Period) -> str:
    return period.key.replace("..", "_")


def _emulation(
    request: Request, year: int, unit: str = "", everyone: bool = True
) -> tuple[Viewer, EmulationTable, EmulationRules, str | None, PeopleChoice]:
    st = state_of(request)
    year = year or st.today().year
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise NotFound
    # A first reading after the year's cut-off freezes its figures: that page writes.
    with db(request, records=st.today() > year_window(year).end) as session:
        viewer, roots = _leader(request, session)
        problem = None
        try:
            rules = load_rules(st.settings.home)
        except TrackerError as refused:  # the office's file is wrong: say so, score by default
            rules, problem = EmulationRules(), refused.render(viewer.language)
        choice = people_choice(reader(session), roots, unit, everyone)
        table = emulation_table(session, year, st.today(), roots, choice.units)
        session.commit()  # a first reading after the cut-off freezes the figures
    return viewer, table, rules, problem, choice


@router.get("/emulation")
def emulation_page(
    request: Request, year: Year = 0, everyone: bool = False, unit: str = ""
) -> Response:
    viewer, table, rules, problem, choice = _emulation(request, year, unit[:64], everyone)
    today = state_of(request).today()
    ranked = table.figures.ranked_people(rules)
    return render(
        request,
        "emulation.html",
        viewer,
        table=table,
        rules=rules,
        error=problem,
        people=ranked if everyone else ranked[:PEOPLE_SHOWN],
        people_total=len(ranked),
        choice=choice,
        rows_of=lambda lines: figure_rows(lines, rules, viewer.language),
        years=list(range(today.year, today.year - 4, -1)),
        window_start=date.fromisoformat(table.figures.window_start),
        window_end=date.fromisoformat(table.figures.window_end),
    )


@router.get("/emulation.xlsx")
def emulation_xlsx(request: Request, year: Year = 0) -> Response:
    viewer, table, rules, _problem, _choice = _emulation(request, year)
    body = emulation_workbook(table, rules, viewer.language)
    return _file(body, XLSX, f"dondoc-thi-dua-{table.figures.year}.xlsx")
