"""``dondoc serve`` and ``dondoc health``: running the schedules, and checking on them."""

from __future__ import annotations

import os
from typing import Annotated, Any

import typer

from cli.context import state

FLOWS = ("deadline-reminders", "reporting-duties", "manager-digest")


def serve(
    ctx: typer.Context,
    limit: Annotated[
        int, typer.Option("--limit", help="Số lượt chạy đồng thời / Concurrent runs.")
    ] = 2,
) -> None:
    """Chạy mọi lịch trong một tiến trình / Serve every schedule of prefect.yaml in one process."""
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    from prefect import serve as prefect_serve

    from flows.deployments import prefect_yaml_path, runner_deployments

    deployments = runner_deployments()
    state(ctx).console.print(
        f"serving {len(deployments)} deployments from {prefect_yaml_path()}", highlight=False
    )
    # Schedules stay active when this process stops: a restart must not skip a day.
    prefect_serve(*deployments, limit=limit, pause_on_shutdown=False)


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
        report["last_runs"] = _last_runs()
    ok = not str(report.get("schema", "")).startswith("unreachable") and "behind" not in str(
        report.get("schema")
    )
    for key, value in report.items():
        s.console.print(f"{key}: {value}", highlight=False)
    raise typer.Exit(0 if ok else 1)


def _last_runs() -> dict[str, str]:
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import FlowFilter, FlowFilterName
    from prefect.client.schemas.sorting import FlowRunSort

    found: dict[str, str] = {}
    with get_client(sync_client=True) as client:
        for name in FLOWS:
            runs = client.read_flow_runs(
                flow_filter=FlowFilter(name=FlowFilterName(any_=[name])),
                sort=FlowRunSort.START_TIME_DESC,
                limit=1,
            )
            if not runs:
                found[name] = "never run"
                continue
            run = runs[0]
            when = run.start_time.isoformat(timespec="seconds") if run.start_time else "not started"
            found[name] = f"{run.state_name} at {when}"
    return found
