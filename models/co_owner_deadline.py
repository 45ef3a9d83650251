"""A co-owner row carries its task's deadline, kept there by the database.

A member's task list is the first page of their unit's tasks, led and co-owned, by
deadline. The co-owned ones were found by id and each read for its deadline: 8,884
look-ups for one page at a million tasks (33-60 ms of PostgreSQL, most of the list's
time). With the deadline beside the owner in the owner indexes, a page is read in
deadline order from a few index ranges (0.4 ms). Triggers keep the copy exact: a
co-owner takes its task's deadline when written, and a task's new deadline moves its
co-owners' copies. Nothing else writes the column.
"""

from __future__ import annotations

from sqlalchemy.engine import Connection

_TAKE = "SELECT due_on FROM task WHERE id = NEW.task_id"


def _sqlite_triggers() -> list[str]:
    return [
        "CREATE TRIGGER co_owner_due_insert AFTER INSERT ON task_co_owner BEGIN"
        f" UPDATE task_co_owner SET due_on = ({_TAKE}) WHERE id = NEW.id; END",
        "CREATE TRIGGER co_owner_due_move AFTER UPDATE OF task_id ON task_co_owner BEGIN"
        f" UPDATE task_co_owner SET due_on = ({_TAKE}) WHERE id = NEW.id; END",
        "CREATE TRIGGER task_due_to_co_owners AFTER UPDATE OF due_on ON task"
        " WHEN OLD.due_on IS NOT NEW.due_on BEGIN"
        " UPDATE task_co_owner SET due_on = NEW.due_on WHERE task_id = NEW.id; END",
    ]


def _postgres_triggers() -> list[str]:
    return [
        "CREATE OR REPLACE FUNCTION co_owner_due_take() RETURNS trigger AS $$ BEGIN"
        f" NEW.due_on := ({_TAKE}); RETURN NEW; END; $$ LANGUAGE plpgsql",
        "CREATE OR REPLACE FUNCTION task_due_to_co_owners() RETURNS trigger AS $$ BEGIN"
        " UPDATE task_co_owner SET due_on = NEW.due_on WHERE task_id = NEW.id;"
        " RETURN NULL; END; $$ LANGUAGE plpgsql",
        "CREATE TRIGGER co_owner_due_take BEFORE INSERT OR UPDATE OF task_id ON task_co_owner"
        " FOR EACH ROW EXECUTE FUNCTION co_owner_due_take()",
        "CREATE TRIGGER task_due_to_co_owners AFTER UPDATE OF due_on ON task FOR EACH ROW"
        " WHEN (OLD.due_on IS DISTINCT FROM NEW.due_on) EXECUTE FUNCTION task_due_to_co_owners()",
    ]


# (trigger, table) on each backend
_SQLITE = (
    ("co_owner_due_insert", "task_co_owner"),
    ("co_owner_due_move", "task_co_owner"),
    ("task_due_to_co_owners", "task"),
)
_POSTGRES = (("co_owner_due_take", "task_co_owner"), ("task_due_to_co_owners", "task"))


def install_co_owner_deadlines(connection: Connection) -> None:
    """Create the triggers that keep the co-owners' copies of the deadline."""
    postgres = connection.dialect.name == "postgresql"
    for statement in _postgres_triggers() if postgres else _sqlite_triggers():
        connection.exec_driver_sql(statement)


def drop_co_owner_deadlines(connection: Connection) -> None:
    postgres = connection.dialect.name == "postgresql"
    for name, table in _POSTGRES if postgres else _SQLITE:
        connection.exec_driver_sql(
            f"DROP TRIGGER IF EXISTS {name} ON {table}" if postgres else f"DROP TRIGGER {name}"
        )
        if postgres:
            connection.exec_driver_sql(f"DROP FUNCTION IF EXISTS {name}()")


def copy_co_owner_deadlines(connection: Connection) -> None:
    """Every co-owner row's copy set from its task (a migration, a bulk load)."""
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql(
            "UPDATE task_co_owner c SET due_on = t.due_on FROM task t"
            " WHERE t.id = c.task_id AND c.due_on IS DISTINCT FROM t.due_on"
        )
    else:
        connection.exec_driver_sql(
            "UPDATE task_co_owner SET due_on = (SELECT due_on FROM task t"
            " WHERE t.id = task_co_owner.task_id)"
        )
