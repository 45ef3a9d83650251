"""``dondoc zalo``: keep the Official Account's rotating tokens (never in the database).

The tokens are read from the environment or asked for with hidden input, never taken
as arguments (they would stay in the shell history), and never printed.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from typing import Annotated

import typer

from cli.context import state
from models.errors import TrackerError
from models.i18n import register

app = typer.Typer(
    help="Zalo Official Account: token của OA / the OA's tokens.", no_args_is_help=True
)

AppId = Annotated[str, typer.Option("--app-id", help="ID ứng dụng Zalo / Zalo app id.")]


def _secret(variable: str, prompt: str) -> str:
    value = os.environ.get(variable) or typer.prompt(prompt, hide_input=True)
    return str(value).strip()


def _checked(app_id: str) -> str:
    if not app_id.isdigit() or len(app_id) > 25:
        raise TrackerError("zalo_app_id", value=app_id[:40])
    return app_id


@app.command("tokens")
def tokens(
    ctx: typer.Context,
    app_id: AppId,
    expires_in: Annotated[int, typer.Option(help="Giây / seconds.")] = 90_000,
) -> None:
    """Lưu token của OA / Store the OA's access and refresh tokens.

    Read from DONDOC_ZALO_ACCESS_TOKEN and DONDOC_ZALO_REFRESH_TOKEN, or asked for.
    """
    from models.i18n import format_moment, t
    from models.settings import get_settings
    from notifications.channels.zalo import tokens as zalo_tokens

    path = zalo_tokens.store_path(_checked(app_id))
    access = _secret("DONDOC_ZALO_ACCESS_TOKEN", "OA access token")
    refresh = _secret("DONDOC_ZALO_REFRESH_TOKEN", "OA refresh token")
    if not access or not refresh:
        raise TrackerError("zalo_tokens_missing")
    until = datetime.now(UTC) + timedelta(seconds=expires_in)
    zalo_tokens.save(path, zalo_tokens.Tokens(access, refresh, until))
    s = state(ctx)
    when = format_moment(until, get_settings().timezone)
    s.console.print(t("cli.zalo_saved", s.language, path=str(path), until=when), highlight=False)


@app.command("refresh")
def refresh(ctx: typer.Context, app_id: AppId) -> None:
    """Làm mới token ngay / Refresh the OA's tokens now (app secret: DONDOC_ZALO_APP_SECRET)."""
    from models.i18n import format_moment, t
    from models.settings import get_settings
    from notifications.channels.zalo import tokens as zalo_tokens

    path = zalo_tokens.store_path(_checked(app_id))
    secret = _secret("DONDOC_ZALO_APP_SECRET", "Zalo app secret key")
    try:
        zalo_tokens.refresh(path, app_id, secret, datetime.now(UTC))
        until = zalo_tokens.load(path).expires_at
    except (zalo_tokens.TokenError, zalo_tokens.TokenUnavailable) as error:
        raise TrackerError("zalo_refresh_failed", reason=str(error)) from None
    s = state(ctx)
    when = format_moment(until, get_settings().timezone)
    s.console.print(t("cli.zalo_refreshed", s.language, until=when), highlight=False)


register(
    {
        "cli.zalo_saved": {
            "vi": "Đã lưu token của OA vào {path} (chỉ người dùng này đọc được); hết hạn {until}.",
            "en": "Saved the OA's tokens in {path} (readable by this user only); expires {until}.",
        },
        "cli.zalo_refreshed": {
            "vi": "Đã làm mới token của OA; token mới hết hạn {until}.",
            "en": "Refreshed the OA's tokens; the new access token expires {until}.",
        },
        "error.zalo_app_id": {
            "vi": "«{value}» không phải ID ứng dụng Zalo (chỉ gồm chữ số)",
            "en": "«{value}» is not a Zalo app id (digits only)",
        },
        "error.zalo_tokens_missing": {
            "vi": "Cần cả access token và refresh token của OA",
            "en": "Both the OA's access token and refresh token are needed",
        },
        "error.zalo_refresh_failed": {
            "vi": "Không làm mới được token của OA: {reason}",
            "en": "Could not refresh the OA's tokens: {reason}",
        },
    }
)
