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
    s.console.print(f"outbox: {outbox}", highlight=False)
