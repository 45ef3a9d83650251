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
