"""Building a morning's worth of small objects without the garbage collector's rounds.

A run plans and claims a quarter of a million reminders: tuples that hold no cycles.
The cyclic collector, triggered by every 700 allocations, walks the ever-growing heap
again and again meanwhile, for a large share of the planning and claiming time. It is
paused for those stretches only, and resumed (not forced) after.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
