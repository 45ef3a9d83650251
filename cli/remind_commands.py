"""``dondoc remind``: run the deadline-reminder flow now (Prefect is imported only here)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import typer

from cli.context import parse_cli_date, state

app = typer.Typer(help="Nhắc việc / Reminders.", no_args_is_help=True)


@app.command("run")
def run(
    ctx: typer.Context,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="Ngày của ủy ban / The committee's date.")
    ] = None,
    at: Annotated[
        str | None,
        typer.Option("--at", help="Giờ chạy (giờ địa phương), vd 2024-03-22T07:30 / Run time."),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Chỉ in, không gửi / Print, send nothing.")
    ] = False,
    duties: Annotated[
        bool,
        typer.Option(
            "--duties", help="Nghĩa vụ báo cáo thay vì nhiệm vụ / Reporting duties, not tasks."
        ),
    ] = False,
) -> None:
    """Gửi nhắc việc hạn chót / Send deadline reminders and escalations (Prefect flow)."""
    import os

    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")  # no telemetry by default
    from flows.deadline_reminders import deadline_reminders
    from flows.reporting_duties import reporting_duties

    day = parse_cli_date(as_of)
    moment = datetime.fromisoformat(at) if at else None
    chosen = reporting_duties if duties else deadline_reminders
    summary = chosen(as_of=day, dry_run=dry_run, at=moment)
    s = state(ctx)
    for digest in summary.pop("digests", []) if dry_run else []:
        s.console.rule(f"{digest['recipient']} · {digest['channel']} · {digest['address']}")
        s.console.print(f"{digest['subject']}\n\n{digest['body']}", highlight=False, markup=False)
    s.console.print(summary, highlight=False)
