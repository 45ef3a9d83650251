"""The dashboard's charts: SVG drawn on the server (no JavaScript), readable on a phone,
named for screen readers.

Each chart is drawn 400 units wide with large type (18), so the 390-pixel phone screen,
which shows it about 320 pixels wide, draws its labels at about 14 pixels; the font has
Vietnamese glyphs (a default monospace one garbles "Trễ hạn"). The SVG starts with
``<title>`` and ``<desc>`` and is labelled by them as one image; the page puts the same
figures in a table.

Written here rather than by pygal (which drew them until the million-task benchmark):
two bar charts are a few dozen shapes, and pygal spent 15 ms of the year dashboard's
60 ms of CPU building them (its configuration looked up attribute by attribute, 20 KB
of CSS and tooltip data per chart that the page never used); this takes under 1 ms and
writes 3 KB. The look is pygal's as the dashboard used it: the same colours, lighter
fills with a darker edge, dashed guides, the legend under the trend.
"""

from __future__ import annotations

import math
from html import escape

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
TYPE = 18  # font size of every label
INK, GUIDE = "#1d2733", "#5b6775"
MARGIN = 8
CHAR = 0.58 * TYPE  # an average character's width in DejaVu Sans, to leave room for labels


def _text(x: float, y: float, words: str, anchor: str = "middle") -> str:
    return f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}">{escape(words)}</text>'


def _bar(x: float, y: float, width: float, height: float, colour: str) -> str:
    return (
        f'<rect x="{x:.1f}" y="{y:.1f}" width="{width:.1f}" height="{height:.1f}"'
        f' fill="{colour}" fill-opacity=".7" stroke="{colour}" stroke-opacity=".8"/>'
    )


def _guide(x1: float, y1: float, x2: float, y2: float, solid: bool = False) -> str:
    style = f'stroke="{INK}"' if solid else f'stroke="{GUIDE}" stroke-dasharray="4,4"'
    return f'<path d="M{x1:.1f} {y1:.1f} L{x2:.1f} {y2:.1f}" {style}/>'


def _svg(name: str, height: float, title: str, desc: str, body: list[str]) -> str:
    """The chart as one labelled image: role, ``<title>`` and ``<desc>`` first inside it."""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height:.0f}"'
        f' role="img" aria-labelledby="{name}-title" aria-describedby="{name}-desc"'
        f' preserveAspectRatio="xMidYMid meet" font-family="{escape(FONT)}"'
        f' font-size="{TYPE}" fill="{INK}">'
        f'<title id="{name}-title">{escape(title)}</title>'
        f'<desc id="{name}-desc">{escape(desc)}</desc>'
        f'<rect width="{WIDTH}" height="{height:.0f}" fill="#ffffff"/>' + "".join(body) + "</svg>"
    )


def _finish(svg: str, download: bool) -> str:
    if download:  # a file of its own: the XML declaration
        return '<?xml version="1.0" encoding="utf-8"?>\n' + svg
    return svg


def ticks(top: int) -> list[int]:
    """The value axis's marks from 0 past ``top``: steps of 1, 2 or 5 times a power of
    ten, at most six of them above 0."""
    top = max(top, 1)
    step = 1
    for power in range(int(math.log10(top)) + 1):
        for multiple in (1, 2, 5):
            step = multiple * 10**power
            if top / step <= 6:
                return list(range(0, math.ceil(top / step) * step + 1, step))
    return list(range(0, math.ceil(top / step) * step + 1, step))


def trend_svg(board: Dashboard, lang: str, *, download: bool = False) -> str:
    """Tasks by official status over the last periods, stacked per period."""
    names = [label(s, lang) for s in OFFICIAL_STATUSES]
    height = 440.0
    legend_row = TYPE * 1.6
    legend_top = height - MARGIN - legend_row * len(OFFICIAL_STATUSES)
    marks = ticks(
        max((sum(p.counts[s] for s in OFFICIAL_STATUSES) for p in board.trend), default=0)
    )
    left = MARGIN + CHAR * len(str(marks[-1])) + 10
    top, bottom = MARGIN + TYPE / 2, legend_top - TYPE * 2.2
    right = WIDTH - MARGIN
    scale = (bottom - top) / marks[-1]
    body = []
    for mark in marks:  # guides, the zero line solid
        y = bottom - mark * scale
        body.append(_guide(left, y, right, y, solid=mark == 0))
        body.append(_text(left - 6, y + TYPE * 0.35, str(mark), "end"))
    body.append(_guide(left, top, left, bottom, solid=True))
    slot = (right - left) / max(len(board.trend), 1)
    for i, point in enumerate(board.trend):
        x, base = left + slot * i + slot * 0.08, bottom
        for status in OFFICIAL_STATUSES:
            n = point.counts[status]
            if n:
                body.append(_bar(x, base - n * scale, slot * 0.84, n * scale, COLOURS[status]))
                base -= n * scale
        body.append(
            _text(left + slot * (i + 0.5), bottom + TYPE * 1.3, short_label(point.period.key))
        )
    for i, (status, words) in enumerate(zip(OFFICIAL_STATUSES, names, strict=True)):
        y = legend_top + legend_row * i
        body.append(_bar(MARGIN + 2, y + 4, TYPE * 0.75, TYPE * 0.75, COLOURS[status]))
        body.append(_text(MARGIN + TYPE * 1.3, y + TYPE * 0.85, words, "start"))
    desc = "; ".join(
        f"{period_label(p.period, lang)}: "
        + ", ".join(
            f"{words} {p.counts[s]}" for s, words in zip(OFFICIAL_STATUSES, names, strict=True)
        )
        for p in board.trend
    )
    return _finish(_svg("trend", height, t("dash.chart.trend", lang), desc, body), download)


def ranking_svg(board: Dashboard, lang: str, *, download: bool = False) -> str:
    """The units by on-time rate, best first (``Dashboard.ranking``)."""
    ranked: list[UnitLine] = board.ranking()
    row = 44
    height = 90 + row * max(len(ranked), 1)
    names = [axis_name(u) for u in ranked]
    left = min(MARGIN + CHAR * max((len(n) for n in names), default=0) + 12, WIDTH * 0.6)
    right = WIDTH - MARGIN - 28  # room for "100%" under the axis's end
    top, bottom = MARGIN, height - MARGIN - TYPE * 1.6
    body = []
    for mark in (0, 50, 100):  # more would crowd a phone's axis
        x = left + (right - left) * mark / 100
        body.append(_guide(x, top, x, bottom, solid=mark == 0))
        body.append(_text(x, bottom + TYPE * 1.2, f"{mark}%"))
    colour = COLOURS[TaskStatus.DONE_ON_TIME]
    band = (bottom - top) / max(len(ranked), 1)
    for i, (unit, name) in enumerate(zip(ranked, names, strict=True)):
        rate = round((unit.on_time_rate or 0) * 100, 1)
        y = top + band * i
        middle = y + band / 2 + TYPE * 0.35
        body.append(_text(left - 8, middle, name, "end"))
        width = (right - left) * rate / 100
        body.append(_bar(left, y + band * 0.12, width, band * 0.76, colour))
        body.append(_text(left + max(width, 40) / 2, middle, f"{rate:.0f}%"))
    if not ranked:
        body.append(_text(WIDTH / 2, top + band / 2, t("dash.chart.nothing", lang)))
    desc = "; ".join(f"{u.name}: {(u.on_time_rate or 0) * 100:.0f}%" for u in ranked) or t(
        "dash.chart.nothing", lang
    )
    return _finish(_svg("ranking", height, t("dash.chart.ranking", lang), desc, body), download)


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
