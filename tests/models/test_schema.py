"""The migrations build exactly the schema the models describe, on both backends."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy.engine import Engine

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
