"""A bare connection for the questions the command line and the exports ask: no
SQLAlchemy and no Alembic imported when the schema is already the newest (``sqlread``
says why that matters); otherwise the full engine migrates it first, once.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from models.sqlread import DbApiReader


def open_reader(url: str | None = None) -> DbApiReader:
    """A bare connection to the task database, migrated to the newest schema first.

    Already at the newest schema (the usual case), this imports neither SQLAlchemy nor
    Alembic; otherwise the full engine applies the migrations once.
    """
    from models.schema_version import HEAD_REVISION
    from models.settings import get_settings

    url = url or get_settings().resolved_database_url
    if url.startswith("sqlite:///"):
        from pathlib import Path

        from models.private_files import private_database

        private_database(Path(url.split(":///", 1)[1]))
    reader = DbApiReader(url)
    try:
        current = reader.fetch("SELECT version_num FROM alembic_version", {})
    except Exception:  # no table yet: an empty database
        current = []
        if reader.dialect == "sqlite":
            reader.connection.rollback()
    if not current or current[0][0] != HEAD_REVISION:
        from models.db import get_engine

        get_engine(url)
    return reader


@contextmanager
def reading() -> Iterator[DbApiReader]:
    """A bare read-only connection for as long as the block runs (``open_reader``'s),
    closed after: for the questions the command line and exports ask."""
    reader = open_reader()
    try:
        yield reader
    finally:
        reader.close()
