"""``dondoc backup`` and ``dondoc restore``: a thin door over ``models.backup``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cli.context import state
from models.i18n import register

KEEP = 7


def backup(
    ctx: typer.Context,
    folder: Annotated[Path, typer.Argument(help="Thư mục chứa các bản sao lưu / Backups folder.")],
    keep: Annotated[
        int, typer.Option("--keep", min=1, help="Giữ N bản mới nhất / Keep the newest N.")
    ] = KEEP,
) -> None:
    """Sao lưu cơ sở dữ liệu và tệp trong DONDOC_HOME / Back up the database and home."""
    from datetime import UTC, datetime

    from models.backup import take_backup
    from models.i18n import t
    from models.settings import get_settings

    settings = get_settings()
    made = take_backup(
        settings.resolved_database_url, settings.home, folder, keep=keep, now=datetime.now(UTC)
    )
    s = state(ctx)
    s.console.print(t("backup.done", s.language, path=made, keep=keep), highlight=False)


def restore(
    ctx: typer.Context,
    source: Annotated[
        Path, typer.Argument(exists=True, file_okay=False, help="Một bản sao lưu / One backup.")
    ],
) -> None:
    """Khôi phục vào DONDOC_HOME và cơ sở dữ liệu trống / Restore into an empty home and
    an empty database."""
    from models.backup import restore_backup
    from models.i18n import t
    from models.settings import get_settings, mask_password

    settings = get_settings()
    done = restore_backup(source, settings.resolved_database_url, settings.home)
    s = state(ctx)
    s.console.print(
        t(
            "restore.done",
            s.language,
            url=mask_password(settings.resolved_database_url),
            home=settings.home,
            tasks=done.tasks,
            files=done.files,
            revision=done.revision,
        ),
        highlight=False,
    )
    if done.upgraded_to:
        s.console.print(t("restore.upgraded", s.language, revision=done.upgraded_to))


register(
    {
        "backup.done": {
            "vi": "Đã sao lưu vào {path} (giữ {keep} bản mới nhất).",
            "en": "Backed up to {path} (the newest {keep} kept).",
        },
        "restore.done": {
            "vi": "Đã khôi phục {tasks} nhiệm vụ vào {url} và {files} tệp vào {home} (lược đồ "
            "{revision}).",
            "en": "Restored {tasks} tasks into {url} and {files} files into {home} (schema "
            "{revision}).",
        },
        "restore.upgraded": {
            "vi": "Lược đồ đã được nâng cấp lên {revision}.",
            "en": "The schema was upgraded to {revision}.",
        },
    }
)
