"""The ``dondoc`` command line.

Heavy imports (SQLModel, Prefect) happen inside commands, so ``--help`` stays fast.
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from cli import db_commands, demo_commands, io_commands, task_commands
from cli.context import CliState, state

app = typer.Typer(
    name="dondoc",
    help="Theo dõi, đôn đốc thực hiện nghị quyết / Follow up committee resolutions.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
app.add_typer(db_commands.app, name="db")
app.add_typer(task_commands.app, name="task")
app.add_typer(io_commands.import_app, name="import")
app.add_typer(io_commands.export_app, name="export")
app.add_typer(demo_commands.app, name="demo")
app.command("meeting-add")(task_commands.meeting_add)
app.command("document-add")(task_commands.document_add)


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


def main() -> None:
    """Entry point: user errors become a clear message and exit code 2, not a traceback."""
    import cli.texts  # noqa: F401  (registers the CLI's texts)
    from cli.files.problems import ImportFailed
    from models.errors import TrackerError

    shared = CliState()
    try:
        app(standalone_mode=False, obj=shared)
    except (TrackerError, ImportFailed) as error:
        shared.err.print(f"[bold red]✗[/] {error.render(shared.language)}", highlight=False)
        sys.exit(2)
    except typer.Exit as done:
        sys.exit(done.exit_code)
    except typer.Abort:
        sys.exit(1)
    except Exception as error:
        import click

        if isinstance(error, click.ClickException):
            error.show()
            sys.exit(error.exit_code)
        raise
