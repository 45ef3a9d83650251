"""``dondoc extract FILE``: a resolution's own text read into a draft of tasks.

The command prints the draft (text for people, ``--format json`` for scripts) and, with
``-o``, saves it as a minutes file for ``dondoc import minutes``. It never writes a task:
owners, deadlines and the tasks themselves are proposals a person checks first.
"""

from __future__ import annotations

import os
import tempfile
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from cli.context import state


class DraftFormat(StrEnum):
    TEXT = "text"
    JSON = "json"


def _write_atomically(path: Path, text: str) -> None:
    """The whole file or none of it: written beside the target, then renamed."""
    folder = path.resolve().parent
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def extract(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(dir_okay=False, help="DOCX, PDF hoặc TXT.")],
    format: Annotated[
        DraftFormat, typer.Option("--format", help="text (mặc định) hoặc json.")
    ] = DraftFormat.TEXT,
    output: Annotated[
        Path | None,
        typer.Option("-o", "--output", help="Lưu bản nháp dạng biên bản YAML / Save as minutes."),
    ] = None,
    directory: Annotated[
        Path | None,
        typer.Option(
            "--directory",
            help="Danh bạ đơn vị (YAML, có thể có aliases); mặc định: cơ sở dữ liệu.",
        ),
    ] = None,
) -> None:
    """Trích nhiệm vụ từ văn bản / Read a document's tasks into a draft (writes no task)."""
    from documents.extract import (
        directory_from_database,
        draft_minutes,
        extract_draft,
        read_directory,
    )
    from documents.extract.reading import read_bounded
    from documents.extract.writers import to_json, to_text
    from models.i18n import t

    s = state(ctx)
    lang = s.language
    data = read_bounded(path)
    if directory is not None:
        units = read_directory(directory)
    else:
        from models.db import session_scope

        with session_scope() as session:
            units = directory_from_database(session)
    draft = extract_draft(data, path.name, units)
    if format is DraftFormat.JSON:
        s.console.out(to_json(draft), highlight=False)
    else:
        s.console.out(to_text(draft, lang), highlight=False)
    if output is not None:
        _write_atomically(output, draft_minutes(draft, lang))
        s.err.print(
            t("extract.written", lang, count=len(draft.tasks), path=output), highlight=False
        )
