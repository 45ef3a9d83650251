"""Backing up and restoring an installation: the task database and the files of its home.

A backup is one folder, ``dondoc-<UTC time>``, holding the database (SQLite through
its online backup API, consistent while the tracker runs; PostgreSQL as ``pg_dump -Fc``,
one snapshot; attached files are rows of it, ``models.attachments``), the files under
``DONDOC_HOME`` that cannot be made again (the web secret, whose loss signs everyone
out and voids every link sent; the Zalo token store, whose loss means asking Zalo for a
new authorisation), and a manifest with each file's size and SHA-256, the schema
revision and a few counts.

Left out, because they are made again or are someone else's: Prefect's own home
(deployments are registered again by ``dondoc serve``; its run history is Prefect's),
the outbox of the demo, logs, SQLite's side files, and the backups themselves.

A backup is written under a hidden name and renamed when complete, so an interrupted
one never looks complete; then only the newest ``keep`` are kept. Everything is created
readable by its owner only (files 0600, folders 0700): a backup holds secrets.

A restore goes into an empty home and an empty database only (it never merges), checks
every file against the manifest before writing anything, and upgrades the restored
schema to this version's migrations.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import make_url

from models import pg_tools
from models.errors import TrackerError
from models.i18n import register
from models.settings import mask_password

FORMAT = 1
PREFIX = "dondoc-"
MANIFEST = "manifest.json"
HOME = "home"  # the home's files, under their relative paths
DUMPS = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
# Top-level entries of a home that are not backed up (see the module's docstring).
NOT_KEPT = {"prefect", "outbox", "backups"}
NOT_KEPT_SUFFIXES = (".log", "-wal", "-shm", "-journal")
_CHUNK = 1 << 20


@dataclass(frozen=True)
class Restored:
    revision: str | None  # the backup's schema revision
    upgraded_to: str | None  # this version's, when the restored schema was older
    files: int
    tasks: int


def backend_of(url: str) -> str:
    name = make_url(url).get_backend_name()
    if name not in DUMPS:
        raise TrackerError("backup_backend", backend=name)
    return name


def sqlite_path(url: str) -> Path:
    return Path(make_url(url).database or "").expanduser().resolve()


def take_backup(url: str, home: Path, target: Path, *, keep: int, now: datetime) -> Path:
    """Back up the database at ``url`` and ``home`` into a new folder under ``target``;
    keep the newest ``keep`` backups there. Returns the new backup's folder."""
    backend = backend_of(url)
    _private_folder(target)
    name = f"{PREFIX}{now.astimezone(UTC):%Y%m%dT%H%M%SZ}"
    final = target / name
    for n in range(2, 100):  # two backups within one second
        if not final.exists():
            break
        final = target / f"{name}-{n}"
    partial = target / f".partial-{final.name}"
    shutil.rmtree(partial, ignore_errors=True)
    _private_folder(partial)
    try:
        dump = partial / DUMPS[backend]
        if backend == "sqlite":
            _sqlite_backup(sqlite_path(url), dump)
        else:
            with _private_umask():  # the dump holds every secret of the database
                pg_tools.dump(url, dump)
            os.chmod(dump, 0o600)
        skipped = {target.resolve()}
        if backend == "sqlite":
            skipped.add(sqlite_path(url))
        files = _copy_tree(home, partial / HOME, skipped) if home.is_dir() else []
        manifest = {
            "format": FORMAT,
            "created_at": now.astimezone(UTC).isoformat(),
            "backend": backend,
            "database": _entry(dump, DUMPS[backend]),
            "files": files,
            **_facts(url),
        }
        _write_private(partial / MANIFEST, json.dumps(manifest, indent=1).encode())
        os.replace(partial, final)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    rotate(target, keep)
    return final


def backups(target: Path) -> list[Path]:
    """The complete backups in ``target``, oldest first."""
    if not target.is_dir():
        return []
    return sorted(
        p for p in target.iterdir() if p.name.startswith(PREFIX) and (p / MANIFEST).is_file()
    )


def rotate(target: Path, keep: int) -> list[Path]:
    """Delete all but the newest ``keep`` complete backups; returns those deleted."""
    old = backups(target)[: -max(keep, 1)]
    for path in old:
        shutil.rmtree(path)
    return old


