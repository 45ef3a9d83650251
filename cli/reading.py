"""Read-only access for commands that only ask questions: a bare DB connection.

No SQLAlchemy, no models: see ``models.sqlread`` for why.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from models.errors import TrackerError
from models.i18n import Term
from models.queries import find_code, subtree
from models.sqlread import DbApiReader, open_reader


@contextmanager
def reading() -> Iterator[DbApiReader]:
    reader = open_reader()
    try:
        yield reader
    finally:
        reader.close()


def unit_scope(reader: DbApiReader, code: str) -> list[int]:
    """The unit named by ``code`` and all units below it."""
    unit_id = find_code(reader, "unit", code)
    if unit_id is None:
        raise TrackerError("not_found", what=Term("what.unit"), key=code)
    return subtree(reader, unit_id)


def person_id(reader: DbApiReader, code: str) -> int:
    found = find_code(reader, "person", code)
    if found is None:
        raise TrackerError("not_found", what=Term("what.person"), key=code)
    return found
