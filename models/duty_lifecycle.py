"""Writing duties: their instances per period (idempotently), submissions, waivers."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

from sqlmodel import Session, select

from models.calendar import WorkCalendar
from models.changes import Saved, assign
from models.duties import Duty, DutyAssignee, DutyInstance, DutySubmission
from models.duty_schedule import periods_ending_between
from models.errors import TrackerError, not_found
from models.i18n import register
from models.org import Person, Unit


def generate_instances(
    session: Session, duty: Duty, first: date, last: date, work: WorkCalendar
) -> Counter[str]:
    """One instance per owing unit per period ending in ``[first, last]``; re-running
    creates nothing new and only corrects dates that a changed rule moved."""
    counts: Counter[str] = Counter()
    units = [
        a.unit_id for a in session.exec(select(DutyAssignee).where(DutyAssignee.duty_id == duty.id))
    ]
    existing = {
        (i.unit_id, i.period_key): i
        for i in session.exec(select(DutyInstance).where(DutyInstance.duty_id == duty.id))
    }
    assert duty.id is not None
    for period in periods_ending_between(duty, first, last, work):
        values: dict[str, Any] = {
            "period_start": period.start,
            "period_end": period.end,
            "cutoff_start": period.cutoff_start,
            "cutoff_end": period.cutoff_end,
            "due_on": period.due_on,
        }
        for unit_id in units:
            instance = existing.get((unit_id, period.key))
            if instance is None:
                session.add(
                    DutyInstance(duty_id=duty.id, unit_id=unit_id, period_key=period.key, **values)
                )
                counts["instances.created"] += 1
            elif any(getattr(instance, k) != v for k, v in values.items()):
                for key, value in values.items():
                    setattr(instance, key, value)
                session.add(instance)
                counts["instances.updated"] += 1
    session.flush()
    return counts


def record_submission(
    session: Session,
    instance: DutyInstance,
    submitted_on: date,
    by: Person | None,
    reference: str | None = None,
    note: str | None = None,
) -> DutySubmission:
    """A late submission is recorded as late, never refused; the same one twice is."""
    if instance.waived_on is not None:
        raise TrackerError("duty_waived", period=instance.period_key)
    assert instance.id is not None
    same = session.exec(
        select(DutySubmission.id).where(
            DutySubmission.instance_id == instance.id,
            DutySubmission.submitted_on == submitted_on,
            DutySubmission.reference == reference,
        )
    ).first()
    if same is not None:
        raise TrackerError("duty_already_submitted", period=instance.period_key, on=submitted_on)
    submission = DutySubmission(
        instance_id=instance.id,
        submitted_on=submitted_on,
        submitted_by_id=by.id if by else None,
        reference=reference,
        note=note,
    )
    session.add(submission)
    session.flush()
    return submission


def submit_held_on(
    session: Session,
    instance: DutyInstance,
    held_on: date,
    today: date,
    by: Person | None,
    reference: str | None = None,
) -> DutySubmission:
    """A submission recorded with the date it happened (a meeting held on the 28th and
    entered on the 15th is on time), never a date still to come."""
    if held_on > today:
        raise TrackerError("duty_date_future", field="submitted_on", on=held_on)
    return record_submission(session, instance, held_on, by, reference)


def waive(session: Session, instance: DutyInstance, on: date, reason: str, by: Person) -> None:
    if not reason.strip():
        raise TrackerError("waiver_reason")
    instance.waived_on, instance.waived_reason, instance.waived_by_id = on, reason, by.id
    session.add(instance)
    session.flush()


def generate_all(session: Session, first: date, last: date, work: WorkCalendar) -> Counter[str]:
    """Instances of every active duty for periods ending in ``[first, last]``."""
    counts: Counter[str] = Counter()
    for duty in session.exec(select(Duty).where(Duty.active)):
        counts.update(generate_instances(session, duty, first, last, work))
    return counts


def find_instance(
    session: Session, duty_code: str, unit_code: str, period_key: str
) -> DutyInstance:
    from models.org import Unit

    instance = session.exec(
        select(DutyInstance)
        .join(Duty, Duty.id == DutyInstance.duty_id)  # type: ignore[arg-type]
        .join(Unit, Unit.id == DutyInstance.unit_id)  # type: ignore[arg-type]
        .where(
            Duty.code == duty_code, Unit.code == unit_code, DutyInstance.period_key == period_key
        )
    ).first()
    if instance is None:
        raise not_found("duty_instance", f"{duty_code} / {unit_code} / {period_key}")
    return instance


register(
    {
        "error.duty_date_future": {
            "vi": "Ngày thực hiện {on} chưa tới; nhập ngày đã diễn ra (dd/mm/yyyy).",
            "en": "The date {on} is still to come; enter the day it happened (dd/mm/yyyy).",
        },
        "error.duty_already_submitted": {
            "vi": "Kỳ {period} đã được ghi nhận nộp ngày {on} với cùng số hiệu; không ghi lại.",
            "en": "Period {period} already has this submission of {on}; not recorded again.",
        },
    }
)


def save_duty(
    session: Session,
    *,
    code: str,
    values: dict[str, Any],
    owed_by: list[Unit],
) -> Saved[Duty]:
    """Create or update a duty by code, with the units that owe it.

    ``values`` are the ``Duty`` columns; a cadence of ``rrule`` needs a valid RRULE, and
    someone must owe the duty.
    """
    from models.duties import Cadence
    from models.duty_schedule import parse_rrule

    if values.get("cadence") is Cadence.RRULE:
        rrule = values.get("rrule")
        if not rrule:
            raise TrackerError("rrule_missing", field="rrule")
        try:
            parse_rrule(rrule)
        except (ValueError, TypeError) as error:
            raise TrackerError("bad_rrule", field="rrule", detail=str(error)) from None
    if not owed_by:
        raise TrackerError("nobody_owes", field="owed_by", code=code)
    duty = session.exec(select(Duty).where(Duty.code == code)).first()
    created = duty is None
    duty = duty or Duty(code=code, **values)
    changed = assign(duty, values)
    session.add(duty)
    session.flush()
    changed |= _set_assignees(session, duty, owed_by)
    return Saved(duty, created, changed)


def preset(name: str) -> dict[str, Any]:
    """The settings a named preset gives a duty (``decree09-quarterly``...)."""
    from models.duty_schedule import PRESETS

    if name not in PRESETS:
        raise TrackerError("bad_preset", field="preset", value=name, choices=", ".join(PRESETS))
    return dict(PRESETS[name])


def _set_assignees(session: Session, duty: Duty, units: list[Unit]) -> bool:
    current = {
        a.unit_id: a
        for a in session.exec(select(DutyAssignee).where(DutyAssignee.duty_id == duty.id))
    }
    wanted = {u.id for u in units if u.id is not None}
    if set(current) == wanted:
        return False
    for unit_id, row in current.items():
        if unit_id not in wanted:
            session.delete(row)
    assert duty.id is not None
    for new_unit in wanted - set(current):
        session.add(DutyAssignee(duty_id=duty.id, unit_id=new_unit))
    session.flush()
    return True


register(
    {
        "error.rrule_missing": {
            "vi": "Chu kỳ «rrule» cần một RRULE.",
            "en": "The «rrule» cadence needs an RRULE.",
        },
        "error.bad_rrule": {
            "vi": "RRULE không hợp lệ: {detail}",
            "en": "Not a valid RRULE: {detail}",
        },
        "error.nobody_owes": {
            "vi": "Nghĩa vụ «{code}» chưa có đơn vị nào phải thực hiện.",
            "en": "Duty «{code}» is owed by no unit.",
        },
        "error.bad_preset": {
            "vi": "Mẫu «{value}» không có; chọn: {choices}.",
            "en": "No preset «{value}»; choose: {choices}.",
        },
    }
)
