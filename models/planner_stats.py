"""Fresh planner statistics after a step that multiplies a table's size in one go.

PostgreSQL plans every statement from statistics that autovacuum gathers when it gets
round to it (after a tenth of a table has changed, at its next pass, if it is on). A
step that at least doubles a table at once (a new install's first morning claiming a
quarter of a million deliveries, an import of an office's history) leaves the statements
after it planned on the old size until then: a join chosen for "the table is empty" on a
table of a quarter of a million rows reads it once per row. Such a step analyses the
tables it grew itself, right after it commits. Small steps and steps on large tables
cost nothing here: one read of the catalogue.

SQLite gathers no statistics unless told (``ANALYZE``, which the product never runs), so
its plans do not change with time: nothing to do there.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

import sqlalchemy as sa
from sqlalchemy.engine import Engine

log = logging.getLogger(__name__)

# Rows added at least the rows the statistics know of (the table at least doubled), and
# enough of them to matter: autovacuum's own threshold is 50 rows plus a tenth.
MIN_ROWS = 1_000


def refresh_if_grown(engine: Engine, added: Mapping[str, int]) -> list[str]:
    """``ANALYZE`` each table of ``added`` (table name -> rows the step just committed)
    whose statistics knew fewer rows than were added. Returns the tables analysed.

    Never fails the step, which is done: a lock held too long (``lock_timeout``) or a
    missing privilege leaves the statistics to autovacuum, as before."""
    grown = [name for name, rows in added.items() if rows >= MIN_ROWS]
    if engine.dialect.name != "postgresql" or not grown:
        return []
    analysed = []
    with engine.connect() as connection:
        rows = connection.execute(
            sa.text(
                "SELECT relname, reltuples FROM pg_class"
                " WHERE relname = ANY(:names) AND relkind = 'r'"
                " AND relnamespace = to_regnamespace(current_schema())::oid"
            ),
            {"names": grown},
        )
        known: dict[str, float] = {str(name): float(count) for name, count in rows}
        for name in grown:
            if name not in known or added[name] < max(0.0, known[name]):
                continue  # not ours, or the statistics already count at least as many
            try:
                connection.exec_driver_sql(f'ANALYZE "{name}"')
                connection.commit()
            except sa.exc.DBAPIError as error:
                connection.rollback()
                log.warning("statistics of %s not refreshed: %s", name, error.orig)
                continue
            analysed.append(name)
    return analysed
