"""The draft written out: JSON (a stable interface), text for people, and a minutes
file that ``dondoc import minutes`` reads once a person has checked it.

The minutes file states what could not be decided rather than guessing: an unmatched
lead is written ``lead: null`` with the text it came from in a comment, so the
all-or-nothing import refuses the file, naming the line, until someone fills it in.
A period deadline becomes the period's last day, a relative one stays relative
(``+10 working days``, counted from the issue date by the importer), a standing task
has none, and a recurring duty with known owers is proposed under ``duties:``.
"""

from __future__ import annotations

import json
from typing import Any

from documents.extract.draft import Draft, OwnerRef, ProposedTask
from documents.extract.folding import squeeze
from models.i18n import register, t
from models.periods import parse_period

_PRESETS = {
    "monthly": "decree09-monthly",
    "quarterly": "decree09-quarterly",
    "half_yearly": "decree09-half-yearly",
    "annual": "decree09-annual",
}


def to_json(draft: Draft) -> str:
    return json.dumps(draft.as_json(), ensure_ascii=False, indent=2)


def _q(value: Any) -> str:
    """A YAML scalar: JSON's double-quoted strings are valid YAML."""
    if value is None:
        return "null"
    return json.dumps(str(value), ensure_ascii=False)


def _comment(text: str) -> str:
    return " ".join(text.split())


def _owner_words(owner: OwnerRef | None, lang: str) -> str:
    if owner is None:
        return "—"
    return (
        f"{owner.text} ({owner.code})"
        if owner.code
        else f"{owner.text} ({t('extract.unmatched', lang)})"
    )


def _due_words(task: ProposedTask, lang: str) -> str:
    due = task.due
    if due.kind == "unknown":
        return t("extract.due.unknown", lang, text=due.text or "—")
    return t(f"extract.due.{due.kind}", lang, value=due.value or "", text=due.text or "")


def to_text(draft: Draft, lang: str) -> str:
    doc = draft.document
    lines = [
        t("extract.head", lang, file=draft.file, count=len(draft.tasks)),
        t(
            "extract.document",
            lang,
            kind=doc.kind or "?",
            number=doc.number or "?",
            body=doc.issuing_body or "?",
            date=doc.issued_on.strftime("%d/%m/%Y") if doc.issued_on else "?",
        ),
        f"  {doc.title or ''}",
    ]
    if draft.legacy_encoding:
        lines.append(t("extract.legacy", lang, encoding=draft.legacy_encoding.upper()))
    for number, task in enumerate(draft.tasks, start=1):
        co = ", ".join(_owner_words(c, lang) for c in task.co_owners) or "—"
        lines += [
            "",
            f"{number}. {task.title}",
            "   " + t("extract.lead", lang, owner=_owner_words(task.lead, lang)),
            "   " + t("extract.co_owners", lang, owners=co),
            "   "
            + t(
                "extract.due", lang, due=_due_words(task, lang), confidence=f"{task.confidence:.2f}"
            ),
            "   " + t("extract.source", lang, source=task.source),
        ]
    lines += ["", t("extract.never_written", lang)]
    return "\n".join(lines)


def _duty_code(draft: Draft, number: int) -> str:
    base = "-".join(squeeze(draft.document.number or "draft").upper().split())
    return f"{base}-{number}"[:60]


def to_minutes(draft: Draft, lang: str = "vi", first_ref: int = 1) -> str:
    """The draft as a minutes file (YAML), comments in ``lang``; tasks numbered from
    ``first_ref`` (after the tasks a document on record already has)."""
    doc = draft.document
    out = [
        "# " + t("extract.yaml.head", lang, file=_comment(draft.file)),
        "# " + t("extract.yaml.check", lang),
        "documents:",
        f"  - kind: {_q(doc.kind)}",
        f"    number: {_q(doc.number)}",
        f"    issuing_body: {_q(doc.issuing_body)}",
        f"    issued_on: {_q(doc.issued_on.isoformat() if doc.issued_on else None)}",
        f"    title: {_q(doc.title)}",
        "    tasks:",
    ]
    duties: list[str] = []
    ref = first_ref - 1
    for number, task in enumerate(draft.tasks, start=1):
        owers = _owers(task)
        if task.due.kind == "recurring" and owers is not None:
            duties += _duty(draft, number, task, owers, lang)
            continue
        ref += 1
        out += _task(ref, task, lang)
    if ref == first_ref - 1:
        out[-1] = "    tasks: []"
    if duties:
        out += ["duties:", *duties]
    return "\n".join(out) + "\n"


def _owers(task: ProposedTask) -> str | None:
    lead = task.lead
    if lead is None:
        return None
    if lead.code:
        return f"owed_by: [{_q(lead.code)}]"
    if lead.collective:
        return f"owed_by_kind: {lead.collective}"
    return None


