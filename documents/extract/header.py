"""The header block of an administrative document (Hướng dẫn 36-HD/VPTW for the Party,
Nghị định 30/2020/NĐ-CP for the State): the issuing body on the left, the Party's name
or the national motto on the right, the number, the place and date, then the kind in
capitals and the title. Word keeps the two columns in a borderless table; a PDF or a
text file runs them together on one line, so fields are found by their own shape, not
by position."""

from __future__ import annotations

import re
from datetime import date

from documents.extract.draft import DocumentInfo
from documents.extract.folding import squeeze
from documents.extract.owners import Directory
from documents.extract.structure import Block, Table

_MOTTOS = re.compile(
    r"ĐẢNG\s+CỘNG\s+SẢN\s+VIỆT\s+NAM|CỘNG\s+HÒA\s+XÃ\s+HỘI\s+CHỦ\s+NGHĨA\s+VIỆT\s+NAM|"
    r"CỘNG\s+HOÀ\s+XÃ\s+HỘI\s+CHỦ\s+NGHĨA\s+VIỆT\s+NAM|Độc\s+lập\s*-\s*Tự\s+do\s*-\s*Hạnh\s+phúc",
    re.IGNORECASE,
)
_NUMBER = re.compile(r"Số\s*:?\s*(?P<n>\d[\w.]*(?:[-/][\w.Đđ&]+)+)")
_DATE = re.compile(
    r"(?P<place>[^,\n]{0,60}),\s*ngày\s+(?P<d>\d{1,2})\s+tháng\s+(?P<m>\d{1,2})\s+năm\s+(?P<y>\d{4})",
    re.IGNORECASE,
)
_KINDS = (
    ("thong bao", "notice"),
    ("nghi quyet", "resolution"),
    ("ket luan", "conclusion"),
    ("ke hoach", "plan"),
    ("chi thi", "directive"),
    ("chuong trinh", "programme"),
    ("quyet dinh", "decision"),
    ("quy dinh", "regulation"),
)
_CODES = {
    "NQ": "resolution",
    "KL": "conclusion",
    "TB": "notice",
    "KH": "plan",
    "CT": "directive",
    "CTR": "programme",
    "QĐ": "decision",
    "QYĐ": "regulation",
}
_HEAD_WORDS = (
    "đảng ủy",
    "đảng bộ",
    "chi bộ",
    "cục",
    "sở",
    "ban",
    "ủy ban",
    "văn phòng",
    "bộ",
    "tỉnh ủy",
    "huyện ủy",
    "thành ủy",
    "quận ủy",
    "thị ủy",
    "ủy ban nhân dân",
    "phòng",
    "chi cục",
    "trung tâm",
)
_PLACE_HEADS = ("huyện ủy", "tỉnh ủy", "thành ủy", "quận ủy", "thị ủy")
_PLACE_WORDS = ("tỉnh", "huyện", "thành phố", "quận", "xã", "phường", "thị xã")
_BODY_START = re.compile(r"^(?:Căn cứ|Ngày\s+\d|Thực hiện|Trên cơ sở|Kính gửi|Sau khi|Để|Tại)")
# Where the issuing body's own name starts in the header's left column (the superior body,
# when there is one, comes first: "ĐẢNG BỘ BỘ KH&CN / ĐẢNG ỦY CỤC SỞ HỮU TRÍ TUỆ").
_ISSUER_HEADS = re.compile(
    r"(?<!\w)(?:ĐẢNG ỦY|ĐẢNG BỘ|CHI BỘ|HUYỆN ỦY|TỈNH ỦY|THÀNH ỦY|QUẬN ỦY|ỦY BAN NHÂN DÂN|UBND|"
    r"SỞ(?! HỮU)|VĂN PHÒNG|BAN(?! CHẤP)|BỘ(?= [A-ZĐ]))(?!\w)"
)
_HEAD_LIMIT = 14  # blocks: a header never runs longer


def _lines(blocks: list[Block]) -> list[tuple[int, str]]:
    result: list[tuple[int, str]] = []
    for index, block in enumerate(blocks[:_HEAD_LIMIT]):
        if isinstance(block, Table):
            if len(block.rows) <= 3:  # the two-column header, not a task table
                for column in range(max(len(r) for r in block.rows)):
                    for row in block.rows:
                        if column < len(row):
                            result += [(index, ln.strip()) for ln in row[column].splitlines()]
        else:
            prefix = f"{block.label}. " if block.label and block.label not in "-–+•*" else ""
            result.append((index, prefix + block.text))
    return [(i, line) for i, line in result if line]


