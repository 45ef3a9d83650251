"""Who a sentence names: units and people of the directory, collectives ("các chi bộ
trực thuộc"), and unit-like names the directory does not know.

Matching is accent- and case-insensitive on whole words and tries, for each unit, its
name, its aliases, every shorter form that still names only it ("Văn phòng Đảng ủy" for
"Văn phòng Đảng ủy Cục"), the same with the usual abbreviations ("UBND", "KH&CN") and
the initials ("UBKT", "VPĐU"). The longest match wins; a form that fits two units is
not used at all, so an ambiguous name stays unmatched for a person to choose.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from documents.extract.folding import fold, squeeze

# Heads that start a unit's name, and the two-word ones first.
_HEADS = (
    "ủy ban nhân dân|ủy ban mặt trận|ủy ban|ban quản lý|ban chỉ đạo|ban|chi bộ|đảng ủy|"
    "đảng bộ|văn phòng|sở|phòng|"
    "trung tâm|cục|vụ|viện|thanh tra|công an|bộ chỉ huy|bộ|đoàn thanh niên|đoàn|hội|"
    "công đoàn|liên đoàn|mặt trận|báo|đài|trường|bệnh viện|kho bạc|chi cục|tòa án|"
    "viện kiểm sát|huyện ủy|thành ủy|tỉnh ủy|quận ủy|thị ủy|hội đồng nhân dân|ubnd|hđnd|"
    "ubkt|bch|btv|vpđu|ubmttq"
)
_HEAD_RE = re.compile(rf"(?<!\w)(?:{_HEADS})(?!\w)", re.IGNORECASE)
# Words that end a name: the roles and verbs that follow it in a task sentence.
_STOP = frozenset(
    squeeze(w)
    for w in [
        "chủ",
        "phối",
        "với",
        "cùng",
        "tham",
        "thực",
        "xây",
        "tổ",
        "triển",
        "theo",
        "báo",
        "chỉ",
        "hướng",
        "rà",
        "đôn",
        "kiểm",
        "giám",
        "căn",
        "nghiên",
        "là",
        "làm",
        "tiếp",
        "khẩn",
        "chịu",
        "của",
        "về",
        "cho",
        "trong",
        "trước",
        "đến",
        "tại",
        "để",
        "đối",
        "thuộc",
        "có",
        "được",
        "sẽ",
        "đã",
        "phải",
        "cần",
        "nhằm",
    ]
)  # first syllables of the verbs and words that follow a name in a task sentence
_CONNECT = frozenset({"và", "-"})
_PLACES = frozenset({"tỉnh", "huyện", "quận", "xã", "phường", "thị", "thành", "phố", "trấn"})

# Phrases and their usual abbreviations: a unit named in full is also found abbreviated.
_ABBREVIATIONS = (
    ("ủy ban nhân dân", "UBND"),
    ("hội đồng nhân dân", "HĐND"),
    ("ban chấp hành", "BCH"),
    ("ban thường vụ", "BTV"),
    ("ủy ban kiểm tra", "UBKT"),
    ("khoa học và công nghệ", "KH&CN"),
    ("sở hữu trí tuệ", "SHTT"),
    ("sở hữu công nghiệp", "SHCN"),
    ("thành phố", "TP."),
    ("đảng ủy", "ĐU"),
)

_COLLECTIVE = re.compile(
    r"(?<!\w)(?:(?:ủy ban nhân dân|ubnd|hội đồng nhân dân|thường trực|ban thường vụ|"
    r"cấp ủy|lãnh đạo)\s+)?(?:các|toàn thể các|tất cả các|từng)\s+"
    r"(?P<noun>chi bộ|đảng ủy|đảng bộ|tổ chức đảng|cấp ủy|ban đảng|ban|cơ quan|đơn vị|sở|ngành|"
    r"phòng|địa phương|huyện|xã|phường|đoàn thể|đồng chí|tổ chức|chủ đầu tư|đảng viên|"
    r"hội|trường|doanh nghiệp)"
    r"(?:\s+(?:cấp ủy viên|huyện ủy viên|tỉnh ủy viên|đảng ủy viên|ủy viên)"
    r"(?:\s+phụ trách(?:\s+địa bàn|\s+cơ sở)?)?)?"
    r"(?:\s*,\s*(?:ban|ngành|đơn vị|đoàn thể|địa phương|cơ quan|thị xã|thành phố|xã|"
    r"phường|thị trấn|quận))*"
    r"(?:\s+(?:trực thuộc|liên quan|có liên quan|cơ sở|chuyên môn|chức năng|"
    r"xây dựng đảng|chính trị - xã hội|thuộc và trực thuộc(?:\s+(?-i:[A-ZĐ][\w&]*))?|"
    r"thuộc\s+(?-i:[A-ZĐ][\w&]*(?:\s+[A-ZĐ][\w&]*)?)|trong (?:đảng bộ|chi bộ|cơ quan)|"
    r"của (?:tỉnh|huyện|Cục|Sở)))*",
    re.IGNORECASE,
)
_COLLECTIVE_KIND = {"chi bo": "sub_branch"}


@dataclass(frozen=True)
class Entry:
    code: str
    name: str
    kind: str  # a UnitKind value, or "person"
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    text: str
    code: str | None
    collective: str | None = None  # e.g. "sub_branch" for "các chi bộ"; "" another group
    score: float = 1.0  # 1: the name or an alias; lower for shortened forms


def _initials(name: str) -> str:
    words = [w for w in squeeze(name).split() if w not in ("va", "-")]
    return "".join(w[0] for w in words)


def _abbreviated(name: str) -> list[str]:
    forms = [name]
    for phrase, short in _ABBREVIATIONS:
        forms += [re.sub(phrase, short, f, flags=re.IGNORECASE) for f in forms]
        forms += [re.sub(rf"(?<!\w){re.escape(short)}(?!\w)", phrase, f) for f in forms]
        forms = list(dict.fromkeys(forms))
    return forms


@dataclass
class Directory:
    """The units and people a document's owners are matched against."""

    entries: list[Entry] = field(default_factory=list)

    @cached_property
    def _index(self) -> tuple[dict[str, str], dict[str, str]]:
        """Folded form -> code (full forms and acronyms), ambiguous forms dropped."""
        forms: dict[str, set[str]] = {}
        weak: dict[str, set[str]] = {}
        acronyms: dict[str, set[str]] = {}
        for entry in self.entries:
            strong = [entry.name, *entry.aliases]
            for text in strong:
                for form in _abbreviated(text):
                    forms.setdefault(squeeze(form), set()).add(entry.code)
                if entry.kind != "person":
                    acronyms.setdefault(_initials(text), set()).add(entry.code)
            if entry.kind != "person":
                words = entry.name.split()
                for cut in range(len(words) - 1, 1, -1):
                    prefix = " ".join(words[:cut])
                    last = squeeze(words[cut - 1])
                    if _HEAD_RE.fullmatch(prefix) or not prefix[-1].isalnum() or last in _STOP:
                        continue
                    for form in _abbreviated(prefix):
                        weak.setdefault(squeeze(form), set()).add(entry.code)
                    acronyms.setdefault(_initials(prefix), set()).add(entry.code)
        index = {k: next(iter(v)) for k, v in forms.items() if len(v) == 1}
        for key, codes in weak.items():
            if key not in forms and len(codes) == 1:
                index.setdefault(key, "~" + next(iter(codes)))
        short = {k: next(iter(v)) for k, v in acronyms.items() if len(v) == 1 and len(k) >= 2}
        return index, short

    @cached_property
    def _pattern(self) -> re.Pattern[str] | None:
        index, _ = self._index
        if not index:
            return None
        keys = sorted(index, key=len, reverse=True)
        return re.compile(r"(?<![\w&])(?:" + "|".join(re.escape(k) for k in keys) + r")(?![\w&])")

    @cached_property
    def codes(self) -> dict[str, Entry]:
        return {e.code: e for e in self.entries}

    def lookup(self, text: str) -> str | None:
        """The code a whole owner text names (a table cell, a heading), if exactly one."""
        index, short = self._index
        key = squeeze(text)
        found = index.get(key) or short.get(key.replace(" ", ""))
        return found.lstrip("~") if found else None

    def mentions(self, text: str) -> list[Mention]:
        """Every owner named in ``text``, left to right, not overlapping."""
        folded = fold(text)
        found: list[Mention] = []
        taken = [False] * len(text)

        def add(
            start: int, end: int, code: str | None, collective: str | None, score: float
        ) -> None:
            if any(taken[start:end]):
                return
            for i in range(start, end):
                taken[i] = True
            found.append(Mention(start, end, text[start:end], code, collective, score))

        for match in _COLLECTIVE.finditer(text):
            kind = _COLLECTIVE_KIND.get(squeeze(match["noun"]), "")
            add(match.start(), match.end(), None, kind, 1.0)
        index, short = self._index
        if self._pattern is not None:
            for match in self._pattern.finditer(folded):
                code = index[match[0]]
                weak = code.startswith("~")
                add(match.start(), match.end(), code.lstrip("~"), None, 0.8 if weak else 1.0)
        for match in re.finditer(r"(?<![\w&])[A-ZĐ][A-ZĐ&]{1,7}(?![\w&])", text):
            acronym = short.get(fold(match[0]).replace(" ", ""))
            if acronym:
                add(match.start(), match.end(), acronym, None, 0.9)
        for start, end in _unit_names(text):
            add(start, end, None, None, 0.5)
        return sorted(found, key=lambda m: m.start)


