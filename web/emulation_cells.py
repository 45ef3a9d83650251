"""The emulation table's figure cells, written in Python rather than by a template macro.

A committee's table has a row per unit (200 at the synthetic committee) and the print
view a row per person (5,000): eight cells a row, each escaped and labelled for the
phone layout. Here the labels are looked up and escaped once and every value is a
number (or "—"): the same HTML as the macro wrote, in a fraction of the time.
"""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup, escape

from models.emulation import EmulationLine
from models.emulation_rules import EmulationRules
from models.i18n import t

COLUMNS = (
    "emu.col.led",
    "emu.col.on_time",
    "emu.col.late",
    "emu.col.overdue",
    "emu.col.duties_on_time",
    "emu.col.duties_missed",
    "emu.col.explanations",
)


def _shown(value: int | None) -> str:
    return "—" if value is None else str(value)


def figure_rows(
    lines: Sequence[EmulationLine], rules: EmulationRules, lang: str
) -> list[tuple[EmulationLine, Markup]]:
    """Each line with its eight cells: the year's figures, then its score."""
    labels = [escape(t(key, lang)) for key in COLUMNS]
    score = escape(t("emu.col.score", lang))
    rows = []
    for x in lines:
        values = (x.led, x.on_time, x.late, x.overdue)
        optional = (x.duties_on_time, x.duties_missed, x.explanations)
        cells = "".join(
            f'<td class="num" data-label="{label}">{value}</td>'
            for label, value in zip(labels, (*values, *map(_shown, optional)), strict=True)
        )
        cells += f'<td class="num score" data-label="{score}">{x.score(rules)}</td>'
        rows.append((x, Markup(cells)))  # noqa: S704  (escaped labels, numbers, "—")
    return rows
