"""``dondoc demo``: the demo committee, for trying the tracker on a fresh machine."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from cli.context import parse_cli_date, state

if TYPE_CHECKING:
    from sqlmodel import Session

app = typer.Typer(help="Dữ liệu mẫu / Demo data.", no_args_is_help=True)

DEMO_MINUTES = Path(__file__).parent / "demo" / "ipo_committee_2024.yaml"
DEMO_AS_OF = "2024-07-15"  # mid-year in the demo's year, when the list is most telling


@app.command("load")
def load(ctx: typer.Context) -> None:
    """Nạp Đảng bộ mẫu (chạy lại không nhân đôi) / Load the demo committee (idempotent)."""
    from cli.files.minutes import import_minutes
    from models.calendar import default_calendar
    from models.db import session_scope
    from models.duty_lifecycle import generate_all

    with session_scope() as session:
        counts = import_minutes(session, DEMO_MINUTES, "demo", default_calendar())
        counts.update(
            generate_all(session, date(2024, 1, 1), date(2024, 12, 31), default_calendar())
        )
        counts.update(_demo_submissions(session))
    from cli.io_commands import _report

    _report(ctx, DEMO_MINUTES, counts)


# What the office recorded by mid-July 2024 (as `dondoc duty submit` / `waive` would).
DEMO_SUBMISSIONS = [
    ("BC-QUY", "CB01", "2024-Q1", date(2024, 3, 18)),
    ("BC-QUY", "CB02", "2024-Q1", date(2024, 3, 27)),  # a week late
    ("BC-QUY", "CB03", "2024-Q1", date(2024, 3, 20)),
    ("BC-QUY", "CB01", "2024-Q2", date(2024, 6, 19)),
    ("BC-6THANG", "CB01", "2024-H1", date(2024, 6, 20)),
    ("SH-CHIBO", "CB01", "2024-06", date(2024, 6, 26)),
]


def _demo_submissions(session: Session) -> Counter[str]:
    from sqlmodel import select

    from models.duties import DutySubmission
    from models.duty_lifecycle import find_instance, record_submission, waive
    from models.org import Person

    counts: Counter[str] = Counter()
    clerk = session.exec(select(Person).where(Person.code == "trang.nt")).one()
    for duty, unit, period, on in DEMO_SUBMISSIONS:
        instance = find_instance(session, duty, unit, period)
        if (
            session.exec(
                select(DutySubmission).where(DutySubmission.instance_id == instance.id)
            ).first()
            is None
        ):
            record_submission(session, instance, on, clerk, reference=f"{duty}/{unit}/{period}")
            counts["submissions.created"] += 1
    moved = find_instance(session, "BC-QUY", "CB09", "2024-Q1")
    if moved.waived_on is None:  # the HCMC branch reorganised that quarter
        waive(session, moved, date(2024, 3, 10), "Chi bộ kiện toàn tổ chức trong quý I", clerk)
        counts["waivers.created"] += 1
    return counts


@app.command("run")
def run(
    ctx: typer.Context,
    as_of: Annotated[str, typer.Option("--as-of")] = DEMO_AS_OF,
) -> None:
    """Việc chính trên dữ liệu mẫu / The main job on the demo data: load, then list tasks."""
    import os

    from cli.remind_commands import run as remind
    from cli.task_commands import list_tasks
    from models.settings import get_settings

    load(ctx)
    parse_cli_date(as_of)
    s = state(ctx)
    s.console.rule(f"dondoc — {as_of}")
    ctx.invoke(list_tasks, ctx=ctx, as_of=as_of)
    # Without configured channels, deliver into a local outbox: no outside server needed.
    outbox = (get_settings().home / "outbox").resolve()
    if not os.environ.get("DONDOC_NOTIFY_FILE") and not any(
        k.startswith("DONDOC_CHANNEL_") for k in os.environ
    ):
        for channel in ("email", "telegram", "slack"):
            os.environ[f"DONDOC_CHANNEL_{channel.upper()}"] = (
                f"outbox://localhost{outbox}/{channel}?to={{address}}"
            )
    s.console.rule("deadline-reminders")
    ctx.invoke(remind, ctx=ctx, as_of=as_of, at=f"{as_of}T07:30", dry_run=False)
    s.console.rule("reporting-duties")
    ctx.invoke(remind, ctx=ctx, as_of=as_of, at=f"{as_of}T07:30", dry_run=False, duties=True)
    s.console.print(f"outbox: {outbox}", highlight=False)
