"""The tests' calls to a Prefect server's REST API, retried as Prefect's own client retries.

Prefect's server answers 503 while its database is busy, and a loaded 2-core CI machine
makes it busy: its client retries 429, 502 and 503 with back-off, and so do these calls
(a failed landing for a busy server is a flaky test, not a finding). The read timeout
is a minute for the same reason. Other errors fail at once, naming the call.
"""

from __future__ import annotations

import time
from typing import Any

import httpx

RETRIED = {429, 502, 503}  # what prefect.client retries (PREFECT_CLIENT_RETRY_EXTRA_CODES aside)
ATTEMPTS = 6  # waits of 1, 2, 4, 8 and 16 s between them


def api(method: str, url: str, body: Any = None) -> Any:
    """The JSON answer of ``method url`` (``body`` sent as JSON)."""
    for attempt in range(ATTEMPTS):
        response = httpx.request(method, url, json=body, timeout=60)
        if response.status_code not in RETRIED or attempt == ATTEMPTS - 1:
            break
        time.sleep(2**attempt)
    assert response.is_success, f"{method} {url}: {response.status_code} {response.text[:1000]}"
    return response.json() if response.content else None  # 204: no content
