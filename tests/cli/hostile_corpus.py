"""A corpus of hostile and broken import files, generated (the big ones are tiny zips).

Each case names the file, the command that reads it, and what the refusal must name:
the field, the line or row when it is known, and the catalog text that says why.
Classes: resource exhaustion (aliases, nesting, node count, size, declared and actual
sheet dimensions, zip bombs, entity expansion), tracebacks turned into messages (NUL and
control characters, dates past 9999, huge numbers, csv field limit, broken zips),
silent acceptance (duplicate keys, mappings or lists where one value belongs) and
recipient forging (several addresses, header or URL parameters in one contact).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook


@dataclass(frozen=True)
class Case:
    name: str  # also the file name
    command: str  # "minutes" | "tasks"
    build: Callable[[], bytes]
    key: str  # catalog key of the expected problem ("problem.x" or "error.x")
    field: str = "(file)"
    place: int | None = None  # the line (YAML) or row (spreadsheet) the message names


MINUTES = """\
units:
  - {code: DU, name: Đảng ủy, kind: committee}
people:
  - {code: long, name: Long, unit: DU, email: EMAIL, chat: {telegram: "CHAT"}}
documents:
  - kind: resolution
    number: 01-NQ
    issuing_body: Đảng ủy
    issued_on: ISSUED
    title: NQ
    tasks:
      - ref: "1"
        title: TITLE
        lead: DU
        deadline: DEADLINE
        progress: PROGRESS
"""
TITLE_LINE, DEADLINE_LINE, PERSON_LINE = 13, 15, 4


def minutes(
    title: str = "Xử lý đơn",
    deadline: str = "2024-12-31",
    email: str = "long@example.vn",
    chat: str = "42",
    issued: str = "2024-02-05",
    progress: str = "10",
) -> Callable[[], bytes]:
    def build() -> bytes:
        text = (
            MINUTES.replace("TITLE", title)
            .replace("DEADLINE", deadline)
            .replace("EMAIL", email)
            .replace("CHAT", chat)
            .replace("ISSUED", issued)
            .replace("PROGRESS", progress)
        )
        return text.encode("utf-8")

    return build


def text(value: str) -> Callable[[], bytes]:
    return lambda: value.encode("utf-8")


def raw(value: bytes) -> Callable[[], bytes]:
    return lambda: value


def _laughs(levels: int, width: int = 9) -> str:
    lines = ['a0: &a0 ["lol"]']
    for i in range(1, levels):
        refs = ", ".join([f"*a{i - 1}"] * width)
        lines.append(f"a{i}: &a{i} [{refs}]")
    return "\n".join(lines) + "\n"


def _co_owner_bomb() -> str:
    # The co-owner list of every task refers to one big list many times over.
    lines = ["x0: &x0 [DU, DU, DU, DU, DU, DU, DU, DU, DU, DU]"]
    for i in range(1, 8):
        lines.append(f"x{i}: &x{i} [{', '.join([f'*x{i - 1}'] * 10)}]")
    head = "\n".join(lines)
    return head + "\n" + MINUTES.replace("lead: DU", "lead: DU\n        co_owners: *x7")


def _nested_flow(depth: int) -> str:
    return "units: " + "[" * depth + "]" * depth + "\n"


def _nested_block(depth: int) -> str:
    return "".join(f"{'  ' * i}k{i}:\n" for i in range(depth)) + "  " * depth + "v\n"


CSV_HEADER = "Số văn bản,Cơ quan ban hành,Loại văn bản,Ngày ban hành,STT,Nhiệm vụ,Chủ trì,Thời hạn"


def csv_row(
    title: str = "Xử lý đơn", deadline: str = "31/12/2024", issued: str = "05/02/2024"
) -> Callable[[], bytes]:
    row = f"01-NQ,Đảng ủy,resolution,{issued},1,{title},DU,{deadline}"
    return lambda: f"{CSV_HEADER}\n{row}\n".encode()


def _csv_rows(rows: int, columns: int = 8) -> bytes:
    line = ",".join(["x"] * columns)
    return (CSV_HEADER + "\n" + "\n".join([line] * rows) + "\n").encode()


def _xlsx(rows: list[list[object]] | None = None) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(CSV_HEADER.split(","))
    for row in rows or [["01-NQ", "Đảng ủy", "resolution", "05/02/2024", "1", "T", "DU", ""]]:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _rezip(data: bytes, change: Callable[[str, bytes], bytes]) -> bytes:
    """A copy of an XLSX with some members rewritten."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            dst.writestr(info.filename, change(info.filename, src.read(info)), zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _sheet(data: bytes, change: Callable[[str], str]) -> bytes:
    def edit(name: str, body: bytes) -> bytes:
        if name == "xl/worksheets/sheet1.xml":
            return change(body.decode()).encode()
        return body

    return _rezip(data, edit)