def _task(ref: int, task: ProposedTask, lang: str) -> list[str]:
    lines = [f'      - ref: "{ref}"', f"        title: {_q(task.title)}"]
    lead = task.lead
    if lead is not None and lead.code:
        lines.append(f"        lead: {_q(lead.code)}  # {_comment(lead.text)}")
    else:
        shown = _comment(lead.text) if lead else "—"
        lines.append(f"        lead: null  # {t('extract.yaml.no_lead', lang, text=shown)}")
    matched = [c for c in task.co_owners if c.code]
    unmatched = [c for c in task.co_owners if not c.code]
    codes = ", ".join(_q(c.code) for c in matched)
    line = f"        co_owners: [{codes}]"
    if unmatched:
        names = "; ".join(_comment(c.text) for c in unmatched)
        line += "  # " + t("extract.yaml.unmatched", lang, names=names)
    lines.append(line)
    due = task.due
    text = _comment(due.text or "")
    if due.kind == "date":
        lines.append(f"        deadline: {_q(due.value)}  # {text}")
    elif due.kind == "period" and due.value:
        end = parse_period(due.value).end.isoformat()
        lines.append(f"        deadline: {_q(end)}  # {text} ({due.value})")
    elif due.kind == "relative":
        lines.append(f"        deadline: {_q(due.value)}  # {text}")
    else:
        lines.append(
            "        # " + t(f"extract.yaml.{due.kind}", lang, text=text, value=due.value or "")
        )
    lines.append(f"        description: {_q(task.source)}")
    return lines


def _duty(draft: Draft, number: int, task: ProposedTask, owers: str, lang: str) -> list[str]:
    issued = draft.document.issued_on
    return [
        f"  - code: {_q(_duty_code(draft, number))}  # {_comment(task.due.text or '')}",
        f"    title: {_q(task.title)}",
        "    kind: report",
        f"    {owers}",
        f"    preset: {_PRESETS[task.due.value or 'quarterly']}",
        f"    starts_on: {_q(issued.isoformat() if issued else None)}",
        f"    description: {_q(task.source)}",
    ]


register(
    {
        "extract.head": {
            "vi": "Bản nháp trích từ «{file}»: {count} nhiệm vụ đề xuất.",
            "en": "Draft read from «{file}»: {count} proposed tasks.",
        },
        "extract.document": {
            "vi": "Văn bản: {kind} số {number} của {body}, ngày {date}",
            "en": "Document: {kind} no. {number} by {body}, dated {date}",
        },
        "extract.legacy": {
            "vi": "(Đã chuyển từ phông chữ cũ {encoding} sang Unicode.)",
            "en": "(Converted from the legacy {encoding} font encoding to Unicode.)",
        },
        "extract.unmatched": {"vi": "chưa khớp danh bạ", "en": "not in the directory"},
        "extract.lead": {"vi": "Chủ trì: {owner}", "en": "Lead: {owner}"},
        "extract.co_owners": {"vi": "Phối hợp: {owners}", "en": "Co-owners: {owners}"},
        "extract.due": {
            "vi": "Thời hạn: {due} · độ tin cậy {confidence}",
            "en": "Deadline: {due} · confidence {confidence}",
        },
        "extract.source": {"vi": "Nguồn: «{source}»", "en": "Source: «{source}»"},
        "extract.due.date": {"vi": "{value} («{text}»)", "en": "{value} («{text}»)"},
        "extract.due.period": {"vi": "kỳ {value} («{text}»)", "en": "period {value} («{text}»)"},
        "extract.due.relative": {"vi": "{value} («{text}»)", "en": "{value} («{text}»)"},
        "extract.due.standing": {
            "vi": "thường xuyên («{text}»)",
            "en": "standing («{text}»)",
        },
        "extract.due.recurring": {
            "vi": "định kỳ {value} («{text}»)",
            "en": "recurring {value} («{text}»)",
        },
        "extract.due.unknown": {"vi": "chưa rõ ({text})", "en": "unknown ({text})"},
        "extract.never_written": {
            "vi": "Chưa ghi gì vào cơ sở dữ liệu. Lưu bản nháp bằng -o draft.yaml, kiểm tra,"
            " rồi nhập bằng «dondoc import minutes draft.yaml».",
            "en": "Nothing was written to the database. Save the draft with -o draft.yaml,"
            " check it, then import it with «dondoc import minutes draft.yaml».",
        },
        "extract.written": {
            "vi": "Đã ghi bản nháp {count} nhiệm vụ vào {path}; kiểm tra rồi nhập bằng"
            " «dondoc import minutes {path}».",
            "en": "Wrote the draft ({count} tasks) to {path}; check it, then import it with"
            " «dondoc import minutes {path}».",
        },
        "extract.yaml.head": {
            "vi": "Bản nháp trích tự động từ «{file}» (dondoc extract).",
            "en": "Draft read automatically from «{file}» (dondoc extract).",
        },
        "extract.yaml.check": {
            "vi": "Kiểm tra từng nhiệm vụ, điền mã đơn vị còn thiếu, rồi: dondoc import minutes"
            " <tệp này>",
            "en": "Check every task, fill in the missing unit codes, then: dondoc import minutes"
            " <this file>",
        },
        "extract.yaml.no_lead": {
            "vi": "CẦN ĐIỀN mã đơn vị chủ trì («{text}» chưa khớp danh bạ)",
            "en": "FILL IN the lead's code («{text}» is not in the directory)",
        },
        "extract.yaml.unmatched": {
            "vi": "chưa khớp danh bạ: {names}",
            "en": "not in the directory: {names}",
        },
        "extract.yaml.standing": {
            "vi": "thường xuyên, không có thời hạn («{text}»)",
            "en": "standing, no deadline («{text}»)",
        },
        "extract.yaml.recurring": {
            "vi": "định kỳ {value} («{text}»): chưa rõ đơn vị phải nộp, hãy ghi thành nghĩa vụ"
            " báo cáo (duties) nếu cần",
            "en": "recurring {value} («{text}»): who owes it is unclear; write it as a reporting"
            " duty (duties) if needed",
        },
        "extract.yaml.unknown": {
            "vi": "thời hạn chưa rõ{text}: điền deadline nếu có",
            "en": "deadline unclear{text}: fill in deadline if there is one",
        },
    }
)
