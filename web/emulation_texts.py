"""Texts of the emulation page's people unit by unit (a committee past a few hundred
people, ``models.emulation.people_choice``)."""

from __future__ import annotations

from models.i18n import register

register(
    {
        "emu.by_unit": {
            "vi": "Các đơn vị dưới đây có {total} người: chọn một đơn vị để xem cá nhân của"
            " đơn vị đó (xếp theo điểm). Bảng tính và bản in có tất cả mọi người.",
            "en": "The units below have {total} people: choose a unit to see its people"
            " (highest score first). The spreadsheet and the print view list everyone.",
        },
        "emu.unit_people": {
            "vi": "Cá nhân của {unit}",
            "en": "People of {unit}",
        },
        "emu.col.headcount": {"vi": "Số người", "en": "People"},
        "emu.print_all": {
            "vi": "Hiện tất cả {total} người (để in)",
            "en": "Show all {total} people (to print)",
        },
        "emu.pick_unit": {
            "vi": "Chọn đơn vị để xem cá nhân",
            "en": "Choose a unit to see its people",
        },
    }
)
