"""Reporting duties in the browser, one month at a time: the units as rows and the
duties whose period ends that month as columns, so a phone shows one card per unit
rather than an 18-column year. A submission records the date the meeting or report
happened (typed, today by default) and carries its files (the minutes, the report), kept
by the evidence store with the submission or not at all; an action returns to the month
it was made in."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, Response, UploadFile
from fastapi.responses import RedirectResponse
from sqlmodel import Session

import web.directory_texts  # noqa: F401  (registers the texts)
from models.access import Viewer, can_manage_duty, can_waive_duty, visible_units
from models.attachments import attach, files_of_duty_instances, target_of
from models.duties import Duty, DutyInstance
from models.duty_lifecycle import submit_held_on, waive
from models.duty_queries import duty_rows
from models.errors import TrackerError
from models.org import Person
from models.periods import period_words
from web.actions import form_date
from web.deps import NotFound, db, reader, render, signed_in, signed_post, state_of
from web.evidence_view import MAX_FILES, file_bound, read_uploads
from web.params import RowId, Year

router = APIRouter()
Text = Annotated[str, Form()]
MONTH = re.compile(r"(\d{4})-(\d{2})")


def _month(text: str, today: date, year: int = 0) -> date:
    """The first day of the month named "YYYY-MM"; else this month (of ``year``, if
    given: the old year links land on the same month of that year)."""
    found = MONTH.fullmatch(text.strip())
    if found and 1 <= int(found[1]) <= 9999 and 1 <= int(found[2]) <= 12:
        return date(int(found[1]), int(found[2]), 1)
    return date(year or today.year, today.month, 1)


def _shift(first: date, months: int) -> date:
    index = first.year * 12 + first.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _last_day(first: date) -> date:
    return date.fromordinal(_shift(first, 1).toordinal() - 1)


def _grid(
    request: Request,
    session: Session,
    viewer: Viewer,
    first: date,
    *,
    error: str = "",
    typed: dict[str, Any] | None = None,
) -> Response:
    today = state_of(request).today()
    r = reader(session)
    rows = duty_rows(
        r,
        today,
        unit_ids=visible_units(r, viewer),
        period_end_from=first,
        period_end_to=_last_day(first),
    )
    duties = sorted({(d.duty_code, d.duty_title, d.period_key) for d in rows})
    owed_to = {
        d.id: d.owed_to_unit_id
        for d in (session.get(Duty, i) for i in {row.duty_id for row in rows})
        if d is not None
    }
    units: dict[int, dict[str, Any]] = {}
    for d in rows:
        entry = units.setdefault(d.unit_id, {"name": d.unit_name, "code": d.unit_code, "cells": {}})
        entry["cells"][d.duty_code] = d
    return render(
        request,
        "duties.html",
        viewer,
        400 if error else 200,
        month=first,
        month_key=f"{first.year:04d}-{first.month:02d}",
        prev_key=f"{_shift(first, -1):%Y-%m}",
        next_key=f"{_shift(first, 1):%Y-%m}",
        duties=duties,
        units=sorted(units.values(), key=lambda u: u["code"]),
        may_submit={d.instance_id for d in rows if can_manage_duty(viewer, d.unit_id)},
        may_waive={
            d.instance_id for d in rows if can_waive_duty(viewer, d.unit_id, owed_to.get(d.duty_id))
        },
        error=error,
        typed=typed or {},
        words=lambda key: period_words(key, viewer.language),
        files=files_of_duty_instances(session, [d.instance_id for d in rows]),
        max_files=MAX_FILES,
        max_mb=file_bound(request) // (1024 * 1024),
    )


@router.get("/duties")
def duties(request: Request, month: str = "", year: Year = 0) -> Response:
    with db(request) as session:
        viewer = signed_in(request, session)
        first = _month(month, state_of(request).today(), year)
        return _grid(request, session, viewer, first)


@router.post("/duties/{instance_id}/{action}")
def duty_action(
    request: Request,
    instance_id: RowId,
    action: str,
    csrf: Text = "",
    held_on: Text = "",
    reference: Text = "",
    reason: Text = "",
    month: Text = "",
    files: Annotated[list[UploadFile], File()] = [],  # noqa: B006  (FastAPI copies it)
) -> Response:
    with signed_post(request, csrf) as (session, viewer):
        if action not in ("submit", "waive"):
            raise NotFound
        today = state_of(request).today()
        instance = session.get(DutyInstance, instance_id)
        if instance is None:
            raise NotFound
        duty = session.get(Duty, instance.duty_id)
        assert duty is not None
        allowed = (
            can_manage_duty(viewer, instance.unit_id)
            if action == "submit"
            else can_waive_duty(viewer, instance.unit_id, duty.owed_to_unit_id)
        )
        if not allowed:
            raise NotFound
        person = session.get(Person, viewer.person_id)
        assert person is not None
        first = _month(month, today)
        try:
            if action == "submit":
                day = form_date(held_on) if held_on.strip() else today
                bound = file_bound(request)
                uploads = read_uploads(files, bound)  # the minutes or the report itself
                done = submit_held_on(
                    session, instance, day, today, person, reference.strip() or None
                )
                for name, data in uploads:  # with its files, or not at all
                    attach(session, target_of(done), name, data, person, limit=bound)
            else:
                waive(session, instance, today, reason, person)
            session.commit()
        except TrackerError as problem:
            session.rollback()
            typed = {
                "instance": instance_id,
                "held_on": held_on,
                "reference": reference,
                "reason": reason,
            }
            return _grid(
                request, session, viewer, first, error=problem.render(viewer.language), typed=typed
            )
    return RedirectResponse(f"/duties?month={first:%Y-%m}", status_code=303)
