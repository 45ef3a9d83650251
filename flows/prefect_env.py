"""How the CLI meets Prefect: quiet defaults, the local server if one runs, clear failures.

Imported before Prefect itself (settings are read from the environment when Prefect
loads). Nothing here imports Prefect, so ``dondoc health`` stays fast.

- Telemetry is off unless the user turned it on (``DO_NOT_TRACK``, server analytics).
- ``dondoc serve`` writes ``DONDOC_HOME/prefect/serve.json`` (its API URL and pid); a
  flow started from the CLI uses that server when it answers, so no temporary server
  has to start at all.
- Otherwise Prefect starts a temporary server; its start-up limit is raised from 20 s,
  which a busy 2-core machine misses, and a time-out becomes a localized message.
"""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.request
from pathlib import Path

from models.i18n import register

QUIET = {
    "DO_NOT_TRACK": "1",
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "300",
    "PREFECT_CLI_PROMPT": "false",
}


def quiet_defaults(environ: dict[str, str] | os._Environ[str] = os.environ) -> None:
    """Telemetry off, generous start-up limit: defaults only, the user's settings win."""
    for key, value in QUIET.items():
        environ.setdefault(key, value)


def prefect_home(dondoc_home: Path) -> Path:
    configured = os.environ.get("PREFECT_HOME")
    return Path(configured) if configured else dondoc_home / "prefect"


def serve_state_file(dondoc_home: Path) -> Path:
    return dondoc_home / "prefect" / "serve.json"


def api_answers(api_url: str, timeout: float = 1.0) -> bool:
    try:
        with urllib.request.urlopen(f"{api_url.rstrip('/')}/health", timeout=timeout) as reply:  # noqa: S310 - our own loopback URL
            return bool(reply.status == 200)
    except (OSError, urllib.error.URLError, ValueError):
        return False


def running_local_api(dondoc_home: Path) -> str | None:
    """The API URL of a ``dondoc serve`` running for this home, if it answers."""
    try:
        state = json.loads(serve_state_file(dondoc_home).read_text(encoding="utf-8"))
        api = str(state["api_url"])
        os.kill(int(state["pid"]), 0)
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return api if api_answers(api) else None


def configured_api() -> str | None:
    return os.environ.get("PREFECT_API_URL") or None


def connect_for_flows(dondoc_home: Path) -> str | None:
    """Point Prefect at the configured or the local running server; None: temporary one."""
    quiet_defaults()
    if configured_api():
        return configured_api()
    local = running_local_api(dondoc_home)
    if local is not None:
        os.environ["PREFECT_API_URL"] = local
    return local


def is_startup_timeout(error: BaseException) -> bool:
    """Prefect's "Timed out while attempting to connect to ephemeral Prefect API server"."""
    return isinstance(error, RuntimeError) and "Timed out" in str(error) and "server" in str(error)


register(
    {
        "prefect.startup_timeout": {
            "vi": "Máy chủ Prefect tạm thời không khởi động kịp trong {seconds} giây (máy đang "
            "bận?). Hãy chạy lại, hoặc chạy `dondoc serve` để có máy chủ thường trực, hoặc "
            "tăng PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS.",
            "en": "Prefect's temporary server did not start within {seconds} s (is the machine "
            "busy?). Run again, or keep `dondoc serve` running, or raise "
            "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS.",
        },
        "serve.shared_server": {
            "vi": "PREFECT_API_URL đã được đặt ({url}): máy chủ này do `prefect deploy` và "
            "các worker phục vụ. `dondoc serve` không ghi đè các deployment trên đó; hãy "
            "dùng `prefect worker start --pool dondoc-process`, hoặc bỏ PREFECT_API_URL để "
            "chạy chế độ một máy.",
            "en": "PREFECT_API_URL is set ({url}): that server is run by `prefect deploy` and "
            "workers. `dondoc serve` does not overwrite its deployments; start "
            "`prefect worker start --pool dondoc-process` instead, or unset PREFECT_API_URL "
            "for one-machine mode.",
        },
        "serve.started": {
            "vi": "Prefect UI và API: {url} (API: {url}/api). Đang chạy: {components}. "
            "Dừng bằng Ctrl+C hoặc SIGTERM.",
            "en": "Prefect UI and API: {url} (API under {url}/api). Running: {components}. "
            "Stop with Ctrl+C or SIGTERM.",
        },
        "serve.not_ready": {
            "vi": "{component} không sẵn sàng sau {seconds} giây; xem nhật ký {log}.",
            "en": "{component} was not ready after {seconds} s; see its log {log}.",
        },
        "serve.exited": {
            "vi": "{component} đã dừng (mã {code}); dừng toàn bộ. Nhật ký: {log}.",
            "en": "{component} stopped (exit code {code}); stopping everything. Log: {log}.",
        },
        "serve.port_busy": {
            "vi": "Cổng {host}:{port} đang được dùng; chọn cổng khác bằng --port hoặc --web-port.",
            "en": "Port {host}:{port} is in use; choose another with --port or --web-port.",
        },
        "health.no_server": {
            "vi": "chưa cấu hình máy chủ Prefect (PREFECT_API_URL) và `dondoc serve` không chạy",
            "en": "no Prefect server configured (PREFECT_API_URL) and `dondoc serve` not running",
        },
    }
)
