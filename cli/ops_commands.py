"""``dondoc serve`` and ``dondoc health``: running the schedules, and checking on them."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Any

import typer

from cli.context import state

FLOWS = ("deadline-reminders", "manager-digest")


def serve(
    ctx: typer.Context,
    host: Annotated[str, typer.Option("--host", help="Địa chỉ lắng nghe / Listen address.")] = (
        "127.0.0.1"
    ),
    port: Annotated[int, typer.Option("--port", help="Cổng Prefect UI/API / UI and API port.")] = (
        4200
    ),
    limit: Annotated[
        int, typer.Option("--limit", help="Số lượt chạy đồng thời / Concurrent runs.")
    ] = 2,
    web_port: Annotated[
        int, typer.Option("--web-port", help="Cổng ứng dụng web / Web application port.")
    ] = 8000,
    web: Annotated[
        bool, typer.Option("--web/--no-web", help="Chạy cả ứng dụng web / Serve the web app too.")
    ] = True,
    backup_dir: Annotated[
        Path | None,
        typer.Option(
            "--backup-dir",
            help="Sao lưu hằng đêm vào đây (mặc định DONDOC_HOME/backups) / Nightly backups here.",
        ),
    ] = None,
    backup: Annotated[
        bool, typer.Option("--backup/--no-backup", help="Sao lưu hằng đêm / Nightly backup.")
    ] = True,
    keep_backups: Annotated[
        int, typer.Option("--keep-backups", min=1, help="Số bản giữ lại / Backups kept.")
    ] = 7,
) -> None:
    """Chạy máy chủ Prefect cục bộ và mọi lịch / Local Prefect server + every schedule."""
    from flows import one_machine
    from flows.prefect_env import configured_api, quiet_defaults
    from models.i18n import t
    from models.settings import get_settings

    s = state(ctx)
    quiet_defaults()
    shared = configured_api()
    if shared:  # never re-register (and strip) what `prefect deploy` put there
        s.err.print(f"[bold red]✗[/] {t('serve.shared_server', s.language, url=shared)}")
        raise typer.Exit(2)
    for wanted in (port, *([web_port] if web else [])):
        if not one_machine.port_free(host, wanted):
            busy = t("serve.port_busy", s.language, host=host, port=wanted)
            s.err.print(f"[bold red]✗[/] {busy}")
            raise typer.Exit(2)
    home = get_settings().home
    chores = ["--keep", str(keep_backups)]
    chores += ["--watch-every", os.environ.get("DONDOC_WATCH_EVERY_SECONDS", "600")]
    chores += ["--backup-at", os.environ.get("DONDOC_BACKUP_AT", "02:00")]
    if backup:
        chores += ["--backup-dir", str(backup_dir or home / "backups")]
    parts = one_machine.components(home, host, port, limit, web_port if web else None, chores)
    url = f"http://{host}:{port}"
    supervisor = one_machine.Supervisor(
        parts, float(os.environ.get("DONDOC_SERVE_STARTUP_SECONDS", 600))
    )

    def ready() -> None:
        one_machine.write_state(home, f"{url}/api")
        names = ", ".join(p.name for p in parts)
        s.console.print(t("serve.started", s.language, url=url, components=names), highlight=False)

    try:
        supervisor.run(ready, lambda: one_machine.clear_state(home))
    except one_machine.Failed as failure:
        s.err.print(
            f"[bold red]✗[/] {t(failure.key, s.language, **failure.params)}", highlight=False
        )
        raise typer.Exit(3) from None


def health(
    ctx: typer.Context,
    prefect: Annotated[
        bool, typer.Option("--prefect/--no-prefect", help="Hỏi Prefect về lượt chạy cuối.")
    ] = True,
) -> None:
    """Tình trạng hệ thống / Database, migrations, channels (masked), last flow runs."""
    from models.schema_version import HEAD_REVISION
    from models.settings import get_settings, mask_password
    from models.sqlread import DbApiReader
    from notifications.config import ConfigError, load_config

    s = state(ctx)
    report: dict[str, Any] = {}
    url = get_settings().resolved_database_url
    report["database"] = mask_password(url)
    try:
        reader = DbApiReader(url)
        try:
            current = reader.fetch("SELECT version_num FROM alembic_version", {})[0][0]
            fresh = "up to date" if current == HEAD_REVISION else f"behind {HEAD_REVISION}"
            report["schema"] = f"{current} ({fresh})"
            report["tasks"] = reader.fetch("SELECT count(*) FROM task", {})[0][0]
        finally:
            reader.close()
    except Exception as error:
        report["schema"] = f"unreachable: {type(error).__name__}: {mask_password(str(error))}"
    try:
        config = load_config()
        report["channels"] = config.describe() or "none configured"
        report["tracking_office"] = config.tracking_office
    except ConfigError as error:
        report["channels"] = f"error: {mask_password(str(error))}"  # YAML errors quote lines
    if prefect:
        settings = get_settings()
        report["prefect"] = _last_runs(s.language, settings.timezone, settings.home)
    ok = not str(report.get("schema", "")).startswith("unreachable") and "behind" not in str(
        report.get("schema")
    )
    for key, value in report.items():
        s.console.print(f"{key}: {value}", highlight=False)
    raise typer.Exit(0 if ok else 1)


FINISHED = ["COMPLETED", "FAILED", "CRASHED", "CANCELLED"]


def _flow_runs(client: Any, api: str, name: str, states: list[str], sort: str) -> list[Any]:
    reply = client.post(
        f"{api}/flow_runs/filter",
        json={
            "flows": {"name": {"any_": [name]}},
            "flow_runs": {"state": {"type": {"any_": states}}},
            "sort": sort,
            "limit": 1,
        },
    )
    reply.raise_for_status()
    return list(reply.json())


def _when(value: str | None, timezone: str) -> str:
    if not value:
        return "?"
    from datetime import datetime

    from models.i18n import format_moment

    return format_moment(datetime.fromisoformat(value.replace("Z", "+00:00")), timezone)


def _last_runs(language: str, timezone: str, home: Any) -> dict[str, str] | str:
    """Per flow: the last *finished* run and the next scheduled one, straight from the
    REST API (no Prefect import, no temporary server: about a second)."""
    import httpx

    from flows.prefect_env import configured_api, running_local_api
    from models.i18n import t

    api = configured_api() or running_local_api(home)
    if api is None:
        return t("health.no_server", language)
    found: dict[str, str] = {}
    try:
        with httpx.Client(timeout=10) as client:
            for name in FLOWS:
                last = _flow_runs(client, api, name, FINISHED, "END_TIME_DESC")
                upcoming = _flow_runs(client, api, name, ["SCHEDULED"], "EXPECTED_START_TIME_ASC")
                done = (
                    f"{last[0]['state_name']} {_when(last[0]['end_time'], timezone)}"
                    if last
                    else "never finished"
                )
                following = (
                    _when(upcoming[0]["expected_start_time"], timezone) if upcoming else "none"
                )
                found[name] = f"last {done}; next {following}"
    except httpx.HTTPError as error:
        return f"{api}: unreachable ({type(error).__name__})"
    return found
