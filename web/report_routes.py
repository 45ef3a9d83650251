"""``/reports``: the documents the office sends up, drawn from the web for a chosen
period: the periodic report (Word, as ``dondoc report period`` drafts it) with its XLSX
appendix, and the duty compliance sheet (XLSX). Downloads carry their Vietnamese names
(RFC 5987 ``filename*``).

Drafting the report may freeze a closed period's figures (a write), so it is a signed
POST; the compliance sheet only reads, so it is a GET.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Form, Request, Response

import web.upload_texts  # noqa: F401  (registers this area's texts)
from documents.compliance_sheet import compliance_table, compliance_xlsx
from documents.period_report import DEFAULT_NUMBER, draft_period_report
from models.access import Viewer, can_draw_reports
from models.errors import TrackerError
from models.i18n import format_date, t
from models.periods import Period, parse_period, period_words
from web.actions import form_date
from web.deps import NotFound, db, reader, render, signed_in, signed_post, state_of
from web.uploads import attachment

router = APIRouter()
Text = Annotated[str, Form()]
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PARTS = ("Q1", "Q2", "Q3", "Q4", "H1", "H2", "")  # "": the whole year


def period_choices(today: date, lang: str) -> list[tuple[str, str]]:
    """Quarters, half-years and years of this year and the two before, newest year first."""
    return [
        (key, period_words(key, lang))
        for year in range(today.year, today.year - 3, -1)
        for key in (f"{year}-{part}" if part else str(year) for part in PARTS)
    ]


def _chosen(value: str) -> Period:
    try:
        period = parse_period(value.strip())
    except (TrackerError, ValueError):
        raise TrackerError("bad_period", value=value) from None
    if len(period.key) == 7 and period.key[5] not in "QH":  # a month: not offered here
        raise TrackerError("bad_period", value=value)
    return period


def _allowed(viewer: Viewer) -> None:
    if not can_draw_reports(viewer):
        raise NotFound


def _page(
    request: Request,
    viewer: Viewer,
    *,
    error: str | None = None,
    period: str = "",
    on: str = "",
    number: str = "",
    status_code: int = 200,
) -> Response:
    today = state_of(request).today()
    quarter = (today.month - 1) // 3  # the last quarter ended: the one a report is due for
    default = f"{today.year}-Q{quarter}" if quarter else f"{today.year - 1}-Q4"
    return render(
        request,
        "reports.html",
        viewer,
        status_code,
        choices=period_choices(today, viewer.language),
        period=period or default,
        on=on or today,
        number=number,
        error=error,
    )


@router.get("/reports")
def reports(request: Request) -> Response:
    with db(request) as session:
        viewer = signed_in(request, session)
        _allowed(viewer)
        return _page(request, viewer)


@router.post("/reports/period")
def period_report(
    request: Request,
    csrf: Text = "",
    period: Text = "",
    on: Text = "",
    number: Text = "",
    file: Text = "docx",
) -> Response:
    """The report (``file=docx``) or its appendix (``file=xlsx``), drafted on ``on``."""
    st = state_of(request)
    with signed_post(request, csrf) as (session, viewer):
        _allowed(viewer)
        lang = viewer.language
        try:
            chosen = _chosen(period)
            day = form_date(on) if on.strip() else st.today()
            drafted = draft_period_report(
                session, chosen.key, lang, day, number=number.strip() or DEFAULT_NUMBER
            )
        except TrackerError as error:
            session.rollback()
            return _page(
                request,
                viewer,
                error=error.render(lang),
                period=period,
                on=on,
                number=number,
                status_code=400,
            )
        session.commit()  # the figures of a closed period, frozen by this first draft
    words = period_words(chosen.key, lang)
    if file == "xlsx":
        name = t("web.reports.file.appendix", lang, period=words)
        return attachment(drafted.xlsx, f"{name}.xlsx", XLSX)
    name = t("web.reports.file.report", lang, period=words)
    return attachment(drafted.docx, f"{name}.docx", DOCX)


@router.get("/reports/compliance")
def compliance_sheet(request: Request, period: str = "") -> Response:
    """Per unit, its duty periods ending in the chosen period, by status, as of today
    (or the period's end, once passed)."""
    st = state_of(request)
    with db(request) as session:
        viewer = signed_in(request, session)
        _allowed(viewer)
        lang = viewer.language
        try:
            chosen = _chosen(period)
        except TrackerError as error:
            return _page(request, viewer, error=error.render(lang), period=period, status_code=400)
        day = min(st.today(), chosen.end)
        table = compliance_table(reader(session), lang, day, chosen.start, chosen.end)
    words = period_words(chosen.key, lang)
    title = t("report.compliance_period_title", lang, period=words, day=format_date(day))
    data = compliance_xlsx(table, title, lang, day)
    name = t("web.reports.file.compliance", lang, period=words)
    return attachment(data, f"{name}.xlsx", XLSX)
