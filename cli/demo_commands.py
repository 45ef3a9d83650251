"""``dondoc demo``: the demo committee, for trying the tracker on a fresh machine."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cli.context import parse_cli_date, state

app = typer.Typer(help="Dữ liệu mẫu / Demo data.", no_args_is_help=True)

DEMO_MINUTES = Path(__file__).parent / "demo" / "ipo_committee_2024.yaml"
DEMO_AS_OF = "2024-07-15"  # mid-year in the demo's year, when the list is most telling


@app.command("load")
def load(ctx: typer.Context) -> None:
    """Nạp Đảng bộ mẫu (chạy lại không nhân đôi) / Load the demo committee (idempotent)."""
    from cli.files.minutes import import_minutes
    from models.calendar import default_calendar
    from models.db import session_scope

    with session_scope() as session:
        counts = import_minutes(session, DEMO_MINUTES, "demo", default_calendar())
    from cli.io_commands import _report

    _report(ctx, DEMO_MINUTES, counts)


@app.command("run")
def run(
    ctx: typer.Context,
    as_of: Annotated[str, typer.Option("--as-of")] = DEMO_AS_OF,
) -> None:
    """Việc chính trên dữ liệu mẫu / The main job on the demo data: load, then list tasks."""
    from cli.task_commands import list_tasks

    load(ctx)
    parse_cli_date(as_of)
    state(ctx).console.rule(f"dondoc — {as_of}")
    ctx.invoke(list_tasks, ctx=ctx, as_of=as_of)