def _declared(ref: str) -> Callable[[], bytes]:
    def build() -> bytes:
        import re

        return _sheet(
            _xlsx(),
            lambda xml: re.sub(r'<dimension ref="[^"]*" ?/>', f'<dimension ref="{ref}"/>', xml),
        )

    return build


def _far_row() -> bytes:
    # No dimension, and one cell on the last row Excel allows: the gap is five million
    # rows of nothing that a naive reader fills in.
    def change(xml: str) -> str:
        import re

        xml = re.sub(r"<dimension [^>]*/>", "", xml)
        return xml.replace(
            "</sheetData>",
            '<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>x</t></is></c></row>'
            "</sheetData>",
        )

    return _sheet(_xlsx(), change)


def _far_column() -> bytes:
    def change(xml: str) -> str:
        import re

        xml = re.sub(r"<dimension [^>]*/>", "", xml)
        return xml.replace(
            "</row></sheetData>",
            '<c r="XFD2" t="inlineStr"><is><t>x</t></is></c></row></sheetData>',
        )

    return _sheet(_xlsx(), change)


def _zip_bomb() -> bytes:
    def change(name: str, body: bytes) -> bytes:
        if name == "xl/worksheets/sheet1.xml":
            return body.replace(b"</worksheet>", b"<!--" + b" " * 80_000_000 + b"--></worksheet>")
        return body

    return _rezip(_xlsx(), change)


def _entities() -> bytes:
    laughs = "".join(f'<!ENTITY l{i} "{("&l" + str(i - 1) + ";") * 10}">' for i in range(1, 10))

    def change(xml: str) -> str:
        doctype = f'<!DOCTYPE worksheet [<!ENTITY l0 "lol">{laughs}]>'
        return doctype + xml.replace(">T<", ">&l9;<")

    return _sheet(_xlsx([["01-NQ", "Đảng ủy", "resolution", "05/02/2024", "1", "T", "DU"]]), change)


def _date_cell_overflow() -> bytes:
    def change(xml: str) -> str:
        # a number cell styled as a date (style 1 is a date format openpyxl wrote for us)
        return xml.replace(
            "</row></sheetData>", '<c r="H2" s="1"><v>3000000</v></c></row></sheetData>'
        )

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(CSV_HEADER.split(","))
    from datetime import date

    sheet.append(["01-NQ", "Đảng ủy", "resolution", date(2024, 2, 5), "1", "T", "DU"])
    out = io.BytesIO()
    book.save(out)
    return _sheet(out.getvalue(), change)


def _bad_xml() -> bytes:
    return _sheet(_xlsx(), lambda xml: xml.replace("</sheetData>", "<row><c></sheetData>"))


