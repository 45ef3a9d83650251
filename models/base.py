"""Shared table plumbing: constraint naming, enum columns, audit timestamps."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from models.timestamps import UTCDateTime, utcnow

# Deterministic constraint names, so migrations can alter and drop them on every backend.
SQLModel.metadata.naming_convention = {
    "ix": "ix_%(column_0_N_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def partial_index(name: str, *columns: str, where: str) -> sa.Index:
    """An index of the rows where ``where`` holds, the same on both backends."""
    return sa.Index(name, *columns, sqlite_where=sa.text(where), postgresql_where=sa.text(where))


def present_index(name: str, column: str, *more: str) -> sa.Index:
    """An index of the rows whose ``column`` is set, for a column mostly empty (a task's
    parent, a document's meeting). Indexing the empty rows too told SQLite's ``ANALYZE``
    that a lookup by one value finds every row, and it read the whole table instead (a
    task page 120 ms at a million tasks); a lookup by value never wants the empty rows.
    """
    return partial_index(name, column, *more, where=f"{column} IS NOT NULL")


def enum_type(enum_cls: type[enum.Enum], name: str) -> sa.Enum:
    """A portable enum: VARCHAR plus a CHECK constraint, storing the member *values*.

    Native PostgreSQL enums need their own migrations for every new member; a checked
    string does not, and behaves the same on SQLite.
    """
    return sa.Enum(
        enum_cls,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=32,
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
    )


def created_at_field() -> Any:
    return Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)


def updated_at_field() -> Any:
    return Field(
        default_factory=utcnow,
        sa_type=UTCDateTime,
        nullable=False,
        sa_column_kwargs={"onupdate": utcnow},
    )


class Timestamped(SQLModel):
    created_at: datetime = created_at_field()
    updated_at: datetime = updated_at_field()


def table_of(model: type[SQLModel]) -> sa.Table:
    """The Core table of a model, for set-based queries (typed, unlike ``__table__``)."""
    table: sa.Table = model.__table__  # type: ignore[attr-defined]
    return table
