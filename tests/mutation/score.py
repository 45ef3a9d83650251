"""The mutation score of each rule module, from what ``mutmut run`` left in ``mutants/``.

A mutant is killed when a test failed (or timed out) with it in place. Mutants listed in
``tests/mutation/equivalent.md`` (each with the reason it cannot change behaviour) are
left out of the count; every other survivor is printed by name, to be killed by a new
test or explained there. Exits non-zero when a module is under the target.

    python -m tests.mutation.score models/status.py notifications/ledger.py ...
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path

TARGET = 0.90
EQUIVALENT = Path(__file__).with_name("equivalent.md")
KILLED = {1, 3, 24, -24, 36, 37, 152, 255, -9, -11}  # a test failed, timed out or crashed
_LISTED = re.compile(r"`([\w.ǁ]+__mutmut_\d+)`")


def equivalent() -> set[str]:
    """The mutant names written in equivalent.md (in backticks, each beside its reason)."""
    return set(_LISTED.findall(EQUIVALENT.read_text(encoding="utf-8")))


def results(module: str, root: Path = Path("mutants")) -> dict[str, int | None]:
    meta = root / f"{module}.meta"
    data: dict[str, int | None] = json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"]
    return data


def main(modules: list[str]) -> int:
    excused = equivalent()
    failing = 0
    print(
        f"{'module':28} {'mutants':>7} {'killed':>6} {'equiv.':>6} {'survived':>8}"
        f" {'not run':>7} {'score':>6} {'of run':>6}"
    )
    for module in modules:
        codes = results(module)
        killed = sum(1 for code in codes.values() if code in KILLED)
        excused_here = {name for name in codes if name in excused and codes[name] not in KILLED}
        survivors = sorted(n for n, c in codes.items() if c not in KILLED and n not in excused_here)
        counted = len(codes) - len(excused_here)
        score = killed / counted if counted else 1.0
        failing += score < TARGET
        not_run = sum(1 for n in survivors if codes[n] is None)  # an interrupted run
        print(
            f"{module:28} {len(codes):7} {killed:6} {len(excused_here):6}"
            f" {len(survivors) - not_run:8} {not_run:7} {score:6.1%}"
            f" {killed / max(1, counted - not_run):6.1%}"
        )
        why = Counter("not run" if codes[n] is None else str(codes[n]) for n in survivors)
        for name in survivors:
            if codes[name] is not None:
                print(f"    survived: {name} (exit {codes[name]})")
        if why:
            print(f"    exit codes of survivors: {dict(why)}")
    return 1 if failing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
