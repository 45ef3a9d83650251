"""Located problems in an input file: which file, which line or row, which field."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from models.i18n import Term, register, t


@dataclass(frozen=True)
class Where:
    """A place in a file: ``line`` for YAML, ``row`` for spreadsheets."""

    file: str
    kind: str  # "line" | "row"
    number: int
    fields: dict[str, int] = field(default_factory=dict)  # YAML: the line of each key
    columns: dict[str, str] = field(default_factory=dict)  # spreadsheets: field -> header

    def number_of(self, field_name: str) -> int:
        return self.fields.get(field_name, self.number)


@dataclass(frozen=True)
class Outcome:
    """What one record of a file does when imported: ``new``, ``changed`` or
    ``unchanged`` (a preview lists these before anything is committed)."""

    where: Where
    entity: str  # "units", "people", "meetings", "documents", "tasks", "duties", "submissions"
    state: str  # "new" | "changed" | "unchanged"
    label: str  # the record's code, ref or title, as the file gives it


@dataclass(frozen=True)
class Problem:
    where: Where
    field: str
    key: str
    params: dict[str, Any]

    def parts(self, lang: str) -> tuple[str, str, str]:
        """The place ("hàng 7"), the field as the file names it, and the message: the
        three columns a page shows, the same words as ``render``."""
        where = self.where
        place = t(f"where.{where.kind}", lang, n=where.number_of(self.field))
        column = where.columns.get(self.field, self.field)
        if self.key == "domain":  # a refusal from the task lifecycle, already a TrackerError
            message = self.params["error"].render(lang)
        else:
            params = {
                k: t(f"where.{v.kind}", lang, n=v.number) if isinstance(v, Where) else shown(v)
                for k, v in self.params.items()
            }
            message = t(f"problem.{self.key}", lang, **params)
        return place, column, message

    def render(self, lang: str) -> str:
        place, column, message = self.parts(lang)
        return t(
            "where.problem", lang, file=self.where.file, place=place, field=column, message=message
        )


SHOWN_CHARS = 80


def shown(value: Any) -> Any:
    """A value quoted back to the user: control characters visible, long texts cut short.

    A refused cell may hold a megabyte or a terminal escape sequence; neither belongs
    in the message that explains the refusal.
    """
    if not isinstance(value, str) or isinstance(value, Term):  # a Term is translated later
        return value
    text = value if len(value) <= SHOWN_CHARS else value[: SHOWN_CHARS - 1] + "…"
    return "".join(ch if ch.isprintable() or ch == " " else f"\\u{ord(ch):04x}" for ch in text)


class ImportFailed(Exception):
    def __init__(self, file: str, problems: list[Problem]) -> None:
        super().__init__(f"{file}: {len(problems)} problem(s)")
        self.file = file
        self.problems = problems

    def render(self, lang: str) -> str:
        head = t("import.failed", lang, file=self.file, count=len(self.problems))
        return "\n".join([head, *(f"  - {p.render(lang)}" for p in self.problems)])


def date_problem_params(key: str, value: object) -> dict[str, Any]:
    return {"value": value, "reason": Term(key)}


register(
    {
        "import.failed": {
            "vi": "Không nhập {file}: {count} lỗi, không ghi gì vào cơ sở dữ liệu.",
            "en": "Did not import {file}: {count} error(s); nothing was written.",
        },
        "where.line": {"vi": "dòng {n}", "en": "line {n}"},
        "where.row": {"vi": "hàng {n}", "en": "row {n}"},
        "where.problem": {
            "vi": "{file}, {place}, trường «{field}»: {message}",
            "en": "{file}, {place}, field «{field}»: {message}",
        },
        "problem.date": {"vi": "«{value}»: {reason}", "en": "«{value}»: {reason}"},
        "problem.missing": {"vi": "thiếu giá trị bắt buộc", "en": "a required value is missing"},
        "problem.missing_lead": {
            "vi": "nhiệm vụ phải có đúng một đơn vị hoặc người chủ trì",
            "en": "a task needs exactly one lead unit or person",
        },
        "problem.bad_choice": {
            "vi": "«{value}» không hợp lệ; chọn một trong: {choices}",
            "en": "«{value}» is not allowed; choose one of: {choices}",
        },
        "problem.bad_number": {
            "vi": "«{value}» phải là số nguyên từ {low} đến {high}",
            "en": "«{value}» must be a whole number from {low} to {high}",
        },
        "problem.duplicate_document": {
            "vi": "văn bản số «{number}» của «{body}» đã có ở {first}",
            "en": "document «{number}» of «{body}» already appears at {first}",
        },
        "problem.duplicate_task": {
            "vi": "nhiệm vụ «{ref}» đã có trong văn bản này ở {first}",
            "en": "task «{ref}» already appears in this document at {first}",
        },
        "problem.duplicate_code": {
            "vi": "mã «{code}» đã được khai báo ở {first}",
            "en": "the code «{code}» was already declared at {first}",
        },
        "problem.missing_column": {
            "vi": "thiếu cột bắt buộc",
            "en": "a required column is missing",
        },
        "problem.not_a_mapping": {
            "vi": "cần một bảng khóa: giá trị",
            "en": "expected a mapping of key: value",
        },
        "problem.not_a_list": {"vi": "cần một danh sách", "en": "expected a list"},
        "problem.unknown_key": {
            "vi": "khóa không nhận ra; các khóa hợp lệ: {keys}",
            "en": "unrecognised key; valid keys: {keys}",
        },
        "problem.syntax": {"vi": "lỗi cú pháp: {detail}", "en": "syntax error: {detail}"},
        "problem.unreadable": {
            "vi": "không đọc được tệp: {detail}",
            "en": "cannot read the file: {detail}",
        },
        "problem.yaml_alias": {
            "vi": "không dùng neo, bí danh hay khóa gộp YAML (&, *, <<); hãy ghi đầy đủ",
            "en": "YAML anchors, aliases and merge keys (&, *, <<) are not allowed; write it out",
        },
        "problem.yaml_depth": {
            "vi": "lồng nhau quá {limit} cấp",
            "en": "nested deeper than {limit} levels",
        },
        "problem.yaml_nodes": {
            "vi": "quá {limit} giá trị trong một tệp; hãy chia nhỏ tệp",
            "en": "more than {limit} values in one file; split the file",
        },
        "problem.yaml_key": {
            "vi": "khóa phải là một chữ đơn giản",
            "en": "a key must be plain text",
        },
        "problem.yaml_value": {
            "vi": "giá trị không đọc được (số quá dài?)",
            "en": "a value that cannot be read (a number too long?)",
        },
        "problem.duplicate_key": {
            "vi": "khóa này đã có ở dòng {first} của cùng bảng",
            "en": "this key already appears on line {first} of the same mapping",
        },
        "problem.file_too_big": {
            "vi": "tệp lớn hơn {limit} byte",
            "en": "the file is larger than {limit} bytes",
        },
        "problem.raw_control": {
            "vi": "tệp chứa ký tự điều khiển {code}",
            "en": "the file holds the control character {code}",
        },
        "problem.not_a_scalar": {
            "vi": "cần một giá trị đơn (chữ, số hoặc ngày), không phải bảng hay danh sách",
            "en": "expected a single value (text, number or date), not a mapping or a list",
        },
        "problem.control_char": {
            "vi": "chứa ký tự điều khiển {code} ở vị trí {position}",
            "en": "holds the control character {code} at position {position}",
        },
        "problem.too_long": {
            "vi": "dài {length} ký tự; tối đa {limit}",
            "en": "is {length} characters long; at most {limit}",
        },
        "problem.too_many_rows": {
            "vi": "bảng có hơn {limit} hàng (khai báo hoặc thực tế); hãy chia nhỏ tệp",
            "en": "the sheet has more than {limit} rows (declared or actual); split the file",
        },
        "problem.too_many_columns": {
            "vi": "bảng có hơn {limit} cột",
            "en": "the sheet has more than {limit} columns",
        },
        "problem.unpacked_too_big": {
            "vi": "tệp XLSX giải nén ra hơn {limit} byte",
            "en": "the XLSX file unpacks to more than {limit} bytes",
        },
        "problem.not_xlsx": {
            "vi": "không phải tệp XLSX hợp lệ (hỏng hoặc bị cắt): {detail}",
            "en": "not a valid XLSX file (damaged or truncated): {detail}",
        },
        "problem.xml_doctype": {
            "vi": "tệp XLSX chứa khai báo DOCTYPE/ENTITY, không được phép",
            "en": "the XLSX file holds a DOCTYPE/ENTITY declaration, which is not allowed",
        },
        "problem.bad_cell": {
            "vi": "ô không đọc được: {detail}",
            "en": "a cell that cannot be read: {detail}",
        },
        "problem.field_too_long": {
            "vi": "một ô dài hơn {limit} ký tự",
            "en": "a cell is longer than {limit} characters",
        },
    }
)
