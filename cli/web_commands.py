"""``dondoc web``: serve the web application (uvicorn), and ``dondoc demo web`` on the demo;
``dondoc web rotate-key``: a new signing key first in the list.

Behind a reverse proxy (``--proxied``), the client's address and scheme are read from
``X-Forwarded-For``/``-Proto`` only when the request comes from one of the proxies named
(``--trusted-proxy``, default 127.0.0.1): anyone else's forwarded headers are ignored,
so a client cannot pose as another address to get round the sign-in limits.
"""

from __future__ import annotations

from typing import Annotated

import typer

from cli.context import state
from models.errors import TrackerError
from models.i18n import register

Host = Annotated[str, typer.Option(help="Địa chỉ lắng nghe / Address to listen on.")]
Port = Annotated[int, typer.Option(help="Cổng / Port.")]
Proxied = Annotated[
    bool,
    typer.Option(
        help="Sau reverse proxy: tin X-Forwarded-Proto/For của proxy / Behind a reverse proxy."
    ),
]
TrustedProxy = Annotated[
    list[str] | None,
    typer.Option(
        "--trusted-proxy",
        help="Địa chỉ của reverse proxy (lặp lại được) / The proxy's address (repeatable).",
    ),
]
Workers = Annotated[
    int,
    typer.Option(
        min=1,
        help="Số tiến trình phục vụ / Worker processes (sessions and limits live in the database).",
    ),
]
DEFAULT_PROXIES = ("127.0.0.1",)

app = typer.Typer(
    help="Ứng dụng web / Serve the web application (and manage its keys).",
    invoke_without_command=True,
)


KEEP_ALIVE_SECONDS = 75


def serve_app(
    host: str,
    port: int,
    proxied: bool,
    app: object | None = None,
    trusted_proxies: tuple[str, ...] = DEFAULT_PROXIES,
    workers: int = 1,
) -> None:
    """Serve ``app`` (default: the application from the environment's settings).

    Several workers are separate processes: uvicorn imports the factory in each, and
    they share nothing but the database, where sessions and rate limits are kept.
    """
    import uvicorn

    from cli.listener import tcp_listeners
    from web.access_log import log_config
    from web.app import create_app, settle_heap

    target: object = "web.app:served_app" if workers > 1 else (app or create_app())
    if workers <= 1:
        settle_heap()
    # The workers' connections without Nagle's delay (``cli.listener``).
    with tcp_listeners():
        uvicorn.run(
            target,  # type: ignore[arg-type]
            factory=workers > 1,
            workers=workers if workers > 1 else None,
            host=host,
            port=port,
            proxy_headers=proxied,
            forwarded_allow_ips=list(trusted_proxies) if proxied else None,
            server_header=False,  # no "Server: uvicorn" to fingerprint
            # A person reads a page for longer than uvicorn's 5 s: the connection was closed
            # under them, and a click sent just as it closed got no answer at all (the load
            # test's only errors). nginx's default; browsers keep theirs longer still.
            timeout_keep_alive=KEEP_ALIVE_SECONDS,
            log_config=log_config(),  # tokens in paths masked in the access log
            log_level="info",
        )


@app.callback()
def web(
    ctx: typer.Context,
    host: Host = "127.0.0.1",
    port: Port = 8000,
    proxied: Proxied = False,
    trusted_proxy: TrustedProxy = None,
    workers: Workers = 1,
) -> None:
    """Ứng dụng web / Serve the web application."""
    if ctx.invoked_subcommand is not None:
        return
    import os

    from models.settings import get_settings

    # Links in messages need the public address; without one, the address served here.
    if not os.environ.get("DONDOC_WEB_URL") and host in ("0.0.0.0", "::"):  # noqa: S104
        from models.i18n import t

        s = state(ctx)  # no address people could use: every page would be refused
        s.err.print(t("cli.web_url_needed", s.language, host=host), highlight=False)
    os.environ.setdefault("DONDOC_WEB_URL", f"http://{host}:{port}")
    get_settings.cache_clear()
    serve_app(
        host,
        port,
        proxied,
        trusted_proxies=tuple(trusted_proxy or DEFAULT_PROXIES),
        workers=workers,
    )


@app.command("rotate-key")
def rotate_key(
    ctx: typer.Context,
    keep: Annotated[
        int,
        typer.Option(
            min=0,
            help="Số khóa cũ còn được chấp nhận / Old keys still accepted (0: after a leak).",
        ),
    ] = 1,
) -> None:
    """Khóa ký mới / A new signing key: it signs from now on, the old ones still verify.

    Restart ``dondoc web`` afterwards. The key is never printed.
    """
    from models import keys
    from models.i18n import t
    from models.settings import get_settings

    settings = get_settings()
    try:
        kept, retired = keys.rotate(settings, keep)
    except keys.SecretError:
        raise TrackerError("web_secret_from_environment") from None
    s = state(ctx)
    path = str(keys.secret_path(settings))
    s.console.print(
        t("cli.web_key_rotated", s.language, path=path, kept=kept, retired=retired),
        highlight=False,
        soft_wrap=True,
    )


register(
    {
        "cli.web_url_needed": {
            "vi": "Cảnh báo: nghe trên {host} mà chưa đặt DONDOC_WEB_URL. Trang web chỉ trả lời "
            "địa chỉ của DONDOC_WEB_URL: hãy đặt nó là địa chỉ mọi người dùng để mở trang.",
            "en": "Warning: listening on {host} without DONDOC_WEB_URL. The site only answers "
            "requests for DONDOC_WEB_URL's host: set it to the address people open.",
        },
        "cli.web_key_rotated": {
            "vi": "Đã tạo khóa ký mới trong {path} (chỉ người dùng này đọc được): đang giữ "
            "{kept} khóa, bỏ {retired} khóa cũ. Khởi động lại `dondoc web` để dùng khóa mới; "
            "đường dẫn và phiên ký bằng khóa đã bỏ không còn hiệu lực.",
            "en": "Made a new signing key in {path} (readable by this user only): {kept} keys "
            "kept, {retired} old ones retired. Restart `dondoc web` to sign with it; links "
            "and sessions signed with a retired key no longer work.",
        },
        "error.web_secret_from_environment": {
            "vi": "Khóa lấy từ DONDOC_WEB_SECRET: hãy đặt một khóa ngẫu nhiên mới lên đầu, "
            "cách khóa cũ bằng dấu phẩy («mới,cũ»), rồi bỏ khóa cũ khi các đường dẫn cũ hết hạn",
            "en": "The key comes from DONDOC_WEB_SECRET: put a new random key first, then a "
            "comma and the old one (“new,old”), and drop the old one once its links expired",
        },
    }
)