def _unit_names(text: str) -> Iterable[tuple[int, int]]:
    """Spans that read as a unit's name ("Sở Tài chính", "Chi bộ Nhãn hiệu"): a head
    word, then capitalised words and the lowercase syllables that continue them."""
    for head in _HEAD_RE.finditer(text):
        if head.start() > 0 and text[head.start() - 1].isalpha():
            continue
        pos = head.end()
        end = pos
        words = list(re.finditer(r"\S+", text[pos:]))
        previous_capital = False
        taken = 0
        for word in words:
            raw = word[0]
            bare = raw.strip(",;:.()")
            if not bare:
                break
            if bare[0].isupper() or bare[0].isdigit():
                previous_capital = True
            elif bare in _PLACES and not previous_capital:
                pass
            elif raw in _CONNECT and taken:
                if taken + 1 < len(words) and words[taken + 1][0][:1].isupper():
                    taken += 1
                    continue
                break
            elif previous_capital and squeeze(bare) not in _STOP:
                previous_capital = False
            else:
                break
            end = pos + word.start() + len(bare) if raw.startswith(bare) else pos + word.end()
            taken += 1
            if raw != bare:
                break
        if taken:
            yield head.start(), end


def load_directory(data: Mapping[str, Any]) -> Directory:
    """A directory from the ``units:``/``people:`` records of a minutes or directory
    file (``dondoc export directory``); a unit may add ``aliases: [..]``."""
    entries: list[Entry] = []
    for unit in data.get("units") or []:
        aliases = unit.get("aliases") or []
        entries.append(
            Entry(
                str(unit["code"]),
                str(unit["name"]),
                str(unit.get("kind") or "other"),
                tuple(str(a) for a in aliases),
            )
        )
    for person in data.get("people") or []:
        name = person.get("name") or person.get("full_name")
        if name:
            entries.append(Entry(str(person["code"]), str(name), "person"))
    return Directory(entries)


def read_directory(path: Path) -> Directory:
    import yaml

    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return load_directory(data)


def directory_from_database(session: Any) -> Directory:
    """The active units and people on record (aliases live in directory files for now)."""
    from sqlmodel import select

    from models.org import Person, Unit

    entries = [
        Entry(u.code, u.name, str(u.kind)) for u in session.exec(select(Unit).where(Unit.active))
    ]
    entries += [
        Entry(p.code, p.full_name, "person")
        for p in session.exec(select(Person).where(Person.active))
    ]
    return Directory(entries)
