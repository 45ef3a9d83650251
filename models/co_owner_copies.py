"""What a co-owner row copies from its task, kept there by the database.

A person's lists are read from the owner indexes: the tasks a unit or a person leads,
and those they co-own. The co-owned ones had to be found by id and each read for what the
list asks of it: 8,884 look-ups for one page of a member's list at a million tasks, and a
walk of a unit's whole history for its open tasks on a manager's home page. So each
co-owner row carries two copies of its task's columns, held in the owner indexes:

- ``due_on``, the deadline (migration 0020): a page in deadline order from a few index
  ranges;
- ``task_open``, neither completed nor cancelled (0022): partial indexes of the open
  co-owned tasks, as ``task`` has of the open led ones.

Triggers keep each copy exact: a co-owner takes it from its task when written, and a task
whose columns change moves its co-owners' copies. Nothing else writes these columns.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.engine import Connection


@dataclass(frozen=True)
class Copy:
    """One copied column: ``value`` over a task row (``{t}`` its prefix), recomputed
    when one of ``watched`` changes; ``short`` names its triggers."""

    column: str
    value: str
    watched: tuple[str, ...]
    short: str

    def of(self, t: str) -> str:
        return self.value.format(t=t)

    def _take(self) -> str:
        return f"SELECT {self.of('')} FROM task WHERE id = NEW.task_id"

    def sqlite_triggers(self) -> list[str]:
        s, col = self.short, self.column
        return [
            f"CREATE TRIGGER co_owner_{s}_insert AFTER INSERT ON task_co_owner BEGIN"
            f" UPDATE task_co_owner SET {col} = ({self._take()}) WHERE id = NEW.id; END",
            f"CREATE TRIGGER co_owner_{s}_move AFTER UPDATE OF task_id ON task_co_owner BEGIN"
            f" UPDATE task_co_owner SET {col} = ({self._take()}) WHERE id = NEW.id; END",
            f"CREATE TRIGGER task_{s}_to_co_owners AFTER UPDATE OF {', '.join(self.watched)}"
            f" ON task WHEN {self.of('OLD.')} IS NOT {self.of('NEW.')} BEGIN"
            f" UPDATE task_co_owner SET {col} = {self.of('NEW.')} WHERE task_id = NEW.id; END",
        ]

    def postgres_triggers(self) -> list[str]:
        s, col = self.short, self.column
        return [
            f"CREATE OR REPLACE FUNCTION co_owner_{s}_take() RETURNS trigger AS $$ BEGIN"
            f" NEW.{col} := ({self._take()}); RETURN NEW; END; $$ LANGUAGE plpgsql",
            f"CREATE OR REPLACE FUNCTION task_{s}_to_co_owners() RETURNS trigger AS $$ BEGIN"
            f" UPDATE task_co_owner SET {col} = {self.of('NEW.')} WHERE task_id = NEW.id;"
            " RETURN NULL; END; $$ LANGUAGE plpgsql",
            f"CREATE TRIGGER co_owner_{s}_take BEFORE INSERT OR UPDATE OF task_id"
            f" ON task_co_owner FOR EACH ROW EXECUTE FUNCTION co_owner_{s}_take()",
            f"CREATE TRIGGER task_{s}_to_co_owners AFTER UPDATE OF {', '.join(self.watched)}"
            f" ON task FOR EACH ROW WHEN ({self.of('OLD.')} IS DISTINCT FROM {self.of('NEW.')})"
            f" EXECUTE FUNCTION task_{s}_to_co_owners()",
        ]

    def triggers(self, postgres: bool) -> list[tuple[str, str]]:
        """(trigger, table) on each backend."""
        s = self.short
        if postgres:
            return [(f"co_owner_{s}_take", "task_co_owner"), (f"task_{s}_to_co_owners", "task")]
        return [
            (f"co_owner_{s}_insert", "task_co_owner"),
            (f"co_owner_{s}_move", "task_co_owner"),
            (f"task_{s}_to_co_owners", "task"),
        ]


DEADLINE = Copy("due_on", "{t}due_on", ("due_on",), "due")
OPEN = Copy(
    "task_open",
    "({t}completed_on IS NULL AND {t}cancelled_on IS NULL)",
    ("completed_on", "cancelled_on"),
    "open",
)
ALL = (DEADLINE, OPEN)


def install(connection: Connection, *copies: Copy) -> None:
    """Create the triggers that keep ``copies`` (default: all of them)."""
    postgres = connection.dialect.name == "postgresql"
    for c in copies or ALL:
        for statement in c.postgres_triggers() if postgres else c.sqlite_triggers():
            connection.exec_driver_sql(statement)


def drop(connection: Connection, *copies: Copy) -> None:
    """Drop the triggers of ``copies`` (default: all): before a bulk load, a downgrade."""
    postgres = connection.dialect.name == "postgresql"
    for c in copies or ALL:
        for name, table in c.triggers(postgres):
            connection.exec_driver_sql(
                f"DROP TRIGGER IF EXISTS {name} ON {table}" if postgres else f"DROP TRIGGER {name}"
            )
            if postgres:
                connection.exec_driver_sql(f"DROP FUNCTION IF EXISTS {name}()")


def copy_all(connection: Connection, *copies: Copy) -> None:
    """Every co-owner row's copies set from its task (a migration, a bulk load)."""
    for c in copies or ALL:
        if connection.dialect.name == "postgresql":
            connection.exec_driver_sql(
                f"UPDATE task_co_owner c SET {c.column} = {c.of('t.')} FROM task t"
                f" WHERE t.id = c.task_id AND c.{c.column} IS DISTINCT FROM {c.of('t.')}"
            )
        else:
            connection.exec_driver_sql(
                f"UPDATE task_co_owner SET {c.column} = (SELECT {c.of('t.')} FROM task t"
                " WHERE t.id = task_co_owner.task_id)"
            )