def _is_caps(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return len(letters) >= 3 and all(ch.isupper() for ch in letters)


def sentence_case(caps: str) -> str:
    """ "ĐẢNG ỦY CỤC SỞ HỮU TRÍ TUỆ" -> "Đảng ủy Cục Sở hữu trí tuệ": capitals after the
    heads of units, after "và", and for place names."""
    words = caps.lower().split()
    out: list[str] = []
    capital_next = True
    place = False
    i = 0
    while i < len(words):
        word = words[i]
        pair = " ".join(words[i : i + 2])
        if (word in _PLACE_WORDS or pair in _PLACE_WORDS) and pair not in _HEAD_WORDS:
            n = 2 if pair in _PLACE_WORDS else 1
            out += words[i : i + n]
            i += n
            place, capital_next = True, False
            continue
        out.append(word[:1].upper() + word[1:] if capital_next or place else word)
        capital_next = False
        head = next((n for n in (4, 3, 2, 1) if " ".join(words[i : i + n]) in _HEAD_WORDS), 0)
        if word == "sở" and words[i + 1 : i + 2] == ["hữu"]:
            head = 0
        if head:
            phrase = " ".join(words[i : i + head])
            out += words[i + 1 : i + head]
            i += head
            capital_next = True
            place = place or phrase in _PLACE_HEADS
            continue
        if word == "và":
            capital_next = True
        i += 1
    text = " ".join(out)
    return text[:1].upper() + text[1:]


def _issuer(caps: str, directory: Directory) -> str:
    """The issuing body: the last name in the left column; a bare "VĂN PHÒNG" is the
    office of the body named before it."""
    words = caps.split()
    for cut in range(len(words)):
        code = directory.lookup(" ".join(words[cut:]))
        if code:
            return directory.codes[code].name
    starts = [m.start() for m in _ISSUER_HEADS.finditer(caps)]
    last = caps[starts[-1] :] if starts else caps
    if len(starts) > 1 and _ISSUER_HEADS.fullmatch(last.strip()):
        last = f"{last} {caps[starts[-2] : starts[-1]]}"
    last = re.sub(r"(?<!\w)UBND(?!\w)", "ỦY BAN NHÂN DÂN", last)
    last = re.sub(r"(?<!\w)HĐND(?!\w)", "HỘI ĐỒNG NHÂN DÂN", last)
    return sentence_case(last.strip())


def parse_header(blocks: list[Block], directory: Directory) -> tuple[DocumentInfo, int]:
    """The document's header fields and the index of the first block of its body."""
    lines = _lines(blocks)
    number = issued_on = place = kind = title = body = None
    issuer_lines: list[str] = []
    body_start = 0
    kind_at: int | None = None
    for position, (index, raw) in enumerate(lines):
        line = _MOTTOS.sub(" ", raw).strip(" -*_")
        if not line:
            continue
        found_number = None
        if kind_at is None and (m := _NUMBER.search(line)):
            found_number = m["n"]
            line = (line[: m.start()] + " " + line[m.end() :]).strip()
        if issued_on is None and (m := _DATE.search(line)):
            try:
                issued_on = date(int(m["y"]), int(m["m"]), int(m["d"]))
            except ValueError:
                issued_on = None
            words = m["place"].split()
            keep = [w for w in words if not _is_caps(w) or len(w) <= 1]
            place = " ".join(keep[-3:]) or None
            line = " ".join(w for w in words if _is_caps(w))
        if found_number is not None:
            if number is None and _is_caps(line):
                issuer_lines.append(line)  # the left column's last line, run into the number's
            number = number or found_number
            continue
        if kind_at is None and _is_caps(line):
            folded = squeeze(line)
            found = next((k for word, k in _KINDS if folded.startswith(word)), None)
            if found and (number or issuer_lines or issued_on):
                kind, kind_at = found, position
                rest = line[len(line.split()[0]) :].strip()
                title_words = [line.split()[0], *rest.split()]
                title = sentence_case(" ".join(title_words))
                body_start = index + 1
                continue
            if number is None:
                issuer_lines.append(line)
            continue
        if kind_at is not None:
            if position - kind_at > 3 or _BODY_START.match(line) or len(line) > 250:
                break
            if re.fullmatch(r"[-–_*. ]+", raw):
                body_start = index + 1
                break
            title = f"{title} {line}".strip()
            body_start = index + 1
    if kind is None and number:
        code = re.split(r"[-/]", number.upper())
        kind = next((_CODES[c] for c in code if c in _CODES), None)
    if issuer_lines:
        body = _issuer(" ".join(issuer_lines), directory)
    info = DocumentInfo(kind, number, body, issued_on, title, place)
    return info, body_start
