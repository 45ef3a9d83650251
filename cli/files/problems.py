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
class Problem:
    where: Where
    field: str
    key: str
    params: dict[str, Any]

    def render(self, lang: str) -> str:
        where = self.where
        place = t(f"where.{where.kind}", lang, n=where.number_of(self.field))
        column = where.columns.get(self.field, self.field)
        if self.key == "domain":  # a refusal from the task lifecycle, already a TrackerError
            message = self.params["error"].render(lang)
        else:
            params = {
                k: t(f"where.{v.kind}", lang, n=v.number) if isinstance(v, Where) else v
                for k, v in self.params.items()
            }
            message = t(f"problem.{self.key}", lang, **params)
        return t("where.problem", lang, file=where.file, place=place, field=column, message=message)


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
        "problem.unknown_owner": {
            "vi": "không có đơn vị hay người nào mã «{code}»",
            "en": "no unit or person has the code «{code}»",
        },
        "problem.ambiguous_owner": {
            "vi": "«{code}» vừa là mã đơn vị vừa là mã người; ghi unit:{code} hoặc person:{code}",
            "en": "«{code}» is both a unit and a person code; write unit:{code} or person:{code}",
        },
        "problem.unknown_unit": {
            "vi": "không có đơn vị nào mã «{code}»",
            "en": "no unit has the code «{code}»",
        },
        "problem.unknown_person": {
            "vi": "không có người nào mã «{code}»",
            "en": "no person has the code «{code}»",
        },
        "problem.bad_choice": {
            "vi": "«{value}» không hợp lệ; chọn một trong: {choices}",
            "en": "«{value}» is not allowed; choose one of: {choices}",
        },
        "problem.bad_number": {
            "vi": "«{value}» phải là số nguyên từ {low} đến {high}",
            "en": "«{value}» must be a whole number from {low} to {high}",
        },
        "problem.deadline_before_issue": {
            "vi": "thời hạn {deadline} trước ngày ban hành văn bản {issued}",
            "en": "deadline {deadline} is before the document's issue date {issued}",
        },
        "problem.deadline_before_start": {
            "vi": "thời hạn {deadline} trước ngày bắt đầu {start}",
            "en": "deadline {deadline} is before the start date {start}",
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
        "problem.unknown_document": {
            "vi": "văn bản «{number}» chưa có; cần thêm loại, ngày ban hành",
            "en": "document «{number}» is new: its kind and issue date are needed",
        },
        "problem.extended_deadline_changed": {
            "vi": "nhiệm vụ đã được gia hạn; thời hạn ban đầu không sửa qua nhập tệp",
            "en": "the task has extensions; its original deadline cannot change by import",
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
        "problem.bad_rrule": {
            "vi": "RRULE không hợp lệ: {detail}",
            "en": "not a valid RRULE: {detail}",
        },
        "problem.syntax": {"vi": "lỗi cú pháp: {detail}", "en": "syntax error: {detail}"},
        "problem.unreadable": {
            "vi": "không đọc được tệp: {detail}",
            "en": "cannot read the file: {detail}",
        },
        "problem.cycle": {
            "vi": "đơn vị «{code}» nằm trong một vòng lặp cấp trên",
            "en": "unit «{code}» is in a cycle of parents",
        },
    }
)
