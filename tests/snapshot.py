"""The whole database as data, to prove that something refused (a failed import, a form
outside one's reach, a bad CSRF token, a spent link) changed nothing at all.

Every table the database holds is read, as the database reports them (not only the
tables the models know), rows sorted, so two snapshots are equal exactly when no row was
added, removed or changed anywhere.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

Snapshot = dict[str, list[tuple[Any, ...]]]

# Counters of requests, written whatever the answer (a refused token counts against its
# client): bookkeeping of the asking, not a change the refusal could have let through.
REQUEST_COUNTERS = frozenset({"rate_limit"})


def snapshot(engine: sa.Engine) -> Snapshot:
    tables = sa.MetaData()
    tables.reflect(engine)
    with engine.connect() as connection:
        return {
            name: sorted((tuple(row) for row in connection.execute(sa.select(table))), key=repr)
            for name, table in sorted(tables.tables.items())
            if name not in REQUEST_COUNTERS
        }


def changed_tables(before: Snapshot, after: Snapshot) -> list[str]:
    """The tables whose rows differ (for a readable assertion message)."""
    return sorted(
        name for name in before.keys() | after.keys() if before.get(name) != after.get(name)
    )
