"""Files only this user may read: the database, the site's keys, outboxes, chat tokens.

Everything the tracker keeps under ``DONDOC_HOME`` holds something a colleague on the
same machine must not read (live sign-in links in the demo outbox, the key that signs
them, the Zalo tokens, every task). So what it creates is made 0600, in folders made
0700, whatever the process's umask: the mode is set on the file descriptor or folder
right after creation, never left to the umask. Folders that already exist are left
alone (an outbox may be pointed at a shared folder on purpose).
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

FILE_MODE = 0o600
FOLDER_MODE = 0o700


def private_folder(path: Path) -> Path:
    """``path`` as a folder; every level this call creates is 0700."""
    missing: list[Path] = []
    probe = path
    while not probe.exists() and probe != probe.parent:
        missing.append(probe)
        probe = probe.parent
    for folder in reversed(missing):
        with contextlib.suppress(FileExistsError):  # made by another process meanwhile
            folder.mkdir(mode=FOLDER_MODE)
            os.chmod(folder, FOLDER_MODE)  # mkdir's mode is filtered by the umask
    return path


def private_file(path: Path) -> Path:
    """``path`` as an existing file; if this call creates it, it is empty and 0600."""
    private_folder(path.parent)
    try:
        handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    except FileExistsError:
        return path
    try:
        os.fchmod(handle, FILE_MODE)
    finally:
        os.close(handle)
    return path


def private_database(path: Path) -> None:
    """The SQLite file made 0600 in a 0700 folder before SQLite opens it (SQLite gives its
    journal, WAL and shared-memory files the database file's mode); an older world-
    readable one is tightened. Here, not in ``models.db``: the command line's light read
    path opens SQLite without SQLAlchemy."""
    with contextlib.suppress(OSError):  # SQLite then fails to open it; the user reads why
        private_file(path)
        for companion in ("", "-wal", "-shm", "-journal"):
            tighten(path.with_name(path.name + companion))


def tighten(path: Path) -> None:
    """Take group and world access off a file this user owns (one written by an older
    version, before files were made private); silently nothing otherwise."""
    with contextlib.suppress(OSError):
        mode = path.stat().st_mode & 0o777
        if mode & 0o077 and path.stat().st_uid == os.getuid():
            os.chmod(path, mode & 0o700)
