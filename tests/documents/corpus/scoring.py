"""Scoring proposed tasks against a document's hand-written expected tasks.

A proposal matches an expected task when their source sentences overlap: at least
60% of the shorter one's words are in the other. Expected tasks are matched one to
one, each to the overlapping proposal with the same lead first. On matched pairs the
lead, the co-owners (as a set) and the deadline (kind and value) are compared; an
owner without a code is compared by its text (accents and case ignored).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from documents.extract import Directory, ProposedTask, read_directory
from documents.extract.draft import OwnerRef
from documents.extract.folding import squeeze

CORPUS = Path(__file__).parent
OVERLAP = 0.6


def words(text: str) -> set[str]:
    return set(squeeze(text).split())


def overlap(a: str, b: str) -> float:
    wa, wb = words(a), words(b)
    if not wa or not wb:
        return 0.0
    return len(wa & wb) / min(len(wa), len(wb))


def overlaps(a: str, b: str) -> bool:
    return overlap(a, b) >= OVERLAP


def owner_key(owner: Any) -> str:
    """An expected owner (a code, or {text: …}) or a proposed one, as one comparable key."""
    if owner is None:
        return "-"
    if isinstance(owner, OwnerRef):
        return owner.code or "text:" + squeeze(owner.text)
    if isinstance(owner, dict):
        return "text:" + squeeze(str(owner["text"]))
    return str(owner)


def due_key(due: dict[str, Any]) -> tuple[str, str | None]:
    value = due.get("value")
    return str(due["kind"]), None if value is None else str(value)


@dataclass
class Score:
    name: str
    expected: int = 0
    proposed: int = 0
    matched: int = 0
    lead_ok: int = 0
    co_ok: int = 0
    due_ok: int = 0
    seconds: float = 0.0
    misses: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        for name in ("expected", "proposed", "matched", "lead_ok", "co_ok", "due_ok"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.seconds += other.seconds

    @property
    def precision(self) -> float:
        return self.matched / self.proposed if self.proposed else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.expected if self.expected else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def rate(self, hits: int) -> float:
        return hits / self.matched if self.matched else 1.0


def expectations() -> list[tuple[Path, dict[str, Any]]]:
    result = []
    for path in sorted((CORPUS / "expected").glob("*.yaml")):
        result.append((path, yaml.safe_load(path.read_text(encoding="utf-8"))))
    return result


def directory_of(spec: dict[str, Any]) -> Directory:
    return read_directory(CORPUS / "directories" / f"{spec['directory']}.yaml")


def score(name: str, spec: dict[str, Any], proposed: list[ProposedTask]) -> Score:
    expected = spec["tasks"]
    result = Score(name, expected=len(expected), proposed=len(proposed))
    free = list(range(len(proposed)))
    for want in expected:
        candidates = sorted(
            (i for i in free if overlaps(want["source"], proposed[i].source)),
            key=lambda i: (
                owner_key(proposed[i].lead) != owner_key(want["lead"]),
                -overlap(want["source"], proposed[i].source),
            ),
        )
        pick = candidates[0] if candidates else None
        if pick is None:
            result.misses.append(f"missed: {want['source'][:70]}")
            continue
        free.remove(pick)
        got = proposed[pick]
        result.matched += 1
        result.lead_ok += owner_key(got.lead) == owner_key(want["lead"])
        want_co = {owner_key(c) for c in want.get("co_owners") or []}
        result.co_ok += {owner_key(c) for c in got.co_owners} == want_co
        result.due_ok += due_key(got.due.as_json()) == due_key(want["due"])
        if owner_key(got.lead) != owner_key(want["lead"]):
            result.misses.append(
                f"lead {owner_key(got.lead)} != {owner_key(want['lead'])}: {want['source'][:50]}"
            )
        if {owner_key(c) for c in got.co_owners} != want_co:
            result.misses.append(
                f"co {sorted(owner_key(c) for c in got.co_owners)} != {sorted(want_co)}: {want['source'][:50]}"
            )
        if due_key(got.due.as_json()) != due_key(want["due"]):
            result.misses.append(
                f"due {due_key(got.due.as_json())} != {due_key(want['due'])}: {want['source'][:50]}"
            )
    for i in free:
        result.misses.append(f"extra: {proposed[i].source[:70]}")
    return result
