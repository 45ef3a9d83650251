"""Proposed tasks from a document's body: the rules, in the order a reader applies them.

- The preamble ("Căn cứ …", "Ngày …, Đảng ủy đã họp …") and the closing ("Nơi nhận",
  signatures) propose nothing.
- Sections about aims, results or assessments ("MỤC ĐÍCH, YÊU CẦU", "KẾT QUẢ ĐẠT ĐƯỢC")
  propose only what they explicitly assign; elsewhere every clause that names who acts
  is a task.
- A heading that names an addressee ("1. Giao Ban Tuyên giáo:") gives its lead and
  co-owners to every item under it, until the next heading of its rank.
- One task per lead and piece of work: a clause that names its own lead starts a new
  task; clauses without one ("…; hoàn thành trước 30/6/2024") belong to the one before;
  a list of joint leads ("Văn phòng và Ban Tổ chức thực hiện …") gives one task each.
- A sentence that only states a goal ("Phấn đấu 100% chi bộ …") is not a task, nor is
  one that tells what happened ("… đã hoàn thành …").
- In a table with a "Chủ trì" or "Nội dung" column, each row is a task.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from documents.extract.deadlines import UNKNOWN, Due, find_deadline
from documents.extract.draft import OwnerRef, ProposedTask
from documents.extract.folding import squeeze
from documents.extract.layout import split_label
from documents.extract.owners import Directory, Mention
from documents.extract.roles import Roles, find_roles, is_only_owners
from documents.extract.sentences import clauses, sentences
from documents.extract.structure import Block, Paragraph, Table

_SKIP_SECTIONS = re.compile(
    r"\b(?:muc dich|yeu cau|ket qua|danh gia|tinh hinh|uu diem|han che|nguyen nhan|"
    r"quan diem|muc tieu|chi tieu|can cu|kinh phi|boi canh|thuc trang)\b"
)
_WORK_SECTIONS = re.compile(r"\b(?:nhiem vu|giai phap|to chuc thuc hien|phan cong|ket luan)\b")
_GOAL = re.compile(
    r"^(?:phan dau|muc tieu|chi tieu|quan diem|dat |100%|ty le|nham |can cu|ngay \d|"
    r"tham du|sau khi|hoi nghi (?:da|thong nhat|nhat tri)|dang uy .{0,40} da hop|"
    r"nghi quyet nay|thong bao nay|ke hoach nay|ket luan nay|chi thi nay|"
    r"tren day la|noi nhan|trong qua trinh thuc hien)"
)
# Sentences that introduce, tell, judge or close rather than assign.
_INTRO = re.compile(r"(?:nhu sau|sau|duoi day)\s*$")
_NARRATIVE = re.compile(
    r"^(?:tai (?:cuoc|phien|buoi) (?:hop|lam viec)|ngay \d|sau khi|"
    r"trong (?:quy|nam|thang|thoi gian qua)\b.*\bda\b)"
    r"|chu tri (?:cuoc hop|phien hop|buoi lam viec|hoi nghi)"
)
_OPINION = re.compile(
    r"^(?:co ban |tiep tuc |hoan toan )?(?:thong nhat|nhat tri|ghi nhan|danh gia cao|bieu duong|"
    r"hoan nghenh|ket luan|da nghe|quyet nghi|thong bao de|thong bao cho)"
)
# "…; định kỳ 6 tháng báo cáo kết quả": reporting on the same work, not another piece.
_REPORTS = re.compile(
    r"^(?:dinh ky |hang |moi )?(?:\d+ |sau )?(?:thang |quy |nam )?(?:gui )?bao cao ket qua"
)
_DEADLINE_ONLY = re.compile(r"^(?:thoi gian|thoi han|hoan thanh|tien do|san pham)\b")
_PAST = re.compile(r"^\s*(?:,\s*)?(?:đã|vừa)\s", re.IGNORECASE)
_CLOSING = re.compile(r"^(?:noi nhan|t/?m\b|tm\.|kt\.|q\. |bi thu|chu tich|giam doc)")
_ACTION = re.compile(
    r"\b(?:tham muu|xay dung|to chuc|trien khai|thuc hien|bao cao|hoan thanh|ra soat|"
    r"kiem tra|ban hanh|trinh|tong hop|theo doi|don doc|huong dan|chi dao|quan triet|"
    r"tuyen truyen|so ket|tong ket|lanh dao|chuan bi|nghien cuu|de xuat|cap nhat|bo tri|"
    r"kien toan|bo sung|sua doi|giam sat|danh gia|tiep tuc|day manh|nang cao|tang cuong|"
    r"phoi hop|phat trien|cai cach|ket nap|boi duong|dao tao|xu ly|thuc hien|duy tri|"
    r"mo|dang ky|nop|ho tro|tuyen truyen|giai quyet|khac phuc)\b"
)
_TITLE_LIMIT = 255


def _rank(paragraph: Paragraph) -> int:
    """Outline rank: 0 a section (roman, capitals), 1 "1.", 2 "1.1.", 3 "a)", 4 a dash."""
    label = paragraph.label
    if paragraph.level is not None:
        return 1 + 2 * paragraph.level
    if label is None:
        return 5
    if re.fullmatch(r"[IVX]+", label):
        return 0
    if re.fullmatch(r"\d+", label):
        return 1
    if re.fullmatch(r"\d+(?:\.\d+)+", label):
        return 2
    if re.fullmatch(r"[a-zđ]", label):
        return 3
    return 4


def _is_caps(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return len(letters) >= 4 and all(ch.isupper() for ch in letters)


@dataclass
class _Context:
    leads: list[Mention]
    co_owners: list[Mention]
    rank: int
    labelled: bool
    used: bool = False
    heading: Paragraph | None = None


@dataclass
class _Builder:
    directory: Directory
    issued_on: date | None
    issuer: Mention | None = None  # the issuing body, when the directory knows it
    tasks: list[ProposedTask] = field(default_factory=list)

    # -- owners -------------------------------------------------------------------------

    def owner(self, mention: Mention) -> OwnerRef:
        text = mention.text.strip(" ,.;:")
        return OwnerRef(mention.code, text, mention.collective)

    def emit(
        self,
        source: str,
        work: str,
        leads: list[Mention],
        co_owners: list[Mention],
        due: Due,
        base: float,
    ) -> None:
        title = _title(work or source)
        co = [self.owner(m) for m in co_owners]
        choices: list[Mention | None] = list(leads) or [None]
        for lead in choices:
            ref = self.owner(lead) if lead is not None else None
            confidence = base
            confidence += 0.1 if ref is not None and ref.code else 0.0
            confidence += 0.1 if due.kind != "unknown" else 0.0
            confidence -= 0.2 if ref is None else 0.0
            others = [c for c in co if ref is None or c.text != ref.text]
            task = ProposedTask(title, ref, others, due, source, max(0.1, min(0.99, confidence)))
            self.tasks.append(task)

    def attach(self, text: str) -> bool:
        """A clause that only gives the previous task its deadline or more detail."""
        if not self.tasks:
            return False
        task = self.tasks[-1]
        due, _ = find_deadline(text, self.issued_on)
        if task.due.kind == "unknown" and due.kind != "unknown":
            task.due = due
            task.confidence = min(0.99, task.confidence + 0.1)
        task.source = f"{task.source} {text}".strip()
        return True

    # -- paragraphs ---------------------------------------------------------------------

    def paragraph(
        self, text: str, context: _Context | None, *, item: bool, section_ok: bool
    ) -> None:
        """Tasks of one paragraph. ``item``: a list item under a heading (one piece of
        work, whatever its sentences)."""
        pending: tuple[str, str, Roles, Due] | None = None
        pieces: list[tuple[str, Roles]] = []
        for s_start, s_end in sentences(text):
            for c_start, c_end in clauses(text, s_start, s_end):
                clause = text[c_start:c_end].strip()
                pieces.append((clause, find_roles(clause, self.directory)))
        emitted_here = 0
        for clause, roles in pieces:
            folded = squeeze(clause)
            if _not_work(clause, folded):
                if pending:
                    self._flush(pending, context)
                    emitted_here += 1
                pending = None
                continue
            if roles.explicit and roles.leads:
                if pending:
                    self._flush(pending, context)
                    emitted_here += 1
                if _GOAL.match(folded) or _not_work(
                    clause[roles.work_start :], squeeze(clause[roles.work_start :])
                ):
                    pending = None
                    continue
                if not section_ok and not _explicit_assignment(clause):
                    pending = None
                    continue
                due, _ = find_deadline(clause, self.issued_on)
                pending = (clause, clause[roles.work_start :], roles, due)
                continue
            if pending is not None:
                src, work, proles, pdue = pending
                own, _ = find_deadline(clause, self.issued_on)
                if (
                    (
                        pdue.kind != "unknown"
                        or (own.kind == "recurring" and not _REPORTS.match(folded))
                    )
                    and own.kind != "unknown"
                    and own != pdue
                    and not (_DEADLINE_ONLY.match(folded))
                ):  # another piece of work for the same lead, with its own deadline or cadence
                    self._flush(pending, context)
                    emitted_here += 1
                    pending = (clause, clause, Roles(proles.leads, [], proles.explicit), own)
                    continue
                if pdue.kind == "unknown":
                    pdue = own
                extra = "" if _DEADLINE_ONLY.match(folded) else f" {clause}"
                proles.co_owners += [m for m in roles.co_owners if m not in proles.co_owners]
                pending = (f"{src} {clause}", work + extra if item else work, proles, pdue)
                continue
            if _DEADLINE_ONLY.match(folded) and self.tasks and (item or emitted_here):
                self.attach(clause)
                continue
            if _GOAL.match(folded):
                continue
            due, _ = find_deadline(clause, self.issued_on)
            if context is not None and section_ok:
                pending = (clause, clause[roles.work_start :], roles, due)
                continue
            if section_ok and item and self.issuer and _ACTION.match(folded):
                pending = (clause, clause, Roles([self.issuer], roles.co_owners, False), due)
                continue
            if section_ok and due.kind not in ("unknown",) and _ACTION.search(folded):
                pending = (clause, clause, roles, due)
                continue
        if pending:
            self._flush(pending, context)

    def _flush(self, pending: tuple[str, str, Roles, Due], context: _Context | None) -> None:
        source, work, roles, due = pending
        leads = roles.leads
        co = list(roles.co_owners)
        base = 0.75 if roles.explicit else 0.55
        if not leads and context is not None:
            leads = context.leads
            co = co + [m for m in context.co_owners if all(m.text != c.text for c in co)]
            base = 0.7
        if context is not None:
            context.used = True
        self.emit(source, work, leads, co, due, base)

    # -- tables -------------------------------------------------------------------------

    def table(self, table: Table, context: _Context | None) -> bool:
        columns = _columns(table.rows[0]) if table.rows else None
        if columns is None:
            return False
        content, lead_col, co_col, due_col = columns
        for row in table.rows[1:]:
            cells = row + [""] * (len(table.rows[0]) - len(row))
            text = cells[content].strip()
            if not text or (len({c.strip() for c in cells if c.strip()}) == 1 and len(cells) > 2):
                continue  # a group row ("I. Công tác tuyên truyền") spanning the table
            lead_text = cells[lead_col].strip() if lead_col is not None else ""
            leads = self._cell_owners(lead_text)
            co = self._cell_owners(cells[co_col]) if co_col is not None else []
            if not leads and context is not None:
                leads, co = context.leads, co or context.co_owners
            due = UNKNOWN
            if due_col is not None and cells[due_col].strip():
                due, _ = find_deadline(cells[due_col], self.issued_on, cell=True)
                if due.kind == "unknown":
                    due = Due("unknown", None, cells[due_col].strip())
            if due.kind == "unknown":
                found, _ = find_deadline(text, self.issued_on)
                due = found if found.kind != "unknown" else due
            if not leads and due.kind == "unknown" and not _ACTION.search(squeeze(text)):
                continue
            self.emit(text, text, leads, co, due, 0.8)
        return True

    def _cell_owners(self, text: str) -> list[Mention]:
        if not text.strip():
            return []
        mentions = self.directory.mentions(text)
        if mentions:
            return mentions
        return [Mention(0, len(text), text.strip(), None, None, 0.3)]


def _columns(header: list[str]) -> tuple[int, int | None, int | None, int | None] | None:
    folded = [squeeze(c) for c in header]
    content = lead = co = due = None
    for i, cell in enumerate(folded):
        if content is None and re.search(r"noi dung|nhiem vu|cong viec|hoat dong", cell):
            content = i
        elif (
            lead is None
            and re.search(r"chu tri|thuc hien|don vi|co quan|trach nhiem", cell)
            and "phoi hop" not in cell
        ):
            lead = i
        if co is None and "phoi hop" in cell:
            co = i
        if (
            due is None
            and re.search(r"thoi gian|thoi han|tien do|hoan thanh", cell)
            and i != content
        ):
            due = i
    if content is None or (lead is None and due is None):
        return None
    return content, lead, co, due


def _not_work(clause: str, folded: str) -> bool:
    """An introduction ("… như sau:"), an account of what happened, an opinion
    ("thống nhất với báo cáo") or a closing formula: nobody is given work."""
    bare = folded.rstrip(" .:;")
    return bool(
        _INTRO.search(bare)
        or _NARRATIVE.search(folded)
        or _OPINION.match(folded)
        or (re.search(r"\bda\b", folded) and not _explicit_assignment(clause))
        or _PAST.match(clause)
    )


def _explicit_assignment(clause: str) -> bool:
    return re.search(r"\b(?:chu tri|giao|de nghi|yeu cau|phan cong)\b", squeeze(clause)) is not None


def _title(work: str) -> str:
    text = re.split(
        r"[;,]?\s*(?:hoàn thành|thời gian hoàn thành|thời gian|thời hạn|tiến độ)\b",
        work,
        maxsplit=1,
        flags=re.IGNORECASE,
    )[0]
    text = text.strip(" ,;:.-–")
    text = re.sub(r"^(?:thực hiện|để)\s*:\s*", "", text, flags=re.IGNORECASE)
    if not text:
        text = work.strip(" ,;:.")
    text = text[:1].upper() + text[1:]
    if len(text) > _TITLE_LIMIT:
        text = text[: _TITLE_LIMIT - 1].rsplit(" ", 1)[0] + "…"
    return text


def propose_tasks(
    blocks: list[Block],
    start: int,
    directory: Directory,
    issued_on: date | None,
    issuer: str | None = None,
) -> list[ProposedTask]:
    """``issuer``: the issuing body's name; an unassigned item of its own resolution
    ("- Duy trì sinh hoạt chi bộ hằng tháng") is its own work."""
    code = directory.lookup(issuer) if issuer else None
    own = Mention(0, 0, directory.codes[code].name, code) if code else None
    builder = _Builder(directory, issued_on, own)
    context: _Context | None = None
    section_ok = True
    for block in blocks[start:]:
        if isinstance(block, Table):
            builder.table(block, context)
            continue
        if block.label is None:
            label, rest = split_label(block.text.strip())
            block = Paragraph(rest, label, block.level)
        text = block.text.strip()
        folded = squeeze(text)
        if _CLOSING.match(folded) and len(text) < 80:
            break
        rank = _rank(block)
        caps = _is_caps(text)
        if caps or rank == 0:
            if _SKIP_SECTIONS.search(folded) and not _WORK_SECTIONS.search(folded):
                section_ok = False
            else:
                section_ok = True
            _close(builder, context)
            context = None
            continue
        if context is not None:
            ends = rank <= context.rank if context.labelled else rank == 5
            if ends:
                _close(builder, context)
                context = None
        intro = _INTRO.search(folded.rstrip(" .:;"))
        roles = find_roles(text, directory) if text.endswith(":") and not intro else None
        if (
            roles is not None
            and roles.leads
            and (roles.explicit or is_only_owners(text[:-1], directory))
        ):
            context = _Context(roles.leads, roles.co_owners, rank, rank < 5, heading=block)
            continue
        if _DEADLINE_ONLY.match(folded) and builder.tasks and len(text) < 120:
            builder.attach(text)
            continue
        builder.paragraph(text, context, item=context is not None, section_ok=section_ok)
    _close(builder, context)
    return builder.tasks


def _close(builder: _Builder, context: _Context | None) -> None:
    """A heading with no items under it is a task itself ("Văn phòng chủ trì …:")."""
    heading = context.heading if context is not None else None
    if context is None or context.used or heading is None:
        return
    if not is_only_owners(heading.text.rstrip(":"), builder.directory):
        builder.paragraph(heading.text, None, item=False, section_ok=True)
