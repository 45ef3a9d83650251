"""A full copy of every table's rows, to prove that a failed import changed nothing."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from models.schema import metadata


def snapshot(engine: sa.Engine) -> dict[str, list[tuple[Any, ...]]]:
    with engine.connect() as connection:
        return {
            table.name: sorted(
                (tuple(row) for row in connection.execute(sa.select(table))), key=repr
            )
            for table in metadata.sorted_tables
        }
