"""The dashboard's charts: pygal SVG drawn on the server (no JavaScript), readable on a
phone, named for screen readers.

Each chart is drawn 400 units wide with large type (18), so the 390-pixel phone screen,
which shows it about 320 pixels wide, draws its labels at about 14 pixels; the font has
Vietnamese glyphs (pygal's default monospace one garbles "Trễ hạn"). pygal's tooltips
need its script from a CDN, which the pages' CSP forbids: they are off. The SVG starts
with ``<title>`` and ``<desc>`` and is labelled by them as one image; the page puts the
same figures in a table.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from html import escape

import pygal
from pygal.style import Style

from models.dashboard import OFFICIAL_STATUSES, Dashboard, UnitLine, period_label
from models.i18n import label, t
from models.status import TaskStatus

FONT = "'DejaVu Sans', 'Noto Sans', sans-serif"
COLOURS = {
    TaskStatus.DONE_ON_TIME: "#1e7b34",
    TaskStatus.DONE_LATE: "#b07a00",
    TaskStatus.IN_PROGRESS: "#0b5cad",
    TaskStatus.OVERDUE: "#b3261e",
}
WIDTH = 400
_STYLE = dict(
    font_family=FONT,
    background="#ffffff",
    plot_background="#ffffff",
    foreground="#1d2733",
    foreground_strong="#1d2733",
    foreground_subtle="#5b6775",
    label_font_size=18,
    major_label_font_size=18,
    legend_font_size=18,
    value_font_size=18,
    title_font_size=18,
)
_SVG_OPEN = re.compile(r"<svg\b([^>]*)>")
_DROPPED = re.compile(r"<!--.*?-->|<script\b.*?</script>", re.S)


def _named(svg: str, name: str, title: str, desc: str) -> str:
    """The SVG as one labelled image: role, ``<title>`` and ``<desc>`` first inside it.
    pygal's comments (its version, today's date) and its configuration script (for the
    tooltips, which the CSP would block anyway) are dropped."""
    svg = _DROPPED.sub("", svg)
    head = (
        f'<title id="{name}-title">{escape(title)}</title>'
        f'<desc id="{name}-desc">{escape(desc)}</desc>'
    )
    attributes = (
        f' role="img" aria-labelledby="{name}-title" aria-describedby="{name}-desc"'
        ' preserveAspectRatio="xMidYMid meet"'
    )
    return _SVG_OPEN.sub(lambda m: f"<svg{m[1]}{attributes}>{head}", svg, count=1)


def _config(height: int, colours: Sequence[str]) -> dict[str, object]:
    return dict(
        js=[],
        disable_xml_declaration=True,
        width=WIDTH,
        height=height,
        style=Style(colors=tuple(colours), **_STYLE),
        legend_at_bottom=True,
        legend_at_bottom_columns=1,
        truncate_legend=-1,
        truncate_label=-1,  # ``axis_name`` shortens, tellingly
        print_values=False,
        show_y_guides=True,
        margin=8,
    )


def trend_svg(board: Dashboard, lang: str, *, download: bool = False) -> str:
    """Tasks by official status over the last periods, stacked per period."""
    chart = pygal.StackedBar(**_config(440, [COLOURS[s] for s in OFFICIAL_STATUSES]))
    chart.x_labels = [short_label(p.period.key) for p in board.trend]
    chart.x_label_rotation = 0
    for status in OFFICIAL_STATUSES:
        chart.add(label(status, lang), [p.counts[status] for p in board.trend])
    title = t("dash.chart.trend", lang)
    desc = "; ".join(
        f"{period_label(p.period, lang)}: "
        + ", ".join(f"{label(s, lang)} {p.counts[s]}" for s in OFFICIAL_STATUSES)
        for p in board.trend
    )
    return _finish(chart, "trend", title, desc, download)


def ranking_svg(board: Dashboard, lang: str, *, download: bool = False) -> str:
    """The units by on-time rate, best first (``Dashboard.ranking``)."""
    ranked: list[UnitLine] = board.ranking()
    height = 90 + 44 * max(len(ranked), 1)
    chart = pygal.HorizontalBar(**_config(height, [COLOURS[TaskStatus.DONE_ON_TIME]]))
    chart.show_legend = False
    chart.range = (0, 100)
    chart.y_labels = [0, 50, 100]  # more would crowd a phone's axis
    chart.margin_right = 28  # room for "100%" under the axis's end
    chart.value_formatter = lambda v: f"{v:.0f}%"
    chart.print_values = True
    # pygal draws a horizontal chart's first label at the bottom: reversed, best on top.
    chart.x_labels = [axis_name(u) for u in reversed(ranked)]
    chart.add(
        t("col.on_time_rate", lang),
        [round((u.on_time_rate or 0) * 100, 1) for u in reversed(ranked)],
    )
    title = t("dash.chart.ranking", lang)
    desc = "; ".join(f"{u.name}: {(u.on_time_rate or 0) * 100:.0f}%" for u in ranked) or t(
        "dash.chart.nothing", lang
    )
    return _finish(chart, "ranking", title, desc, download)


AXIS_NAME = 20  # characters of a unit's name the ranking's axis has room for


def axis_name(unit: UnitLine) -> str:
    """A unit's name as the ranking's axis fits it: whole when short, else its code and
    the name's start (two long names may start alike; the codes tell them apart). The
    full names are in the chart's description and table."""
    if len(unit.name) <= AXIS_NAME:
        return unit.name
    return f"{unit.code} · {unit.name[: AXIS_NAME - len(unit.code) - 4]}…"


def short_label(key: str) -> str:
    """A period as the chart's axis fits it: 2024-Q2 → Q2/24, 2024-05 → 05/24,
    a custom range → its start day."""
    if ".." in key:
        start = key.split("..")[0]
        return f"{start[8:10]}/{start[5:7]}"
    if len(key) == 4:
        return key
    return f"{key[5:]}/{key[2:4]}"


def _finish(chart: pygal.Graph, name: str, title: str, desc: str, download: bool) -> str:
    svg = chart.render(is_unicode=True)
    if download:  # a file of its own: a visible title, the XML declaration
        return '<?xml version="1.0" encoding="utf-8"?>\n' + _named(svg, name, title, desc)
    return _named(svg, name, title, desc)
