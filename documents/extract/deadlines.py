"""Deadlines as resolutions write them, read into one of six kinds.

``date`` ("trước ngày 30/6/2024", "15.12.2024", "20-7-2024", "ngày 30 tháng 6 năm
2024"), ``period`` ("trong tháng 3/2024" -> ``2024-03``, "quý II/2024" -> ``2024-Q2``,
"6 tháng đầu năm 2024" -> ``2024-H1``, "trong năm 2024" -> ``2024``), ``relative``
("trong 10 ngày làm việc" -> ``+10 working days``), ``standing`` ("thường xuyên"),
``recurring`` ("hằng quý" -> ``quarterly``) or ``unknown``. Period keys are those of
``models.periods``; relative values are those ``dondoc import minutes`` reads.

A date that belongs to a document reference ("Kết luận số 01-KL/TW ngày 18/5/2021") is
not a deadline; a month, quarter or year counts only after a deadline word ("trong",
"trước", "hoàn thành", "thời gian"), so "Kế hoạch kiểm tra năm 2024" has no deadline.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from models.errors import TrackerError
from models.periods import parse_period


@dataclass(frozen=True)
class Due:
    kind: str  # date | period | relative | standing | recurring | unknown
    value: str | None
    text: str | None

    def as_json(self) -> dict[str, str | None]:
        return {"kind": self.kind, "value": self.value, "text": self.text}


UNKNOWN = Due("unknown", None, None)

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_Q = r"(?:I{1,3}|IV|[1-4])"
_YEAR = r"(?:\s*(?:/|-|năm)\s*(?P<year>\d{4}))"
_MARK = (
    r"(?:hoàn thành|hoàn thiện|xong|trước|chậm nhất|muộn nhất|trong|thời gian|thời hạn|"
    r"tiến độ|đến|hết|cuối|vào|từ nay đến|kết thúc)"
)
_MARKED = re.compile(rf"{_MARK}[\s:,(]*(?:ngày\s+)?(?:trong\s+)?$", re.IGNORECASE)
_DONE = re.compile(r"(?:hoàn thành|xong|thời gian|thời hạn|chậm nhất)", re.IGNORECASE)

_DATE = re.compile(
    r"(?<![\d/.-])(?P<d>\d{1,2})\s*(?P<sep>[/.-])\s*(?P<m>\d{1,2})\s*(?P=sep)\s*(?P<y>\d{4})(?!\d)"
    r"|ngày\s+(?P<d2>\d{1,2})\s+tháng\s+(?P<m2>\d{1,2})\s+năm\s+(?P<y2>\d{4})",
    re.IGNORECASE,
)
_DAY_MONTH = re.compile(
    r"(?:trước|chậm nhất)\s+(?:ngày\s+)?(?P<d>\d{1,2})/(?P<m>\d{1,2})(?![/\d])", re.IGNORECASE
)
_QUARTER = re.compile(
    rf"quý\s+(?P<q>{_Q})(?:\s*(?:,|và|-|đến|và quý)\s*(?:quý\s+)?(?P<q2>{_Q}))*{_YEAR}?(?!\w)",
    re.IGNORECASE,
)
_HALF = re.compile(
    r"(?:6|sáu)\s+tháng\s+(?P<h>đầu|cuối)\s+năm(?:\s+(?P<year>\d{4}))?", re.IGNORECASE
)
_MONTH = re.compile(
    rf"tháng\s+(?P<m>\d{{1,2}})(?:\s*(?:,|và|-|đến)\s*(?:tháng\s+)?(?P<m2>\d{{1,2}}))*{_YEAR}?(?![\d/])",
    re.IGNORECASE,
)
_YEAR_ONLY = re.compile(r"năm\s+(?P<year>\d{4})(?![\d/])", re.IGNORECASE)
_RELATIVE = re.compile(
    r"(?:trong|sau|chậm nhất|không quá|trong thời hạn|trong vòng)\s+(?:thời\s+hạn\s+|vòng\s+)?"
    r"(?P<n>\d{1,3})\s+ngày(?P<working>\s+làm\s+việc)?",
    re.IGNORECASE,
)
_STANDING = re.compile(r"thường xuyên|liên tục|hằng ngày|hàng ngày", re.IGNORECASE)
_RECURRING = re.compile(
    r"(?:hằng|hàng|mỗi|từng|định kỳ(?:\s+hằng|\s+hàng)?)\s+"
    r"(?P<what>tháng|quý|năm|6 tháng|sáu tháng)"
    r"|(?P<half>(?:6|sáu)\s+tháng\s+(?:một|1)\s+lần)"
    r"|(?P<report>báo cáo)\s+(?:định kỳ\s+)?"
    r"(?P<rwhat>quý|6 tháng|sáu tháng|tháng|năm)(?!\s*(?:I|\d))",
    re.IGNORECASE,
)
_CADENCE = {
    "tháng": "monthly",
    "quý": "quarterly",
    "năm": "annual",
    "6 tháng": "half_yearly",
    "sáu tháng": "half_yearly",
}
# "… số 01-KL/TW ngày 18/5/2021", "Nghị định 65/2023/NĐ-CP ngày …": a reference.
_REFERENCE = re.compile(r"(?:số\s+)?[\w.-]*\d[\w.-]*/[\w/Đđ.-]+\s+(?:ngày\s+)?$", re.IGNORECASE)


@dataclass(frozen=True)
class _Found:
    rank: int  # higher wins: 5 a completion date/period, 4 marked, 3 recurring, 2 standing, 1 bare
    start: int
    end: int
    due: Due


def _period(key: str) -> str | None:
    try:
        return parse_period(key).key
    except TrackerError:
        return None


def _date(y: int, m: int, d: int) -> str | None:
    try:
        return date(y, m, d).isoformat()
    except ValueError:
        return None


def find_deadline(
    text: str, issued_on: date | None = None, *, cell: bool = False
) -> tuple[Due, tuple[int, int] | None]:
    """The deadline ``text`` sets and where it is written. ``cell``: the text is a
    table's deadline column, where every period counts without a deadline word."""
    found: list[_Found] = []
    default_year = issued_on.year if issued_on else None

    def before(start: int) -> str:
        return text[max(0, start - 40) : start]

    def rank_of(start: int, strong: int = 4) -> int:
        head = before(start)
        if cell or _MARKED.search(head):
            return 5 if _DONE.search(head[-25:]) or cell else strong
        return 0

    for m in _DATE.finditer(text):
        if _REFERENCE.search(before(m.start())):
            continue
        if m["d"]:
            value = _date(int(m["y"]), int(m["m"]), int(m["d"]))
        else:
            value = _date(int(m["y2"]), int(m["m2"]), int(m["d2"]))
        if value:
            found.append(
                _Found(rank_of(m.start()) or 1, m.start(), m.end(), Due("date", value, m[0]))
            )
    if default_year:
        for m in _DAY_MONTH.finditer(text):
            value = _date(default_year, int(m["m"]), int(m["d"]))
            if value and issued_on and value < issued_on.isoformat():
                value = _date(default_year + 1, int(m["m"]), int(m["d"]))
            if value:
                found.append(_Found(4, m.start(), m.end(), Due("date", value, m[0])))
    for m in _QUARTER.finditer(text):
        head = text[m.start() + 4 : m.start("year") if m["year"] else m.end()]
        quarters = re.findall(r"(?<!\w)(IV|I{1,3}|[1-4])(?!\w)", head, flags=re.IGNORECASE)
        year = m["year"] or default_year
        if not year or not quarters:
            continue
        key = _period(f"{year}-Q{_ROMAN[quarters[-1].lower()]}")
        rank = rank_of(m.start())
        if key and (rank or m["year"]):
            found.append(_Found(rank or 1, m.start(), m.end(), Due("period", key, m[0])))
    for m in _HALF.finditer(text):
        year = m["year"] or default_year
        if year:
            key = f"{year}-H{1 if m['h'].lower() == 'đầu' else 2}"
            found.append(
                _Found(rank_of(m.start()) or 1, m.start(), m.end(), Due("period", key, m[0]))
            )
    for m in _MONTH.finditer(text):
        if text[max(0, m.start() - 3) : m.start()].strip().isdigit():
            continue  # "6 tháng", "3 tháng": a length, not a month
        months = re.findall(r"\d{1,2}", text[m.start() : m.start("year") if m["year"] else m.end()])
        year = m["year"] or default_year
        rank = rank_of(m.start())
        if not year or not months or not rank:
            continue
        key = _period(f"{year}-{int(months[-1]):02d}")
        if key:
            found.append(_Found(rank, m.start(), m.end(), Due("period", key, m[0])))
    for m in _YEAR_ONLY.finditer(text):
        rank = 3 if cell else min(rank_of(m.start(), strong=3), 3)
        after_part = text[max(0, m.start() - 12) : m.start()].lower().rstrip()
        if rank and not after_part.endswith(("tháng", "đầu", "cuối", "quý")):
            found.append(_Found(rank, m.start(), m.end(), Due("period", m["year"], m[0])))
    for m in _RELATIVE.finditer(text):
        n = int(m["n"])
        value = f"+{n} working days" if m["working"] else f"+{n} days"
        found.append(_Found(5, m.start(), m.end(), Due("relative", value, m[0])))
    for m in _RECURRING.finditer(text):
        what = (m["what"] or m["rwhat"] or "6 tháng").lower()
        found.append(_Found(3, m.start(), m.end(), Due("recurring", _CADENCE[what], m[0])))
    for m in _STANDING.finditer(text):
        found.append(_Found(2, m.start(), m.end(), Due("standing", None, m[0])))
    if not found:
        return UNKNOWN, None
    best = max(found, key=lambda f: (f.rank, -f.start))
    start = best.start
    lead_in = _LEAD_IN.search(before(start))
    if lead_in and best.due.kind in ("date", "period"):
        start -= len(lead_in[0])
    due = Due(best.due.kind, best.due.value, text[start : best.end])
    return due, (start, best.end)


_LEAD_IN = re.compile(
    r"(?:trước|chậm nhất|trong|vào|đến hết|đến|hết|cuối)\s+(?:ngày\s+)?$", re.IGNORECASE
)