CASES: list[Case] = [
    # -- YAML: resource exhaustion ---------------------------------------------------------
    Case("laughs.yaml", "minutes", text(_laughs(9)), "problem.yaml_alias", place=1),
    Case("laughs-deep.yaml", "minutes", text(_laughs(30, 30)), "problem.yaml_alias", place=1),
    Case("co-owner-bomb.yaml", "minutes", text(_co_owner_bomb()), "problem.yaml_alias", place=1),
    Case(
        "one-alias.yaml",
        "minutes",
        text("units:\n  - &u {code: DU, name: D}\n  - *u\n"),
        "problem.yaml_alias",
        place=2,
    ),
    Case(
        "merge-key.yaml",
        "minutes",
        text("units:\n  - {<<: {code: DU}, name: D}\n"),
        "problem.yaml_key",
        place=2,
    ),
    Case("nested-flow.yaml", "minutes", text(_nested_flow(50_000)), "problem.yaml_depth", place=1),
    Case("nested-block.yaml", "minutes", text(_nested_block(500)), "problem.yaml_depth"),
    Case(
        "many-nodes.yaml",
        "minutes",
        text("units: [" + "1," * 25_000 + "1]\n"),
        "problem.yaml_nodes",
        place=1,
    ),
    Case(
        "too-big.yaml",
        "minutes",
        text("# " + "x" * 300_000 + "\n"),
        "problem.file_too_big",
        place=1,
    ),
    Case(
        "huge-int.yaml", "minutes", minutes(progress="9" * 50_000), "problem.yaml_value", place=16
    ),
    # -- YAML: characters that crashed or were stored silently ----------------------------
    Case(
        "raw-nul.yaml",
        "minutes",
        raw(minutes(title="Xử\x00lý")()),
        "problem.raw_control",
        field="title",
        place=TITLE_LINE,
    ),
    Case(
        "raw-escape.yaml",
        "minutes",
        raw(minutes(title="a\x1b[31mb")()),
        "problem.raw_control",
        field="title",
        place=TITLE_LINE,
    ),
    Case(
        "escaped-nul.yaml",
        "minutes",
        minutes(title='"Xử\\0lý"'),
        "problem.control_char",
        field="title",
        place=TITLE_LINE,
    ),
    Case(
        "escaped-bell.yaml",
        "minutes",
        minutes(title='"a\\x07b"'),
        "problem.control_char",
        field="title",
        place=TITLE_LINE,
    ),
    Case(
        "bidi-override.yaml",
        "minutes",
        minutes(title='"abc\\u202Efdp.exe"'),
        "problem.control_char",
        field="title",
        place=TITLE_LINE,
    ),
    Case(
        "line-separator.yaml",
        "minutes",
        minutes(title='"a\\u2028b"'),
        "problem.control_char",
        field="title",
        place=TITLE_LINE,
    ),
    Case(
        "c1-control.yaml",
        "minutes",
        minutes(title='"a\\x9bb"'),
        "problem.control_char",
        field="title",
        place=TITLE_LINE,
    ),
    Case(
        "bad-utf8.yaml",
        "minutes",
        raw(b"units:\n  - {code: \xff\xfe, name: x}\n"),
        "problem.unreadable",
        place=1,
    ),
    # -- YAML: dates and numbers ---------------------------------------------------------
    Case(
        "year-10000.yaml",
        "minutes",
        minutes(deadline="10000-01-01"),
        "problem.date",
        field="deadline",
        place=DEADLINE_LINE,
    ),
    Case(
        "year-9999.yaml",
        "minutes",
        minutes(deadline="9999-12-31"),
        "problem.date",
        field="deadline",
        place=DEADLINE_LINE,
    ),
    Case(
        "issued-year-1.yaml",
        "minutes",
        minutes(issued="0001-01-01"),
        "problem.date",
        field="issued_on",
        place=9,
    ),
    Case(
        "relative-9999.yaml",
        "minutes",
        minutes(deadline="+9999 working days"),
        "problem.date",
        field="deadline",
        place=DEADLINE_LINE,
    ),
    Case(
        "progress-inf.yaml",
        "minutes",
        minutes(progress="1e400"),
        "problem.bad_number",
        field="progress",
        place=16,
    ),
    Case(
        "progress-nan.yaml",
        "minutes",
        minutes(progress=".nan"),
        "problem.bad_number",
        field="progress",
        place=16,
    ),
    # -- YAML: silently accepted before --------------------------------------------------
    Case(
        "duplicate-key.yaml",
        "minutes",
        text(MINUTES.replace("lead: DU", "lead: DU\n        title: Khác")),
        "problem.duplicate_key",
        field="title",
        place=15,
    ),
    Case(
        "duplicate-top.yaml",
        "minutes",
        text("units: []\nunits: []\n"),
        "problem.duplicate_key",
        field="units",
        place=2,
    ),
    Case(
        "mapping-title.yaml",
        "minutes",
        minutes(title="{a: 1}"),
        "problem.not_a_scalar",
        field="title",
        place=TITLE_LINE,
    ),
    Case(
        "list-title.yaml",
        "minutes",
        minutes(title="[a, b]"),
        "problem.not_a_scalar",
        field="title",
        place=TITLE_LINE,
    ),
    Case(
        "binary-title.yaml",
        "minutes",
        minutes(title="!!binary aGVsbG8="),
        "problem.not_a_scalar",
        field="title",
        place=TITLE_LINE,
    ),
    Case(
        "mapping-deadline.yaml",
        "minutes",
        minutes(deadline="{y: 2024}"),
        "problem.not_a_scalar",
        field="deadline",
        place=DEADLINE_LINE,
    ),
    Case("list-key.yaml", "minutes", text("? [a, b]\n: 1\n"), "problem.yaml_key", place=1),
    Case(
        "python-tag.yaml",
        "minutes",
        text("units: !!python/object/apply:os.system [id]\n"),
        "problem.syntax",
        place=1,
    ),
    Case(
        "long-title.yaml",
        "minutes",
        minutes(title="t" * 1001),
        "problem.too_long",
        field="title",
        place=TITLE_LINE,
    ),
    Case(
        "long-code.yaml",
        "minutes",
        text("units:\n  - {code: " + "C" * 41 + ", name: x}\n"),
        "problem.too_long",
        field="code",
        place=2,
    ),
    Case(
        "megabyte-line.yaml",
        "minutes",
        minutes(title="t" * 250_000),
        "problem.too_long",
        field="title",
        place=TITLE_LINE,
    ),
    Case("list-top.yaml", "minutes", text("- a\n- b\n"), "problem.not_a_mapping", place=1),
    Case(
        "two-documents.yaml",
        "minutes",
        text("units: []\n---\nunits: []\n"),
        "problem.syntax",
        place=2,
    ),
    Case("unclosed.yaml", "minutes", text('units: [{code: "DU\n'), "problem.syntax"),
    # -- YAML: recipient forging ----------------------------------------------------------
    *[
        Case(
            f"email-{i}.yaml",
            "minutes",
            minutes(email=value),
            "error.bad_email",
            field="email",
            place=PERSON_LINE,
        )
        for i, value in enumerate(
            [
                '"victim@corp.vn, attacker@evil.vn"',
                '"victim@corp.vn; attacker@evil.vn"',
                '"victim@corp.vn attacker@evil.vn"',
                '"Victim <victim@corp.vn>, <attacker@evil.vn>"',
                '"victim@corp.vn?bcc=attacker@evil.vn"',
                '"victim@corp.vn&cc=attacker@evil.vn"',
                '"victim@corp.vn\\r\\nBcc: attacker@evil.vn"',
                '"victim@corp.vn%2Cattacker@evil.vn"',
                '"@corp.vn"',
            ]
        )
    ],
    Case(
        "chat-param.yaml",
        "minutes",
        minutes(chat="42?to=43"),
        "error.bad_target",
        field="chat.telegram",
        place=PERSON_LINE,
    ),
    Case(
        "chat-path.yaml",
        "minutes",
        minutes(chat="42/43"),
        "error.bad_target",
        field="chat.telegram",
        place=PERSON_LINE,
    ),
    # -- spreadsheets: resource exhaustion ------------------------------------------------
    Case(
        "declared-5m-rows.xlsx", "tasks", _declared("A1:H5000000"), "problem.too_many_rows", place=1
    ),
    Case(
        "declared-columns.xlsx", "tasks", _declared("A1:XFD2"), "problem.too_many_columns", place=1
    ),
    Case("far-row.xlsx", "tasks", _far_row, "problem.too_many_rows", place=20_002),
    Case("far-column.xlsx", "tasks", _far_column, "problem.too_many_columns", place=2),
    Case("zip-bomb.xlsx", "tasks", _zip_bomb, "problem.unpacked_too_big", place=1),
    Case("entities.xlsx", "tasks", _entities, "problem.xml_doctype", place=1),
    Case(
        "too-many-rows.csv",
        "tasks",
        lambda: _csv_rows(25_000),
        "problem.too_many_rows",
        place=20_002,
    ),
    Case(
        "too-many-columns.csv",
        "tasks",
        lambda: _csv_rows(2, 200),
        "problem.too_many_columns",
        place=2,
    ),
    Case("too-big.csv", "tasks", lambda: _csv_rows(700_000), "problem.file_too_big", place=1),
    # -- spreadsheets: tracebacks before --------------------------------------------------
    Case(
        "not-a-zip.xlsx",
        "tasks",
        raw(b"PK\x03\x04 this is not a zip" * 10),
        "problem.not_xlsx",
        place=1,
    ),
    Case("csv-named-xlsx.xlsx", "tasks", csv_row(), "problem.not_xlsx", place=1),
    Case("truncated.xlsx", "tasks", lambda: _xlsx()[:3000], "problem.not_xlsx", place=1),
    Case("bad-xml.xlsx", "tasks", _bad_xml, "problem.unreadable", place=1),
    Case(
        "date-overflow.xlsx",
        "tasks",
        _date_cell_overflow,
        "problem.date",
        field="Thời hạn",
        place=2,
    ),
    Case(
        "field-limit.csv", "tasks", csv_row(title="x" * 140_000), "problem.field_too_long", place=2
    ),
    Case(
        "nul.csv",
        "tasks",
        csv_row(title="Xử\x00lý"),
        "problem.control_char",
        field="Nhiệm vụ",
        place=2,
    ),
    Case(
        "ansi.csv",
        "tasks",
        csv_row(title="\x1b]8;;http://evil.vn\x1b\\bấm\x1b]8;;\x1b\\"),
        "problem.control_char",
        field="Nhiệm vụ",
        place=2,
    ),
    Case(
        "long-title.csv",
        "tasks",
        csv_row(title="t" * 1001),
        "problem.too_long",
        field="Nhiệm vụ",
        place=2,
    ),
    Case(
        "year-10000.csv",
        "tasks",
        csv_row(deadline="01/01/10000"),
        "problem.date",
        field="Thời hạn",
        place=2,
    ),
    Case(
        "year-9999.csv",
        "tasks",
        csv_row(deadline="31/12/9999"),
        "problem.date",
        field="Thời hạn",
        place=2,
    ),
    Case(
        "year-1.csv",
        "tasks",
        csv_row(issued="01/01/0001"),
        "problem.date",
        field="Ngày ban hành",
        place=2,
    ),
    Case(
        "relative-overflow.csv",
        "tasks",
        csv_row(deadline="+9999 days"),
        "problem.date",
        field="Thời hạn",
        place=2,
    ),
    Case(
        "bad-utf8.csv", "tasks", raw(b"S\xe1 v\xe3n b\xe3n\n"), "problem.legacy_encoding", place=1
    ),
    Case("empty.csv", "tasks", raw(b""), "problem.missing_column", place=1),
]


def write_corpus(directory: Path) -> list[tuple[Case, Path]]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for case in CASES:
        path = directory / case.name
        path.write_bytes(case.build())
        written.append((case, path))
    return written
