"""The migrations build exactly the schema the models describe, on both backends."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Connection, Engine

import models
from models.db import make_engine
from models.migrate import (
    alembic_config,
    current_revision,
    head_revision,
    upgrade,
    upgrade_if_behind,
)
from models.schema import metadata
from models.schema_version import HEAD_REVISION


def test_migrated_schema_matches_models(engine: Engine) -> None:
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        diff = compare_metadata(context, metadata)
    assert diff == []
    assert current_revision(engine) == head_revision()


def _index_definitions(connection: Connection, schema: str | None) -> dict[str, str]:
    """Each index's definition as the database states it (its rows' predicate too)."""
    if connection.dialect.name == "sqlite":
        rows = connection.execute(
            text("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL")
        )
        return {name: " ".join(sql.split()) for name, sql in rows}
    rows = connection.execute(
        text("SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = :s"), {"s": schema}
    )
    return {name: definition.replace(f" {schema}.", " ") for name, definition in rows}


def test_migrated_indexes_are_the_models_predicates_and_all(engine: Engine) -> None:
    """Alembic's comparison ignores a partial index's predicate: compared here, against
    the models' own schema built beside it (PostgreSQL: another schema; SQLite: memory)."""
    with engine.begin() as connection:
        migrated = _index_definitions(connection, "public")
        if engine.dialect.name == "sqlite":
            fresh = create_engine("sqlite://")
            with fresh.begin() as other:
                metadata.create_all(other)
                built = _index_definitions(other, None)
            fresh.dispose()
        else:
            connection.exec_driver_sql("CREATE SCHEMA models_only")
            metadata.create_all(
                connection.execution_options(schema_translate_map={None: "models_only"})
            )
            built = _index_definitions(connection, "models_only")
            connection.exec_driver_sql("DROP SCHEMA models_only CASCADE")
    assert {n: d for n, d in migrated.items() if n in built} == built
    assert set(migrated) - set(built) <= {"alembic_version_pkc"}  # alembic's own table


def test_constraint_names_hold_whichever_table_module_comes_first() -> None:
    """The naming convention is set by ``models.base``: a table module imported before the
    others names its constraints by it too (these six did not import it, and the first of
    them to load got the database's default names)."""
    first = "tokens, rate_limits, web_sessions, receipts, explanations, tally_tables"
    code = (
        f"from models import {first}\n"
        "from models.schema import metadata\n"
        "print(sorted(f'{t.name} {type(c).__name__}' for t in metadata.tables.values()"
        " for c in t.constraints if c.name is None))"
    )
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert found.stdout.strip() == "[]"


def test_every_table_module_imports_the_naming_convention() -> None:
    """Any module defining a table imports ``models.base`` itself, so no import order can
    define its tables before the convention (the package's ``__init__`` cannot set it: the
    CLI's fast paths import ``models`` modules without the ORM)."""
    missing = []
    for path in sorted(Path(models.__file__).parent.glob("*.py")):
        tree = ast.parse(path.read_text())
        defines_table = any(
            isinstance(node, ast.ClassDef) and any(k.arg == "table" for k in node.keywords)
            for node in tree.body
        )
        imports_base = any(
            (isinstance(node, ast.Import) and any(a.name == "models.base" for a in node.names))
            or (isinstance(node, ast.ImportFrom) and node.module == "models.base")
            for node in tree.body
        )
        if defines_table and not imports_base:
            missing.append(path.name)
    assert missing == []


def test_downgrade_to_empty_then_upgrade_again(engine: Engine) -> None:
    with engine.begin() as connection:
        command.downgrade(alembic_config(connection), "base")
    assert current_revision(engine) is None
    upgrade(engine)
    assert current_revision(engine) == head_revision()


def test_first_use_upgrades_an_empty_sqlite_file(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'fresh.sqlite3'}")
    try:
        assert upgrade_if_behind(engine) is True
        assert upgrade_if_behind(engine) is False
        assert current_revision(engine) == head_revision()
    finally:
        engine.dispose()


def test_head_revision_constant_matches_the_scripts() -> None:
    assert head_revision() == HEAD_REVISION
