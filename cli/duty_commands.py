"""``dondoc duty``: recurring duties — generate periods, record submissions, waive."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated

import typer

from cli.context import parse_cli_date, state, today

app = typer.Typer(
    help="Nghĩa vụ định kỳ (báo cáo, sinh hoạt) / Recurring duties.", no_args_is_help=True
)

DutyCode = Annotated[str, typer.Option("--duty", help="Mã nghĩa vụ / Duty code.")]
UnitCode = Annotated[str, typer.Option("--unit", help="Mã đơn vị / Unit code.")]
PeriodKey = Annotated[str, typer.Option("--period", help="2024-Q1, 2024-H1, 2024, 2024-03 ...")]
On = Annotated[
    str | None, typer.Option("--on", help="Ngày (mặc định hôm nay) / Date (default today).")
]


@app.command("generate")
def generate(
    ctx: typer.Context,
    first: Annotated[
        str | None, typer.Option("--from", help="Mặc định: 1 năm trước / Default: a year ago.")
    ] = None,
    last: Annotated[
        str | None, typer.Option("--to", help="Mặc định: 1 năm tới / Default: a year ahead.")
    ] = None,
) -> None:
    """Tạo các kỳ phải nộp (chạy lại không nhân đôi) / Create the periods owed (idempotent)."""
    from models.calendar import default_calendar
    from models.db import session_scope
    from models.duty_lifecycle import generate_all

    now = today()
    start = parse_cli_date(first) or now - timedelta(days=365)
    end = parse_cli_date(last) or now + timedelta(days=365)
    with session_scope() as session:
        counts = generate_all(session, start, end, default_calendar())
    from models.i18n import t

    s = state(ctx)
    summary = ", ".join(f"{k}={v}" for k, v in sorted(counts.items()))
    s.console.print(summary or t("no_changes", s.language), highlight=False)


@app.command("submit")
def submit(
    ctx: typer.Context,
    duty: DutyCode,
    unit: UnitCode,
    period: PeriodKey,
    on: On = None,
    by: Annotated[str | None, typer.Option("--by", help="Người nộp / Who submitted.")] = None,
    reference: Annotated[
        str | None, typer.Option("--reference", help="Số văn bản, tệp / Reference or file.")
    ] = None,
    note: Annotated[str | None, typer.Option("--note")] = None,
) -> None:
    """Ghi nhận đơn vị đã nộp (nộp muộn vẫn ghi, đánh dấu muộn) / Record a submission."""
    from models.db import session_scope
    from models.duty_lifecycle import find_instance, record_submission
    from models.lookups import get_person

    with session_scope() as session:
        instance = find_instance(session, duty, unit, period)
        person = get_person(session, by) if by else None
        record_submission(session, instance, parse_cli_date(on) or today(), person, reference, note)
    _saved(ctx)


@app.command("waive")
def waive(
    ctx: typer.Context,
    duty: DutyCode,
    unit: UnitCode,
    period: PeriodKey,
    reason: Annotated[str, typer.Option("--reason")],
    by: Annotated[str, typer.Option("--by", help="Người quyết định / Who decided.")],
    on: On = None,
) -> None:
    """Miễn nộp cho một kỳ, có lý do / Waive a duty for one period, with a reason."""
    from models.db import session_scope
    from models.duty_lifecycle import find_instance
    from models.duty_lifecycle import waive as waive_instance
    from models.lookups import get_person

    with session_scope() as session:
        instance = find_instance(session, duty, unit, period)
        waive_instance(
            session, instance, parse_cli_date(on) or today(), reason, get_person(session, by)
        )
    _saved(ctx)


def _saved(ctx: typer.Context) -> None:
    from models.i18n import t

    s = state(ctx)
    s.console.print(t("cli.saved", s.language))