def restore_backup(source: Path, url: str, home: Path) -> Restored:
    """Restore ``source`` into the empty database at ``url`` and the empty ``home``."""
    manifest = read_manifest(source)
    backend = backend_of(url)
    if manifest["backend"] != backend:
        raise TrackerError("restore_other_backend", backup=manifest["backend"], target=backend)
    database_entry = manifest["database"]
    expected = [(source / database_entry["path"], database_entry["sha256"])]
    expected += [(source / HOME / e["path"], e["sha256"]) for e in manifest["files"]]
    for where, digest in expected:  # all checked before anything is written
        if not where.is_file() or _digest(where) != digest:
            raise TrackerError("restore_corrupt", file=str(where))
    if home.exists() and any(home.iterdir()):
        raise TrackerError("restore_home_not_empty", home=str(home))
    dump = source / manifest["database"]["path"]
    if backend == "sqlite":
        database = sqlite_path(url)
        if database.exists() and database.stat().st_size > 0:
            raise TrackerError("restore_database_not_empty", url=mask_password(url))
        _private_folder(database.parent)
        _copy_private(dump, database)
    else:
        if pg_tools.has_tables(url):
            raise TrackerError("restore_database_not_empty", url=mask_password(url))
        pg_tools.restore(url, dump)
    _private_folder(home)
    os.chmod(home, 0o700)
    for entry in manifest["files"]:
        destination = home / entry["path"]
        _private_folder(destination.parent, up_to=home)
        _copy_private(source / HOME / entry["path"], destination)
    return Restored(manifest.get("revision"), _upgrade(url), len(manifest["files"]), _tasks(url))


def read_manifest(source: Path) -> dict[str, Any]:
    try:
        manifest: dict[str, Any] = json.loads((source / MANIFEST).read_text(encoding="utf-8"))
        if manifest["format"] != FORMAT or manifest["backend"] not in DUMPS:
            raise ValueError(manifest["format"])
        if manifest["database"]["path"] != DUMPS[manifest["backend"]]:
            raise ValueError(manifest["database"])
        for entry in manifest["files"]:  # a file is restored below the home, never elsewhere
            relative = PurePosixPath(entry["path"])
            if relative.is_absolute() or ".." in relative.parts or not relative.parts:
                raise ValueError(entry)
    except (OSError, ValueError, KeyError, TypeError):
        raise TrackerError("restore_not_a_backup", path=str(source)) from None
    return manifest


# --- the database -------------------------------------------------------------------


def _sqlite_backup(database: Path, dump: Path) -> None:
    if not database.is_file():
        raise TrackerError("backup_no_database", path=str(database))
    with _private_umask():
        source = sqlite3.connect(database)
        try:
            copy = sqlite3.connect(dump)
            try:
                source.backup(copy)  # page by page, consistent, while others write
            finally:
                copy.close()
        finally:
            source.close()
    os.chmod(dump, 0o600)


def _facts(url: str) -> dict[str, Any]:
    """The schema revision and counts an operator checks a backup by."""
    engine = sa.create_engine(url)
    try:
        with engine.connect() as connection:
            return {
                "revision": connection.exec_driver_sql(
                    "SELECT version_num FROM alembic_version"
                ).scalar(),
                "tasks": connection.exec_driver_sql("SELECT count(*) FROM task").scalar(),
                "deliveries": connection.exec_driver_sql(
                    "SELECT count(*) FROM delivery_log"
                ).scalar(),
            }
    finally:
        engine.dispose()


def _upgrade(url: str) -> str | None:
    from models.db import make_engine
    from models.migrate import upgrade_if_behind
    from models.schema_version import HEAD_REVISION

    engine = make_engine(url)
    try:
        return HEAD_REVISION if upgrade_if_behind(engine) else None
    finally:
        engine.dispose()


def _tasks(url: str) -> int:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as connection:
            return int(connection.exec_driver_sql("SELECT count(*) FROM task").scalar() or 0)
    finally:
        engine.dispose()


# --- files --------------------------------------------------------------------------


def _kept(path: Path, home: Path, skipped: set[Path]) -> bool:
    relative = path.relative_to(home)
    if relative.parts[0] in NOT_KEPT or relative.parts[0].startswith(".partial-"):
        return False
    resolved = path.resolve()
    if any(resolved == s or s in resolved.parents for s in skipped):
        return False
    return not path.name.endswith(NOT_KEPT_SUFFIXES)  # SQLite's side files, logs


