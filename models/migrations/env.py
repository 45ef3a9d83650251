"""Alembic environment: runs on the connection handed over by ``models.migrate``."""

from __future__ import annotations

from alembic import context

from models.schema import metadata

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through `dondoc db upgrade` (models.migrate)")

context.configure(
    connection=connection,
    target_metadata=metadata,
    # SQLite cannot ALTER most things: batch mode rebuilds the table instead.
    render_as_batch=True,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
