"""``dondoc db``: create or upgrade the database schema."""

from __future__ import annotations

import typer

from cli.context import state

app = typer.Typer(help="Cơ sở dữ liệu / Database schema.", no_args_is_help=True)


@app.command("upgrade")
def upgrade(ctx: typer.Context) -> None:
    """Tạo hoặc nâng cấp lược đồ / Create or upgrade the schema to the newest migration."""
    from models.db import get_engine
    from models.i18n import t
    from models.migrate import head_revision

    get_engine()  # applies pending migrations on first use
    s = state(ctx)
    s.console.print(t("cli.db_upgraded", s.language, revision=head_revision()))


@app.command("status")
def status(ctx: typer.Context) -> None:
    """Phiên bản lược đồ hiện tại / Show the schema revision, without changing anything."""
    from models.db import make_engine
    from models.i18n import t
    from models.migrate import current_revision, head_revision
    from models.settings import get_settings, mask_password

    url = get_settings().resolved_database_url
    engine = make_engine(url)
    try:
        current = current_revision(engine)
    finally:
        engine.dispose()
    s = state(ctx)
    s.console.print(
        t(
            "cli.db_status",
            s.language,
            url=mask_password(url),
            current=current,
            head=head_revision(),
        ),
        highlight=False,
    )


@app.command("compact")
def compact(
    ctx: typer.Context,
    keep_days: int = typer.Option(
        0, "--keep-days", min=0, help="Giữ bao nhiêu ngày / Days to keep (0: the setting)."
    ),
) -> None:
    """Dọn nhật ký gửi / Remove settled delivery-log rows no run can need again."""
    from datetime import UTC, datetime

    from models.db import get_engine
    from models.i18n import t
    from models.settings import get_settings
    from notifications.compaction import compact as compact_log

    days = keep_days or get_settings().keep_deliveries_days
    gone = compact_log(get_engine(), datetime.now(UTC), days)
    s = state(ctx)
    s.console.print(t("cli.db_compacted", s.language, rows=gone, days=days))
