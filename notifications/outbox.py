"""A local outbox channel (``outbox://localhost/<folder>``): each message becomes a file.

For the demo and for trying the tracker without any mail server: point a channel at
``outbox://localhost/var/outbox?to={address}`` and read what would have been sent.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from apprise.decorators import notify


@notify(on="outbox", name="dondoc local outbox")  # type: ignore[untyped-decorator,no-untyped-call]
def deliver_to_outbox(
    body: str, title: str, notify_type: str, meta: dict[str, Any], *args: Any, **kwargs: Any
) -> bool:
    folder = Path("/" + str(meta.get("path") or "").strip("/"))
    recipient = str((meta.get("qsd") or {}).get("to", "unknown"))
    folder.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256(f"{recipient}\n{title}\n{body}".encode()).hexdigest()[:12]
    safe = "".join(ch if ch.isalnum() or ch in "@.-_" else "_" for ch in recipient)
    (folder / f"{safe}-{digest}.md").write_text(
        f"To: {recipient}\nSubject: {title}\n\n{body}\n", encoding="utf-8"
    )
    return True
