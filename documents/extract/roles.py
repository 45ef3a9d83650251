"""Who leads and who co-operates in one clause, from the words around each name.

"X chủ trì", "Giao X", "Đề nghị X", "Yêu cầu X", "do X chủ trì" and a name that opens
the clause make X the lead; "phối hợp với Y, Z" and "cùng Y" make co-owners; a name
after "báo cáo", "trình", "gửi", "của", "cho" receives or owns something else and is
nobody's task owner. Names listed together ("X, Y và Z") share the role of the list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from documents.extract.folding import fold
from documents.extract.owners import Directory, Mention

_SEPARATOR = re.compile(r"^[\s,]*(?:(?:và)\s*,?\s*)*$", re.IGNORECASE)
_LEAD_AFTER = re.compile(
    r"^\s*,?\s*(?:là\s+(?:cơ quan|đơn vị)\s+)?(?:chủ trì|làm đầu mối|là đầu mối|"
    r"có trách nhiệm|chịu trách nhiệm|thường trực)",
    re.IGNORECASE,
)
_LEAD_BEFORE = re.compile(
    r"(?:^|[\s,;:(])(?:giao(?:\s+cho)?|đề nghị|yêu cầu|phân công|do|để|chỉ đạo|"
    r"giao nhiệm vụ cho)\s+(?:đồng chí\s+)?$",
    re.IGNORECASE,
)
_CO_BEFORE = re.compile(
    r"(?:phối hợp(?:\s+chặt chẽ)?(?:\s+với)?|cùng(?:\s+với)?|với sự phối hợp của|"
    r"sự tham gia của|và các|phối hợp với các)\s*$",
    re.IGNORECASE,
)
_RECIPIENT_BEFORE = re.compile(
    r"(?:báo cáo|trình|gửi(?:\s+về)?|xin ý kiến|của|cho|giúp|tham mưu cho|về|tại|theo|"
    r"thuộc|đến|đối với|giữa|lên|để|và)\s*(?:đồng chí\s+)?$",
    re.IGNORECASE,
)
_OPENING = re.compile(
    r"^\s*(?:[-–+•]\s*)?(?:riêng\s+|đối với\s+|đồng chí\s+|các đồng chí\s+)?$", re.IGNORECASE
)
_NOT_SUBJECT_AFTER = re.compile(r"^\s*(?:của|là|đã|được|thuộc|về|và)\b", re.IGNORECASE)


@dataclass
class Roles:
    leads: list[Mention] = field(default_factory=list)
    co_owners: list[Mention] = field(default_factory=list)
    explicit: bool = False  # the clause itself names its lead
    work_start: int = 0  # where the work begins, after the owners


def _groups(text: str, mentions: list[Mention]) -> list[list[Mention]]:
    groups: list[list[Mention]] = []
    for mention in mentions:
        if groups and _SEPARATOR.match(text[groups[-1][-1].end : mention.start]):
            groups[-1].append(mention)
        else:
            groups.append([mention])
    return groups


def find_roles(text: str, directory: Directory) -> Roles:
    """The roles in ``text`` (one clause or a heading)."""
    roles = Roles()
    mentions = directory.mentions(text)
    for group in _groups(text, mentions):
        start, end = group[0].start, group[-1].end
        before = text[:start]
        after = text[end:]
        head = before[-40:]
        if _CO_BEFORE.search(head):
            if not roles.co_owners or roles.leads:
                roles.co_owners += group
            roles.work_start = max(roles.work_start, end)
            continue
        lead_marked = _LEAD_AFTER.match(after) or _LEAD_BEFORE.search(head)
        opening = _OPENING.match(before) and not _NOT_SUBJECT_AFTER.match(after)
        if lead_marked and not roles.leads:
            roles.leads = group
            roles.explicit = True
            found = _LEAD_AFTER.match(after)
            roles.work_start = end + (found.end() if found else 0)
            continue
        if opening and not roles.leads:
            roles.leads = group
            roles.explicit = True
            roles.work_start = end
            continue
        if _RECIPIENT_BEFORE.search(head):
            continue
    return roles


def is_only_owners(text: str, directory: Directory) -> bool:
    """A heading that names its addressees and nothing else ("1. Giao Ban Tuyên giáo:",
    "Văn phòng Đảng ủy chủ trì, phối hợp với các chi bộ:")."""
    mentions = directory.mentions(text)
    if not mentions:
        return False
    rest = fold(text)
    for mention in mentions:
        rest = rest[: mention.start] + " " * (mention.end - mention.start) + rest[mention.end :]
    leftover = re.sub(
        r"\b(?:giao(?: cho)?|doi voi|de nghi|yeu cau|phan cong|chu tri|phoi hop(?: voi)?|va|cung"
        r"|dong chi|cac|nhiem vu|thuc hien|theo chuc nang nhiem vu(?: duoc giao)?"
        r"|co trach nhiem)\b",
        " ",
        rest,
    )
    return not leftover.strip()
