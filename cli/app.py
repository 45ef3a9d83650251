"""The ``dondoc`` command line.

Heavy imports (SQLModel, Prefect) happen inside commands, so ``--help`` stays fast.
"""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.markup import escape
from typer.core import TyperGroup

from cli import (
    backup_commands,
    db_commands,
    demo_commands,
    duty_commands,
    extract_commands,
    io_commands,
    ops_commands,
    remind_commands,
    report_commands,
    task_commands,
    watch_commands,
    web_commands,
    zalo_commands,
)
from cli.context import state


class _RefusalsAsMessages(TyperGroup):
    """User errors become a clear message and exit code 2, never a traceback."""

    def invoke(self, ctx: Any) -> Any:  # typer's own click Context
        from documents.problems import ImportFailed
        from models.errors import TrackerError

        try:
            return super().invoke(ctx)
        except (TrackerError, ImportFailed) as error:
            current = state(ctx)
            message = escape(error.render(current.language))  # user text is not rich markup
            current.err.print(f"[bold red]✗[/] {message}", highlight=False)
            raise typer.Exit(2) from None
        except Exception as error:
            from models.db import database_failure

            cause = database_failure(error)
            if cause is None:
                raise
            from models.i18n import t
            from models.settings import get_settings, mask_password

            current = state(ctx)
            url = mask_password(get_settings().resolved_database_url)
            lines = str(getattr(error, "orig", None) or error).splitlines()
            reason = lines[0] if lines else type(error).__name__
            message = t(f"db.{cause}", current.language, url=url, reason=mask_password(reason))
            current.err.print(f"[bold red]✗[/] {escape(message)}", highlight=False)
            raise typer.Exit(3) from None


app = typer.Typer(
    cls=_RefusalsAsMessages,
    name="dondoc",
    help="Theo dõi, đôn đốc thực hiện nghị quyết / Follow up committee resolutions.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
app.add_typer(db_commands.app, name="db")
app.add_typer(task_commands.app, name="task")
app.add_typer(io_commands.import_app, name="import")
app.add_typer(io_commands.export_app, name="export")
app.add_typer(duty_commands.app, name="duty")
app.add_typer(report_commands.app, name="report")
app.add_typer(remind_commands.app, name="remind")
app.add_typer(demo_commands.app, name="demo")
app.add_typer(zalo_commands.app, name="zalo")
app.command("meeting-add")(task_commands.meeting_add)
app.command("serve")(ops_commands.serve)
app.command("health")(ops_commands.health)
app.command("watch")(watch_commands.watch)
app.command("backup")(backup_commands.backup)
app.command("restore")(backup_commands.restore)
app.add_typer(web_commands.app, name="web")
app.command("document-add")(task_commands.document_add)
app.command("extract")(extract_commands.extract)


@app.callback()
def root(
    ctx: typer.Context,
    lang: Annotated[
        str | None,
        typer.Option("--lang", help="vi (mặc định) hoặc en / vi (default) or en."),
    ] = None,
    actor: Annotated[
        str | None,
        typer.Option("--actor", help="Người thực hiện, ghi vào lịch sử / Who acts (history)."),
    ] = None,
) -> None:
    if lang is not None and lang not in ("vi", "en"):
        raise typer.BadParameter("vi | en", param_hint="--lang")
    current = state(ctx)
    current.lang, current.actor = lang, actor


def _plain_metavars(command: Any) -> None:
    """Help without type-annotation noise: flags show no ``<bool>``, values a word."""
    for param in command.params:  # typer vendors click: check by shape, not class
        if getattr(param, "param_type_name", "") == "option" and param.metavar is None:
            if param.is_flag:
                param.metavar = ""
            elif not param.type_descriptor.is_choice:
                param.metavar = _METAVARS.get(param.bare_type(), "TEXT")
    for sub in getattr(command, "commands", {}).values():
        _plain_metavars(sub)


_METAVARS = {"int": "N", "Path": "PATH", "list[str]": "TEXT"}


def main() -> None:
    command = typer.main.get_command(app)
    _plain_metavars(command)
    command()
