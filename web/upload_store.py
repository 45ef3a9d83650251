"""Uploads kept between the preview and the commit: on the server, never sent back.

A preview and its commit are two requests; the file must not travel through the
browser in between (a client-sent copy could differ from what was previewed). It is
kept under ``DONDOC_HOME/uploads`` as a 0600 file (``models.private_files``), named by
an unguessable id, never by the uploaded name, with a note of the session that sent
it: another session naming the id finds nothing, as does anyone after the commit (the
file is deleted) or after ``LIFETIME`` (expired files are swept on every new upload).
"""

from __future__ import annotations

import hashlib
import json
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from models.private_files import private_file, private_folder

LIFETIME = timedelta(hours=2)
_ID = re.compile(r"^[A-Za-z0-9_-]{43}$")  # secrets.token_urlsafe(32)
_SUFFIX = re.compile(r"^\.[a-z]{2,5}$")


@dataclass(frozen=True)
class Upload:
    id: str
    kind: str  # what the upload is for: an import kind, or "resolution"
    name: str  # the name the browser gave (shown, never used as a path)
    path: Path  # where the bytes are, with the suffix the reader needs


def _folder(home: Path) -> Path:
    return private_folder(home / "uploads")


def _owner(session_id: str) -> str:
    """The session, as a hash: the note on disk is no session key."""
    return hashlib.sha256(b"dondoc-upload\x00" + session_id.encode()).hexdigest()


def keep(
    home: Path, session_id: str, kind: str, name: str, suffix: str, data: bytes, now: datetime
) -> Upload:
    """Store ``data`` for this session; the old uploads of every session are swept."""
    if not _SUFFIX.match(suffix):
        raise ValueError(f"bad suffix {suffix!r}")
    sweep(home, now)
    folder = _folder(home)
    upload_id = secrets.token_urlsafe(32)
    path = private_file(folder / f"{upload_id}{suffix}")
    path.write_bytes(data)
    note = {
        "owner": _owner(session_id),
        "kind": kind,
        "name": name[:200],
        "suffix": suffix,
        "at": now.isoformat(),
    }
    private_file(folder / f"{upload_id}.json").write_text(json.dumps(note), encoding="utf-8")
    return Upload(upload_id, kind, note["name"], path)


def find(home: Path, session_id: str, upload_id: str, kind: str, now: datetime) -> Upload | None:
    """The upload this session kept under ``upload_id`` for ``kind``; None when there is
    none, it is another session's, another kind's, or it has expired."""
    if not _ID.match(upload_id):
        return None
    folder = home / "uploads"
    try:
        note = json.loads((folder / f"{upload_id}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if note.get("owner") != _owner(session_id) or note.get("kind") != kind:
        return None
    if now - datetime.fromisoformat(note["at"]) > LIFETIME:
        forget(home, upload_id)
        return None
    path = folder / f"{upload_id}{note['suffix']}"
    return Upload(upload_id, kind, str(note["name"]), path) if path.is_file() else None


def forget(home: Path, upload_id: str) -> None:
    """Delete an upload (after its commit, or when it expired)."""
    if not _ID.match(upload_id):
        return
    for path in (home / "uploads").glob(f"{upload_id}.*"):
        path.unlink(missing_ok=True)


def sweep(home: Path, now: datetime) -> None:
    """Delete every upload older than ``LIFETIME``."""
    folder = home / "uploads"
    if not folder.is_dir():
        return
    for note_path in folder.glob("*.json"):
        try:
            at = datetime.fromisoformat(json.loads(note_path.read_text(encoding="utf-8"))["at"])
        except (OSError, ValueError, KeyError, TypeError):
            at = None
        if at is None or now - at > LIFETIME:
            forget(home, note_path.stem)
