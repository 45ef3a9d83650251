"""What a write reports back: the row, and whether it was created or changed.

Imports count these ("3 tasks created, 1 updated"); an unchanged re-import is a no-op.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Saved(Generic[T]):
    row: T
    created: bool
    changed: bool


def assign(obj: Any, values: Mapping[str, Any]) -> bool:
    """Set attributes that differ; say whether any did."""
    changed = False
    for key, value in values.items():
        if getattr(obj, key) != value:
            setattr(obj, key, value)
            changed = True
    return changed
