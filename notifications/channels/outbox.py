"""A local outbox channel (``outbox://localhost/<folder>``): each message becomes a file.

For the demo and for trying the tracker without any mail server: point a channel at
``outbox://localhost/var/outbox?to={address}`` and read what would have been sent.
The file goes exactly into the folder named (Apprise splits the last path segment off
as a "query"; ``fullpath`` is the whole folder). A file is never overwritten: a second
copy of the same message gets its own numbered file, so a duplicate send is visible.
The file holds the message's own plain text (what an e-mail's text part carries).
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any

from apprise.decorators import notify

from models.private_files import FILE_MODE, private_folder
from notifications.channels.email.email_text import current_plain


def _write_new(folder: Path, stem: str, text: str) -> Path:
    for n in range(1, 10_000):
        path = folder / (f"{stem}.md" if n == 1 else f"{stem}-{n}.md")
        try:  # O_EXCL: fails if it exists; 0600: it may hold a live sign-in link
            handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
        except FileExistsError:
            continue
        os.fchmod(handle, FILE_MODE)
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        return path
    raise FileExistsError(f"{folder}: too many copies of {stem}")


@notify(on="outbox", name="dondoc local outbox")  # type: ignore[untyped-decorator,no-untyped-call]
def deliver_to_outbox(
    body: str, title: str, notify_type: str, meta: dict[str, Any], *args: Any, **kwargs: Any
) -> bool:
    folder = Path("/" + str(meta.get("fullpath") or meta.get("path") or "").strip("/"))
    recipient = str((meta.get("qsd") or {}).get("to", "unknown"))
    private_folder(folder)
    body = current_plain() or body  # the digest's own text, as the e-mail's text part
    digest = hashlib.sha256(f"{recipient}\n{title}\n{body}".encode()).hexdigest()[:12]
    safe = "".join(ch if ch.isalnum() or ch in "@.-_" else "_" for ch in recipient)
    _write_new(folder, f"{safe}-{digest}", f"To: {recipient}\nSubject: {title}\n\n{body}\n")
    return True