def _copy_tree(home: Path, into: Path, skipped: set[Path]) -> list[dict[str, Any]]:
    """Copy the home's regular files (not links), each 0600 in 0700 folders."""
    entries = []
    for folder, subfolders, names in os.walk(home):
        here = Path(folder)
        subfolders[:] = sorted(s for s in subfolders if _kept(here / s, home, skipped))
        for name in sorted(names):
            path = here / name
            if path.is_symlink() or not path.is_file() or not _kept(path, home, skipped):
                continue
            relative = path.relative_to(home)
            destination = into / relative
            _private_folder(destination.parent, up_to=into.parent)
            _copy_private(path, destination)
            entries.append(_entry(destination, relative.as_posix()))
    return entries


def _entry(path: Path, name: str) -> dict[str, Any]:
    return {"path": name, "size": path.stat().st_size, "sha256": _digest(path)}


def _digest(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as source:
        while chunk := source.read(_CHUNK):
            h.update(chunk)
    return h.hexdigest()


def _private_folder(path: Path, up_to: Path | None = None) -> None:
    """Create ``path`` (and missing parents below ``up_to``) as 0700."""
    missing = []
    current = path
    while not current.exists() and current != up_to and current != current.parent:
        missing.append(current)
        current = current.parent
    for folder in reversed(missing):
        folder.mkdir(mode=0o700)
        os.chmod(folder, 0o700)  # whatever the umask


def _copy_private(source: Path, destination: Path) -> None:
    """Copy through a hidden temporary name, 0600 from the start, then rename."""
    temporary = destination.with_name(f".{destination.name}.tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(descriptor, "wb") as out, source.open("rb") as data:
            shutil.copyfileobj(data, out, _CHUNK)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, 0o600)
        os.replace(temporary, destination)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _write_private(path: Path, data: bytes) -> None:
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as out:
        out.write(data)
        out.flush()
        os.fsync(out.fileno())


@contextlib.contextmanager
def _private_umask() -> Iterator[None]:
    """Files made by others (SQLite, pg_dump) are born 0600 too."""
    previous = os.umask(0o077)
    try:
        yield
    finally:
        os.umask(previous)


register(
    {
        "error.backup_backend": {
            "vi": "Không sao lưu được cơ sở dữ liệu loại {backend} (chỉ SQLite và PostgreSQL).",
            "en": "Cannot back up a {backend} database (SQLite and PostgreSQL only).",
        },
        "error.backup_no_database": {
            "vi": "Không có tệp cơ sở dữ liệu {path}.",
            "en": "There is no database file {path}.",
        },
        "error.backup_failed": {
            "vi": "Sao lưu cơ sở dữ liệu không thành công: {reason}",
            "en": "The database backup failed: {reason}",
        },
        "error.restore_failed": {
            "vi": "Khôi phục cơ sở dữ liệu không thành công: {reason}",
            "en": "The database restore failed: {reason}",
        },
        "error.restore_not_a_backup": {
            "vi": "{path} không phải bản sao lưu của dondoc (thiếu hoặc hỏng manifest.json).",
            "en": "{path} is not a dondoc backup (manifest.json missing or unreadable).",
        },
        "error.restore_corrupt": {
            "vi": "Bản sao lưu bị hỏng: {file} thiếu hoặc không khớp mã kiểm tra; không "
            "khôi phục gì.",
            "en": "The backup is damaged: {file} is missing or fails its checksum; nothing "
            "restored.",
        },
        "error.restore_home_not_empty": {
            "vi": "Thư mục {home} không trống: chỉ khôi phục vào thư mục DONDOC_HOME trống.",
            "en": "{home} is not empty: a restore goes into an empty DONDOC_HOME only.",
        },
        "error.restore_database_not_empty": {
            "vi": "Cơ sở dữ liệu {url} không trống: chỉ khôi phục vào cơ sở dữ liệu trống.",
            "en": "The database {url} is not empty: a restore goes into an empty database only.",
        },
        "error.restore_other_backend": {
            "vi": "Bản sao lưu là {backup}, cơ sở dữ liệu đích là {target}: hãy khôi phục vào "
            "cùng loại, rồi chuyển dữ liệu bằng export/import.",
            "en": "The backup is {backup} and the target database {target}: restore into the "
            "same kind, then move the data with export and import.",
        },
    }
)
