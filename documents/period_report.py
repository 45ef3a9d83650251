"""Drafting the periodic report: figures (frozen once the period closes), the Word
document and its XLSX appendix. One plain function, for the command line and the web."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session

from documents.report_appendix import period_appendix_xlsx
from documents.report_docx import ReportHeading, period_report_docx
from models.directory_queries import Heading, issuing_unit
from models.errors import TrackerError
from models.i18n import Term
from models.period_snapshots import DraftFigures, draft_figures, freeze_closed_periods
from models.periods import parse_period
from models.queries import find_code
from models.sqlread import SqlAlchemyReader

DEFAULT_NUMBER = "      -BC/ĐU"  # the office writes the number in when it registers the report


def _issuer(session: Session, unit_code: str | None) -> Heading:
    """The issuing unit: the one asked for, else the committee; a report covers its tree."""
    reader = SqlAlchemyReader(session.connection())
    root_id = None
    if unit_code is not None:
        root_id = find_code(reader, "unit", unit_code)
        if root_id is None:
            raise TrackerError("not_found", what=Term("what.unit"), key=unit_code)
    return issuing_unit(reader, root_id) or Heading(None, "", None, None)


def freeze_reports(session: Session, today: date, unit_code: str | None = None) -> list[str]:
    """Freeze the figures of every closed period not frozen yet (for a daily job)."""
    return freeze_closed_periods(session, today, _issuer(session, unit_code).unit_id)


@dataclass
class DraftedReport:
    docx: bytes
    xlsx: bytes
    draft: DraftFigures


def draft_period_report(
    session: Session,
    period_key: str,
    lang: str,
    today: date,
    *,
    unit_code: str | None = None,
    number: str = DEFAULT_NUMBER,
    place: str = "Hà Nội",
) -> DraftedReport:
    try:
        parse_period(period_key)
    except ValueError:
        raise TrackerError("bad_period", value=period_key) from None
    heading = _issuer(session, unit_code)
    draft = draft_figures(session, period_key, today, heading.unit_id)
    head = ReportHeading(heading, number, place, today)
    document = period_report_docx(
        draft.figures, head, lang, frozen_on=draft.frozen_on, changes=draft.changes
    )
    return DraftedReport(document, period_appendix_xlsx(draft.figures, lang, unit_code), draft)
