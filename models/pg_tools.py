"""PostgreSQL's own tools for a backup and a restore: ``pg_dump -Fc`` and ``pg_restore``.

The tools are found in Debian's versioned folders first (a dump needs a ``pg_dump`` at
least as new as the server: the newest is taken), then on ``PATH``, or in
``DONDOC_PG_BIN``. They get the database URL as libpq reads it, and its password only
through ``PGPASSWORD``: a command line is visible to every user of the machine.
"""

from __future__ import annotations

import glob
import os
import re
import shutil
import subprocess
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import make_url

from models.errors import TrackerError
from models.i18n import register
from models.settings import mask_password


def pg_tool(name: str) -> str:
    """``pg_dump`` or ``pg_restore``: the newest in Debian's versioned folders (a dump
    needs a ``pg_dump`` at least as new as the server), else on ``PATH``."""
    configured = os.environ.get("DONDOC_PG_BIN")
    if configured:
        return str(Path(configured) / name)
    found = glob.glob(f"/usr/lib/postgresql/*/bin/{name}")

    def version(path: str) -> tuple[int, ...]:
        return tuple(int(p) for p in re.findall(r"\d+", Path(path).parent.parent.name))

    if found:
        return max(found, key=version)
    on_path = shutil.which(name)
    if on_path is None:
        raise TrackerError("backup_pg_tool", tool=name)
    return on_path


def libpq(url: str) -> tuple[str, dict[str, str]]:
    """The URL as libpq reads it, without its password (which goes in ``PGPASSWORD``:
    a command line is visible to every user of the machine)."""
    parsed = make_url(url)
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    if parsed.password:
        env["PGPASSWORD"] = str(parsed.password)
    plain = sa.engine.URL.create(
        "postgresql", parsed.username, None, parsed.host, parsed.port, parsed.database, parsed.query
    )
    return plain.render_as_string(hide_password=False), env


def _run(argv: list[str], env: dict[str, str], code: str) -> None:
    try:
        done = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)  # noqa: S603 - fixed tools, our arguments
    except OSError as error:
        raise TrackerError(code, reason=str(error)) from None
    if done.returncode != 0:
        reason = mask_password(" ".join(done.stderr.strip().splitlines()[-3:]))
        raise TrackerError(code, reason=reason or f"exit code {done.returncode}")


def dump(url: str, into: Path) -> None:
    """``pg_dump -Fc`` of the database into the file ``into`` (one consistent snapshot)."""
    dsn, env = libpq(url)
    _run([pg_tool("pg_dump"), "-Fc", "--no-owner", "-f", str(into), dsn], env, "backup_failed")


def restore(url: str, dump: Path) -> None:
    """``pg_restore`` into the (empty) database; stops at the first error."""
    dsn, env = libpq(url)
    argv = [pg_tool("pg_restore"), "--no-owner", "--no-privileges", "--exit-on-error"]
    _run([*argv, "-d", dsn, str(dump)], env, "restore_failed")


def has_tables(url: str) -> bool:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as connection:
            count = connection.exec_driver_sql(
                "SELECT count(*) FROM information_schema.tables"
                " WHERE table_schema NOT IN ('pg_catalog', 'information_schema')"
            ).scalar()
    finally:
        engine.dispose()
    return bool(count)


register(
    {
        "error.backup_pg_tool": {
            "vi": "Không tìm thấy {tool} (gói postgresql-client); đặt DONDOC_PG_BIN là thư "
            "mục chứa nó.",
            "en": "{tool} not found (the postgresql-client package); set DONDOC_PG_BIN to "
            "its folder.",
        },
    }
)
