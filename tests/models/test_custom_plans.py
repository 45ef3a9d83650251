"""PostgreSQL plans every statement with the values it is sent, however often it runs.

psycopg prepares a statement it has run five times on a connection; PostgreSQL then
plans it once without its values ("generic"), guessing an id array at ten elements and
choosing the joins after it for ten, while a reminder run sends twenty thousand. Both
ways a program reaches the database (the engine, and the managers' bare reader) are
checked on a statement run more often than that, with the database's own count of
generic plans.
"""

from __future__ import annotations

import pytest

from models.db import make_engine
from models.sqlread import DbApiReader, Reader, SqlAlchemyReader, id_set_match

RUNS = 12  # psycopg prepares at the fifth; PostgreSQL plans generically from the sixth


def _generic_plans(reader: Reader) -> tuple[int, int]:
    (row,) = reader.fetch(
        "SELECT count(*), coalesce(sum(generic_plans), 0) FROM pg_prepared_statements"
        " WHERE statement LIKE '%unit_id%'",
        {},
    )
    return int(row[0]), int(row[1])


def _ask_often(reader: Reader) -> None:
    for _ in range(RUNS):
        params: dict[str, object] = {}
        match = id_set_match("t.id", "ids", list(range(1, 5001)), params, reader.dialect)
        reader.fetch(
            "SELECT t.id, u.code FROM task t LEFT JOIN unit u ON u.id = t.lead_unit_id"
            f" WHERE {match}",
            params,
        )


@pytest.mark.parametrize("through", ["engine", "bare reader"])
def test_a_statement_run_often_is_still_planned_with_its_values(
    postgres_url: str, through: str
) -> None:
    engine = make_engine(postgres_url)
    try:
        if through == "engine":
            with engine.connect() as connection:
                reader: Reader = SqlAlchemyReader(connection)
                _ask_often(reader)
                prepared, generic = _generic_plans(reader)
        else:
            bare = DbApiReader(postgres_url)
            try:
                _ask_often(bare)
                prepared, generic = _generic_plans(bare)
            finally:
                bare.close()
    finally:
        engine.dispose()
    assert (prepared, generic) == (1, 0)
