"""``dondoc remind``: run a reminder flow now (Prefect is imported only here): the
deadline reminders, the reporting duties (``--duties``) or the managers' weekly digest
(``--managers``)."""

from __future__ import annotations

from typing import Annotated

import typer

from cli.context import CliState, parse_cli_date, parse_cli_moment, rule, state
from cli.output import Format, emit_json
from models.i18n import register

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
    managers: Annotated[
        bool,
        typer.Option(
            "--managers",
            help="Thư tổng hợp tuần cho lãnh đạo đơn vị / The managers' weekly digest.",
        ),
    ] = False,
    fmt: Annotated[
        Format, typer.Option("--format", help="table | json (mã, số liệu / codes, figures)")
    ] = Format.TABLE,
) -> None:
    """Gửi nhắc việc hạn chót / Send deadline reminders and escalations (Prefect flow)."""
    from flows.clean_stop import Stopped, stops_cleanly

    s = state(ctx)
    try:
        with stops_cleanly():  # a stop signal unwinds: what the run started stops with it
            _run(s, as_of, at, dry_run, duties, managers, fmt)
    except Stopped as stop:
        from models.i18n import t

        s.err.print(f"[bold red]✗[/] {t('remind.stopped', s.language, signal=stop)}")
        raise typer.Exit(stop.exit_code) from None


def _run(
    s: CliState,
    as_of: str | None,
    at: str | None,
    dry_run: bool,
    duties: bool,
    managers: bool,
    fmt: Format,
) -> None:
    from flows.prefect_env import connect_for_flows, is_startup_timeout
    from models.settings import get_settings

    day = parse_cli_date(as_of)
    moment = parse_cli_moment(at)
    # `dondoc serve`'s server when it runs (no temporary server to wait for), else a
    # temporary one with a start-up limit that holds on a busy machine; telemetry off.
    connect_for_flows(get_settings().home)
    from flows.deadline_reminders import deadline_reminders
    from flows.manager_digest import manager_digest
    from flows.reporting_duties import reporting_duties

    if duties and managers:
        from models.i18n import t

        s.err.print(f"[bold red]✗[/] {t('remind.one_flow', s.language)}")
        raise typer.Exit(2)
    chosen = manager_digest if managers else reporting_duties if duties else deadline_reminders
    try:
        summary = chosen(as_of=day, dry_run=dry_run, at=moment)
    except RuntimeError as error:
        if not is_startup_timeout(error):
            raise
        import os

        from models.i18n import t

        seconds = os.environ.get("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "?")
        s.err.print(f"[bold red]✗[/] {t('prefect.startup_timeout', s.language, seconds=seconds)}")
        raise typer.Exit(3) from None
    if fmt is Format.JSON:  # the run's report as data (see the README's JSON section)
        emit_json(summary)
        return
    for digest in summary.pop("digests", []) if dry_run else []:
        rule(s.console, f"{digest['recipient']} · {digest['channel']} · {digest['address']}")
        s.console.print(f"{digest['subject']}\n\n{digest['body']}", highlight=False, markup=False)
    for key, value in summary.items():
        s.console.print(f"{key}: {value}", highlight=False, markup=False)


register(
    {
        "remind.stopped": {
            "vi": "Đã dừng theo tín hiệu {signal}. Các tin đang gửi đã được ghi lại; tin chưa "
            "gửi được giữ chỗ đến hết thời hạn giữ rồi lượt chạy sau gửi tiếp.",
            "en": "Stopped by {signal}. Messages being sent were recorded; those not sent "
            "stay claimed until the lease ends, then a later run sends them.",
        },
        "remind.one_flow": {
            "vi": "Chọn một trong --duties và --managers, không chọn cả hai.",
            "en": "Choose one of --duties and --managers, not both.",
        },
    }
)
