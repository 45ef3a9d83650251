"""The meetings list a page at a time (``web.paging``, the task list's pager), filtered
by year and unit, each meeting's documents counted for its page only; the reads use
their indexes (EXPLAIN on SQLite). Runs on SQLite and PostgreSQL (the ``web`` fixture)."""

from __future__ import annotations

import re
from datetime import date, timedelta

from sqlalchemy.dialects import sqlite
from sqlmodel import Session, col, func, select

from models.meeting_list import documents_of, meetings_query
from models.meetings import Document, Meeting, MeetingKind
from models.org import Unit
from tests.web.conftest import Web
from web.paging import PAGE_SIZE

OFFICE = "trang.nt"
ADDED = 130  # CB02's meetings, one a week back from 2024


def _add_meetings(web: Web) -> int:
    with Session(web.engine) as session:
        unit = session.exec(select(Unit).where(Unit.code == "CB02")).one()
        assert unit.id is not None
        for n in range(ADDED):
            session.add(
                Meeting(
                    unit_id=unit.id,
                    held_on=date(2023, 12, 29) - timedelta(weeks=n),
                    kind=MeetingKind.REGULAR,
                    title=f"Sinh hoạt tuần {n}",
                )
            )
        session.commit()
        return len(session.exec(select(Meeting.id)).all())


def _titles(html: str) -> list[str]:
    return re.findall(r'<a class="title" href="/meetings/\d+">([^<]+)</a>', html)


def test_meetings_page_by_page_newest_first(web: Web) -> None:
    total = _add_meetings(web)
    client = web.sign_in(OFFICE)
    first = client.get("/meetings")
    assert first.status_code == 200
    assert len(_titles(first.text)) == PAGE_SIZE
    assert 'href="/meetings?page=2" rel="next"' in first.text and 'rel="prev"' not in first.text
    seen = _titles(first.text)
    page = 2
    while True:
        answer = client.get(f"/meetings?page={page}")
        assert answer.status_code == 200
        seen += _titles(answer.text)
        if 'rel="next"' not in answer.text:
            break
        page += 1
    assert len(seen) == total and page == -(-total // PAGE_SIZE)
    assert f'href="/meetings?page={page - 1}" rel="prev"' in answer.text
    weekly = [t for t in seen if t.startswith("Sinh hoạt tuần")]
    assert weekly == [f"Sinh hoạt tuần {n}" for n in range(ADDED)]  # newest first
    assert client.get("/meetings?page=0").status_code == 400


def test_meetings_by_year_and_unit_with_the_filters_kept(web: Web) -> None:
    _add_meetings(web)
    client = web.sign_in(OFFICE)
    year = client.get("/meetings?year=2022&unit=CB02")
    titles = _titles(year.text)
    assert len(titles) == PAGE_SIZE and 'href="/meetings?year=2022&amp;unit=CB02&amp;page=2"' in (
        year.text
    )
    rest = _titles(client.get("/meetings?year=2022&unit=CB02&page=2").text)
    with Session(web.engine) as session:
        held = session.exec(
            select(func.count()).where(
                col(Meeting.held_on).between(date(2022, 1, 1), date(2022, 12, 31))
            )
        ).one()
    assert len(titles) + len(rest) == held == 52
    assert 'value="2022"' in year.text and '<option value="CB02" selected>' in year.text
    other = client.get("/meetings?unit=CB01")
    assert "Sinh hoạt tuần" not in other.text
    assert "Sinh hoạt tuần" in client.get("/meetings?unit=DU-SHTT").text  # with its branches
    assert _titles(client.get("/meetings?unit=NOPE").text) == []
    wrong = client.get("/meetings?year=20x4")
    assert wrong.status_code == 200 and 'id="meeting-year-error"' in wrong.text
    assert 'value="20x4"' in wrong.text and len(_titles(wrong.text)) == PAGE_SIZE


def test_each_meeting_shows_its_documents(web: Web) -> None:
    client = web.sign_in(OFFICE)
    with Session(web.engine) as session:
        adopted = session.exec(
            select(Document.meeting_id, func.count())
            .where(col(Document.meeting_id).is_not(None))
            .group_by(col(Document.meeting_id))
        ).all()
        assert adopted
        assert documents_of(session, [m for m, _ in adopted if m is not None]) == dict(adopted)
    page = client.get("/meetings").text
    for meeting_id, n in adopted:
        item = page[page.index(f'href="/meetings/{meeting_id}"') :]
        assert f"{n} văn bản" in item[: item.index("</li>")]


def test_the_reads_use_their_indexes_on_sqlite(web: Web) -> None:
    if web.engine.dialect.name != "sqlite":
        return
    with web.engine.connect() as connection:

        def plan(statement: object) -> str:
            compiled = statement.compile(  # type: ignore[attr-defined]
                dialect=sqlite.dialect(), compile_kwargs={"literal_binds": True}
            )
            rows = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled}").all()
            return " | ".join(str(r[-1]) for r in rows)

        # The unit's meetings of the year: a range of the (unit, day, title) unique index.
        by_unit = plan(meetings_query([2], 2022).limit(51))
        assert "SEARCH meeting USING INDEX" in by_unit and "SCAN" not in by_unit, by_unit
        assert "unit_id=? AND held_on>? AND held_on<?" in by_unit, by_unit
        counts = plan(
            select(col(Document.meeting_id), func.count())
            .where(col(Document.meeting_id).in_([1, 2, 3]))
            .group_by(col(Document.meeting_id))
        )
        assert "ix_document_meeting_id" in counts, counts
