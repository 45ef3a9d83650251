"""Finding and reading the header row of an imported sheet, for every kind of sheet."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from documents.loader import Loader
from documents.problems import Where
from documents.task_columns import Column, column_for, find_header_row, unknown_header


@dataclass
class Header:
    top: int  # index of the header row; data starts below it
    fields: list[str | None]  # the field each column feeds, None for columns not imported
    names: dict[str, str]  # field -> the header as written, to name it in problems


def read_header(
    loader: Loader,
    rows: Sequence[Sequence[Any]],
    columns: Sequence[Column],
    required: Sequence[str],
) -> Header:
    """Map the header to fields; unknown and missing columns are reported (and the import
    stops there: a wrong header makes every row wrong)."""
    top = find_header_row(rows, columns) if rows else 0
    written = ["" if h is None else str(h) for h in (rows[top] if rows else [])]
    header = Header(top, [], {})
    for name in written:
        column = column_for(name, columns) if name.strip() else None
        if name.strip() and column is None:
            unknown = unknown_header(name, columns)
            loader.fail(
                Where(loader.file, "row", top + 1), name, unknown["key"], **unknown["params"]
            )
        header.fields.append(column.field if column is not None and column.importable else None)
        if column is not None:
            header.names[column.field] = name
    for field in required:
        if field not in header.names:
            loader.fail(Where(loader.file, "row", top + 1), field, "missing_column")
    loader.finish()
    return header
