"""``dondoc web``: serve the web application (uvicorn), and ``dondoc demo web`` on the demo."""

from __future__ import annotations

from typing import Annotated

import typer

Host = Annotated[str, typer.Option(help="Địa chỉ lắng nghe / Address to listen on.")]
Port = Annotated[int, typer.Option(help="Cổng / Port.")]
Proxied = Annotated[
    bool,
    typer.Option(
        help="Sau reverse proxy: tin X-Forwarded-Proto/For / Behind a reverse proxy (HTTPS)."
    ),
]


def serve_app(host: str, port: int, proxied: bool, app: object | None = None) -> None:
    import uvicorn

    from web.app import create_app

    uvicorn.run(
        app or create_app(),  # type: ignore[arg-type]
        host=host,
        port=port,
        proxy_headers=proxied,
        forwarded_allow_ips="*" if proxied else None,
        log_level="info",
    )


def web(
    host: Host = "127.0.0.1",
    port: Port = 8000,
    proxied: Proxied = False,
) -> None:
    """Ứng dụng web / Serve the web application."""
    import os

    from models.settings import get_settings

    # Links in messages need the public address; without one, the address served here.
    os.environ.setdefault("DONDOC_WEB_URL", f"http://{host}:{port}")
    get_settings.cache_clear()
    serve_app(host, port, proxied)
