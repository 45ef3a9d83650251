"""Read-only access for commands that only ask questions: a bare DB connection.

No SQLAlchemy, no models: see ``models.sqlread`` for why.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from models.sqlread import DbApiReader, open_reader


@contextmanager
def reading() -> Iterator[DbApiReader]:
    reader = open_reader()
    try:
        yield reader
    finally:
        reader.close()
