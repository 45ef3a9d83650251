"""The committee's year-end emulation (thi đua) scoring rules: a weight per figure.

A score is the sum of each figure times its weight, so every point can be explained in
one line at the review conference. The committee sets the weights in ``emulation.toml``
in the data folder (``DONDOC_HOME``), section ``[weights]``; missing keys keep their
defaults, an unknown key or a value that is not a number is refused with its name.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path

from models.errors import TrackerError
from models.i18n import register

RULES_FILE = "emulation.toml"


@dataclass(frozen=True)
class EmulationRules:
    on_time: float = 2.0  # each task done on time
    late: float = 0.5  # each task done, but late
    overdue: float = -3.0  # each task still overdue at the cut-off
    in_progress: float = 0.0  # each task not yet due at the cut-off
    duty_on_time: float = 1.0  # each reporting duty submitted on time (units only)
    duty_missed: float = -2.0  # each duty submitted late or still overdue (units only)
    explanation: float = -1.0  # each written explanation requested (yêu cầu giải trình)

    def describe(self) -> list[tuple[str, float]]:
        """Each weight with the catalog key of its name, in the file's order."""
        return [
            ("emu.weight.on_time", self.on_time),
            ("emu.weight.late", self.late),
            ("emu.weight.overdue", self.overdue),
            ("emu.weight.in_progress", self.in_progress),
            ("emu.weight.duty_on_time", self.duty_on_time),
            ("emu.weight.duty_missed", self.duty_missed),
            ("emu.weight.explanation", self.explanation),
        ]


def load_rules(home: Path) -> EmulationRules:
    """The rules in ``home/emulation.toml``, the defaults where it is silent or absent."""
    path = home / RULES_FILE
    if not path.is_file():
        return EmulationRules()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as problem:
        reason = str(problem)
        raise TrackerError("emulation_rules_unreadable", file=str(path), reason=reason) from None
    weights = data.get("weights", {})
    if not isinstance(weights, dict):
        raise TrackerError("emulation_rule_bad", field="weights", file=str(path))
    known = {f.name for f in fields(EmulationRules)}
    chosen: dict[str, float] = {}
    for key, value in weights.items():
        if key not in known:
            raise TrackerError("emulation_rule_unknown", field=key, file=str(path))
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise TrackerError("emulation_rule_bad", field=key, file=str(path))
        chosen[key] = float(value)
    return replace(EmulationRules(), **chosen)


register(
    {
        "error.emulation_rules_unreadable": {
            "vi": "Không đọc được quy tắc thi đua {file}: {reason}",
            "en": "Cannot read the emulation rules {file}: {reason}",
        },
        "error.emulation_rule_unknown": {
            "vi": "Quy tắc thi đua {file}: không có trọng số «{field}».",
            "en": "Emulation rules {file}: there is no weight «{field}».",
        },
        "error.emulation_rule_bad": {
            "vi": "Quy tắc thi đua {file}: «{field}» phải là một số.",
            "en": "Emulation rules {file}: «{field}» must be a number.",
        },
    }
)
