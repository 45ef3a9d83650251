"""Templates open with drop-downs and instructions, and import back with no edits."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from documents.duty_submissions import SUBMISSION_COLUMNS
from documents.templates import TASK_TEMPLATE_COLUMNS


def _validations(sheet: Any) -> dict[str, str]:
    """Column letter of each drop-down -> the list it offers."""
    found = {}
    for rule in sheet.data_validations.dataValidation:
        assert rule.type == "list"
        first = str(rule.sqref).split(":")[0]
        found["".join(ch for ch in first if ch.isalpha())] = rule.formula1
    return found


def _list(workbook: Any, formula: str) -> list[str]:
    sheet_name, cells = formula.lstrip("=").rsplit("!", 1)
    sheet = workbook[sheet_name.strip("'")]
    return [c[0].value for c in sheet[cells.replace("$", "")]]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_task_template_offers_the_directory_and_imports_as_is(
    dondoc: Callable[..., Any], tmp_path: Path, lang: str
) -> None:
    dondoc("demo", "load")
    path = tmp_path / "tasks.xlsx"
    dondoc("--lang", lang, "export", "template", str(path))
    workbook = load_workbook(path)
    sheet = workbook.worksheets[0]
    assert sheet.title == ("Nhiệm vụ" if lang == "vi" else "Tasks")
    assert sheet["A1"].value == (
        "Mẫu nhập danh sách nhiệm vụ" if lang == "vi" else "Task list template"
    )
    assert [c.value for c in sheet[4]] == [c.header(lang) for c in TASK_TEMPLATE_COLUMNS]
    example = {c.field: sheet.cell(5, i + 1).value for i, c in enumerate(TASK_TEMPLATE_COLUMNS)}
    assert example["lead"] == "CB01" and example["document_kind"] == (
        "Kế hoạch" if lang == "vi" else "Plan"
    )
    assert sheet.cell(5, 4).number_format == "DD/MM/YYYY"  # issued on: a real date cell
    drops = _validations(sheet)
    kinds, owners = _list(workbook, drops["A"]), _list(workbook, drops["I"])
    assert ("Nghị quyết" if lang == "vi" else "Resolution") in kinds and len(kinds) == 9
    assert {"CB01", "CB09", "DU-SHTT", "long.lh", "trang.nt"} <= set(owners)
    assert _list(workbook, drops["J"]) == owners  # co-owners: the same codes
    help_sheet = workbook[("Hướng dẫn" if lang == "vi" else "Instructions")]
    helped = {help_sheet.cell(r, 1).value: help_sheet.cell(r, 3).value for r in range(5, 30)}
    assert "|" in helped[("Gia hạn" if lang == "vi" else "Extensions")]
    result = dondoc("--lang", lang, "import", "tasks", str(path))
    assert "documents.created=1, tasks.created=1" in result.output


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_duty_submission_template_imports_as_is(
    dondoc: Callable[..., Any], tmp_path: Path, lang: str
) -> None:
    dondoc("demo", "load")
    path = tmp_path / "duties.xlsx"
    dondoc("--lang", lang, "export", "template", "--for", "duty-submissions", str(path))
    workbook = load_workbook(path)
    sheet = workbook.worksheets[0]
    assert sheet.title == ("Nộp báo cáo" if lang == "vi" else "Submissions")
    assert [c.value for c in sheet[4]] == [c.header(lang) for c in SUBMISSION_COLUMNS]
    drops = _validations(sheet)
    assert "CB05" in _list(workbook, drops["A"])
    assert {"BC-QUY", "SH-CHIBO"} <= set(_list(workbook, drops["B"]))
    assert "2024-Q2" in _list(workbook, drops["C"])
    assert "trang.nt" in _list(workbook, drops["F"])
    unit, duty, period = (sheet.cell(5, c).value for c in (1, 2, 3))
    assert (unit, duty, period) == ("CB01", "SH-CHIBO", "2024-01")  # the longest outstanding
    assert sheet.cell(5, 4).number_format == "DD/MM/YYYY"
    imported = dondoc("--lang", lang, "import", "duty-submissions", str(path)).output
    assert "submissions.created=1" in imported
    again = dondoc("--lang", lang, "import", "duty-submissions", str(path)).output
    nothing = "không có thay đổi" if lang == "vi" else "no changes"
    assert nothing in " ".join(again.split())  # re-import: nothing new


def test_directory_names_never_become_formulas(dondoc: Callable[..., Any], tmp_path: Path) -> None:
    dondoc("demo", "load")
    names = tmp_path / "names.yaml"
    names.write_text(
        "units:\n  - {code: CB10, name: \"=cmd|' /C calc'!A0\", kind: sub_branch,"
        " parent: DU-SHTT}\n",
        encoding="utf-8",
    )
    dondoc("import", "minutes", str(names))
    path = tmp_path / "t.xlsx"
    dondoc("export", "template", str(path))
    lists = load_workbook(path)["Danh mục"]
    (cell,) = [c for c in lists["C"] if c.value == "=cmd|' /C calc'!A0"]
    assert (cell.data_type, cell.quotePrefix) == ("s", True)
