"""Alembic, driven from code: the schema is built and upgraded only by migrations."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection, Engine

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


def alembic_config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    return config


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), revision)


def upgrade_if_behind(engine: Engine) -> bool:
    """Apply pending migrations; return whether any were applied."""
    if current_revision(engine) == head_revision():
        return False
    upgrade(engine)
    return True


def make_revision(engine: Engine, message: str) -> None:
    """Autogenerate a new migration from the difference between models and database."""
    with engine.begin() as connection:
        command.revision(alembic_config(connection), message=message, autogenerate=True)
