"""``dondoc watch``: the dead-man's switch, looked at once (a systemd timer, cron).

The command only reads its options and prints; the rule is ``notifications.watch``,
the parts are put together in ``flows.watch``.
"""

from __future__ import annotations

from typing import Annotated

import typer

from cli.context import parse_cli_moment, state
from cli.output import Format, emit_json
from models.i18n import register


def watch(
    ctx: typer.Context,
    at: Annotated[
        str | None,
        typer.Option(
            "--at", help="Như thể lúc (giờ địa phương), vd 2024-03-22T09:30 / As if then."
        ),
    ] = None,
    fmt: Annotated[Format, typer.Option("--format", help="table | json")] = Format.TABLE,
) -> None:
    """Báo văn phòng khi sáng ngày làm việc không có lượt nhắc việc / Tell the office when
    a working morning had no reminder run."""
    from flows.watch import look
    from models.i18n import format_date, t

    s = state(ctx)
    report = look(parse_cli_moment(at))
    findings = [f.render(s.language) for f in report.findings]
    summary = {
        "day": report.day.isoformat(),
        "quiet": report.quiet,
        "findings": findings,
        "sent": report.sent,
        "failed": report.failed,
        "unreachable": report.unreachable,
    }
    if fmt is Format.JSON:
        emit_json(summary)
    else:
        key = f"watch.quiet.{report.quiet}" if report.quiet else "watch.told_now"
        s.console.print(
            t(key, s.language, date=format_date(report.day), sent=report.sent), highlight=False
        )
        for line in findings:
            s.console.print(f"- {line}", highlight=False, markup=False)
    # A timer's failed unit is what an operator sees when nobody could be told.
    if report.quiet == "nobody" or (report.run is not None and report.sent == 0):
        s.err.print(f"[bold red]✗[/] {t('watch.not_told', s.language)}")
        raise typer.Exit(1)


register(
    {
        "watch.quiet.not_working_day": {
            "vi": "{date}: không phải ngày làm việc, không kiểm tra.",
            "en": "{date}: not a working day, nothing to check.",
        },
        "watch.quiet.too_early": {
            "vi": "{date}: chưa đến giờ kiểm tra.",
            "en": "{date}: before the check time.",
        },
        "watch.quiet.checked_in": {
            "vi": "{date}: lượt nhắc việc buổi sáng đã chạy xong.",
            "en": "{date}: the morning reminder run completed.",
        },
        "watch.quiet.told": {
            "vi": "{date}: chưa có lượt nhắc việc; văn phòng đã được báo hôm nay (hoặc tin "
            "báo đang chờ gửi lại).",
            "en": "{date}: no reminder run yet; the office was already told today (or the "
            "message waits to be sent again).",
        },
        "watch.quiet.nobody": {
            "vi": "{date}: chưa có lượt nhắc việc, và không ai ở văn phòng theo dõi nhận được tin.",
            "en": "{date}: no reminder run yet, and nobody in the tracking office can be reached.",
        },
        "watch.told_now": {
            "vi": "{date}: chưa có lượt nhắc việc; đã gửi {sent} tin báo văn phòng.",
            "en": "{date}: no reminder run yet; {sent} message(s) sent to the office.",
        },
        "watch.not_told": {
            "vi": "Không báo được cho văn phòng theo dõi (DONDOC_TRACKING_OFFICE, kênh liên lạc).",
            "en": "The tracking office could not be told (DONDOC_TRACKING_OFFICE, channels).",
        },
    }
)
