"""The tally tables (``models.task_tally`` keeps and reads them): apart from the reading
code, so a command that only reads (``dondoc report``) loads no ORM."""

from __future__ import annotations

from sqlmodel import Field, SQLModel

import models.base  # noqa: F401  (its constraint naming convention, before these tables)

# SQLite: stored in primary key order (WITHOUT ROWID), so a period's rows are one range
# read with their counts, not an index range and a row lookup each.
_CLUSTERED = {"sqlite_with_rowid": False}


class UnitTally(SQLModel, table=True):
    __tablename__ = "unit_tally"
    __table_args__ = _CLUSTERED

    bucket: int = Field(primary_key=True)
    unit_id: int = Field(primary_key=True)
    state: int = Field(primary_key=True)
    n: int


class PersonTally(SQLModel, table=True):
    __tablename__ = "person_tally"
    __table_args__ = _CLUSTERED

    bucket: int = Field(primary_key=True)
    person_id: int = Field(primary_key=True, index=True)  # index: a person's move
    state: int = Field(primary_key=True)
    n: int
