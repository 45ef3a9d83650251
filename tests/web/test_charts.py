"""The dashboard's charts as drawn by ``web.charts``: well-formed SVG named by its title
and description, one bar per count drawn to scale, names escaped, the value axis in
round steps."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date

import pytest

import web.dashboard_routes  # noqa: F401  (registers the charts' texts)
from models.dashboard import Dashboard, TrendPoint, UnitLine, periods_up_to
from models.periods import parse_period
from models.status import TaskStatus
from web.charts import ranking_svg, ticks, trend_svg

SVG = "{http://www.w3.org/2000/svg}"
S = TaskStatus


def _counts(on_time: int, late: int, open_: int, overdue: int) -> dict[TaskStatus, int]:
    counts = dict.fromkeys(TaskStatus, 0)
    counts.update({S.DONE_ON_TIME: on_time, S.DONE_LATE: late, S.IN_PROGRESS: open_})
    counts[S.OVERDUE] = overdue
    return counts


def _board() -> Dashboard:
    period = parse_period("2024-Q2")
    trend = [
        TrendPoint(p, _counts(i, 2 * i, 0, 10 if i == 5 else 0))
        for i, p in enumerate(periods_up_to(period))
    ]
    units = [
        UnitLine(1, "R", "Đảng ủy", 0, _counts(3, 1, 0, 0)),
        UnitLine(2, "A&B", "Chi bộ <A> & B", 1, _counts(3, 1, 0, 0)),
        UnitLine(3, "C", "Chi bộ C", 1, _counts(0, 2, 1, 0)),
        UnitLine(4, "D", "Chi bộ D", 1, _counts(0, 0, 0, 0)),  # nothing done: not ranked
    ]
    return Dashboard(period, date(2024, 6, 14), units, trend)


@pytest.mark.parametrize(
    ("top", "marks"),
    [
        (0, [0, 1]),
        (4, [0, 1, 2, 3, 4]),
        (7, [0, 2, 4, 6, 8]),
        (30, [0, 5, 10, 15, 20, 25, 30]),
        (31, [0, 10, 20, 30, 40]),
        (203_312, [0, 50_000, 100_000, 150_000, 200_000, 250_000]),
    ],
)
def test_the_value_axis_steps_roundly(top: int, marks: list[int]) -> None:
    assert ticks(top) == marks


def test_trend_bars_are_drawn_to_scale_and_named() -> None:
    svg = ET.fromstring(trend_svg(_board(), "vi"))
    assert svg.get("role") == "img" and svg.get("aria-labelledby") == "trend-title"
    assert [child.tag for child in svg[:2]] == [f"{SVG}title", f"{SVG}desc"]
    assert "quý II năm 2024: Hoàn thành đúng hạn 5, Hoàn thành quá hạn 10" in str(svg[1].text)
    bars = [r for r in svg.iter(f"{SVG}rect") if r.get("fill-opacity")]
    legend = bars[-4:]
    drawn = bars[:-4]  # one per count above zero: 1..5 on time, 2..10 late, 10 overdue
    assert len(drawn) == 5 + 5 + 1 and all(float(r.get("width", 0)) > 20 for r in drawn)
    heights = [float(r.get("height", 0)) for r in drawn]
    unit = heights[0]  # the first period's one task done on time
    assert heights[1] == pytest.approx(2 * unit, abs=0.2)  # its two done late
    assert max(heights) == pytest.approx(10 * unit, abs=0.2)
    assert len(legend) == 4
    texts = [t.text for t in svg.iter(f"{SVG}text")]
    assert "Q2/24" in texts and "Quá hạn" in texts and "DejaVu Sans" in str(svg.get("font-family"))
    download = trend_svg(_board(), "vi", download=True)
    assert download.startswith('<?xml version="1.0" encoding="utf-8"?>')


def test_ranking_lists_the_units_best_first_with_their_rates_escaped() -> None:
    text = ranking_svg(_board(), "en")
    svg = ET.fromstring(text)  # "Chi bộ <A> & B" escaped, or this would not parse
    labels = [t.text for t in svg.iter(f"{SVG}text")]
    assert labels.index("Chi bộ <A> & B") < labels.index("Chi bộ C")
    assert "75%" in labels and "0%" in labels and "Chi bộ D" not in labels
    assert svg[1].text == "Chi bộ <A> & B: 75%; Chi bộ C: 0%"
    empty = Dashboard(_board().period, date(2024, 6, 14), [], [])
    assert "Nothing done yet." in ranking_svg(empty, "en")
