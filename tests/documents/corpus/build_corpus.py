"""Build the extraction corpus's files from their sources (run by hand; the files are
committed, so tests need neither this script nor LibreOffice).

    .venv/bin/python -m tests.documents.corpus.build_corpus

Each ``sources/*.yaml`` describes one document the way offices write them: the
two-column header (a borderless table, as Word keeps it), the kind and title, then the
body: plain paragraphs (numbers typed in the text), Word list items whose numbers live in
``numbering.xml`` only (``n0``/``n1``: the text holds no number), bordered tables, and the
closing. ``format`` says what is written: ``docx``; ``pdf`` (the DOCX converted by
LibreOffice headless, as an office exports it); ``txt`` (UTF-8 plain text); ``legacy``
(a DOCX typed in the TCVN3 ``.VnTime``/``.VnTimeH`` fonts of the 1990s-2000s).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import docx
import yaml
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Cm, Pt
from viparse.normalize.tcvn3 import TCVN3

HERE = Path(__file__).parent
SOURCES = HERE / "sources"
FILES = HERE / "files"

_ABSTRACT = f"""<w:abstractNum {nsdecls("w")} w:abstractNumId="90">
<w:multiLevelType w:val="hybridMultilevel"/>
<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/>
<w:lvlJc w:val="left"/><w:pPr><w:ind w:left="0" w:firstLine="567"/></w:pPr></w:lvl>
<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%2)"/>
<w:lvlJc w:val="left"/><w:pPr><w:ind w:left="0" w:firstLine="567"/></w:pPr></w:lvl>
<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="-"/>
<w:lvlJc w:val="left"/><w:pPr><w:ind w:left="0" w:firstLine="567"/></w:pPr></w:lvl>
</w:abstractNum>"""

# Unicode -> TCVN3 glyph codes (the reverse of viparse's table); capitals with tone
# marks have no code and are typed in the ".VnTimeH" font with the small letter's code.
_TO_TCVN3 = {uni: legacy for legacy, uni in TCVN3.pairs if len(uni) == 1}


class Writer:
    def __init__(self, legacy: bool) -> None:
        self.doc = docx.Document()
        self.legacy = legacy
        self.next_num = 100
        style = self.doc.styles["Normal"]
        style.font.name = ".VnTime" if legacy else "Times New Roman"
        style.font.size = Pt(14)
        section = self.doc.sections[0]
        section.page_height, section.page_width = Cm(29.7), Cm(21)
        section.left_margin, section.right_margin = Cm(3), Cm(2)
        self.doc.part.numbering_part.element.insert(0, parse_xml(_ABSTRACT))

    def runs(self, paragraph: Any, text: str, bold: bool = False) -> None:
        if not self.legacy:
            run = paragraph.add_run(text)
            run.bold = bold
            return
        chunk, font = "", ".VnTime"
        for ch in text:
            if ch in _TO_TCVN3 or not ch.isalpha() or ch.isascii():
                code, wanted = _TO_TCVN3.get(ch, ch), ".VnTime"
            else:
                code, wanted = _TO_TCVN3.get(ch.lower(), ch.lower()), ".VnTimeH"
            if wanted != font and chunk:
                self._legacy_run(paragraph, chunk, font, bold)
                chunk = ""
            chunk, font = chunk + code, wanted
        if chunk:
            self._legacy_run(paragraph, chunk, font, bold)

    def _legacy_run(self, paragraph: Any, text: str, font: str, bold: bool) -> None:
        run = paragraph.add_run(text)
        run.bold = bold
        run.font.name = font

    def para(
        self, text: str, *, bold: bool = False, center: bool = False, indent: bool = True
    ) -> Any:
        paragraph = self.doc.add_paragraph()
        self.runs(paragraph, text, bold)
        if center:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        else:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            if indent:
                paragraph.paragraph_format.first_line_indent = Cm(1)
        return paragraph

    def new_list(self) -> int:
        """A list whose numbering restarts at 1 (its own w:num over the shared definition)."""
        self.next_num += 1
        num = self.next_num
        self.doc.part.numbering_part.element.append(
            parse_xml(
                f'<w:num {nsdecls("w")} w:numId="{num}"><w:abstractNumId w:val="90"/>'
                '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'
            )
        )
        return num

    def item(self, text: str, level: int, num: int) -> None:
        paragraph = self.para(text)
        paragraph._p.get_or_add_pPr().append(
            parse_xml(
                f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="{num}"/></w:numPr>'
            )
        )

    def table(self, rows: list[list[str]]) -> None:
        table = self.doc.add_table(rows=len(rows), cols=len(rows[0]))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                cell = table.cell(r, c)
                cell.text = ""
                self.runs(cell.paragraphs[0], str(value), bold=r == 0)

    def header(self, left: list[str], right: list[str]) -> None:
        table = self.doc.add_table(rows=1, cols=2)
        for cell, lines in zip(table.rows[0].cells, (left, right), strict=True):
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
            self.runs(cell.paragraphs[0], lines[0], bold=True)
            for line in lines[1:]:
                paragraph = cell.add_paragraph()
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
                self.runs(paragraph, line, bold=line.isupper())


def build_docx(spec: dict[str, Any], path: Path, legacy: bool = False) -> None:
    writer = Writer(legacy)
    writer.header(spec["left"], spec["right"])
    writer.para("")
    writer.para(spec["kind"], bold=True, center=True)
    for line in spec.get("title", []):
        writer.para(line, bold=True, center=True)
    writer.para("-----", center=True)
    num = None
    for entry in spec["body"]:
        ((key, value),) = entry.items()
        if key in ("n0", "n1", "n2"):
            if num is None or (key == "n0" and entry.get("restart")):
                num = writer.new_list()
            writer.item(value, int(key[1]), num)
            continue
        if key != "n0":
            num = None if key in ("h", "table") else num
        if key == "p":
            writer.para(value)
        elif key == "h":
            writer.para(value, bold=True, indent=False)
        elif key == "table":
            writer.table(value)
        elif key == "new_list":
            num = None
    writer.para("")
    for line in spec.get("closing", []):
        writer.para(line, indent=False)
    writer.doc.save(str(path))


def build_text(spec: dict[str, Any], path: Path) -> None:
    lines = [f"{a}\t{b}" for a, b in zip(spec["left"], spec["right"] + [""] * 9, strict=False)]
    lines += ["", spec["kind"], *spec.get("title", []), "-----"]
    for entry in spec["body"]:
        ((key, value),) = entry.items()
        if key == "table":
            lines += ["\t".join(row) for row in value]
        else:
            lines.append(value)
    lines += ["", *spec.get("closing", [])]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def to_pdf(source: Path, target: Path) -> None:
    with tempfile.TemporaryDirectory() as work:
        profile = Path(work) / "profile"
        subprocess.run(
            [
                "soffice",
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                work,
                str(source),
            ],
            check=True,
            capture_output=True,
            timeout=300,
        )
        shutil.move(str(Path(work) / (source.stem + ".pdf")), target)


def build(spec_path: Path) -> Path:
    spec = yaml.safe_load(spec_path.read_text(encoding="utf-8"))
    name, kind = spec_path.stem, spec["format"]
    if kind == "txt":
        target = FILES / f"{name}.txt"
        build_text(spec, target)
    elif kind == "pdf":
        target = FILES / f"{name}.pdf"
        with tempfile.TemporaryDirectory() as work:
            source = Path(work) / f"{name}.docx"
            build_docx(spec, source)
            to_pdf(source, target)
    else:
        target = FILES / f"{name}.docx"
        build_docx(spec, target, legacy=kind == "legacy")
    return target


def main(names: list[str]) -> None:
    FILES.mkdir(exist_ok=True)
    for spec_path in sorted(SOURCES.glob("*.yaml")):
        if names and spec_path.stem not in names:
            continue
        print(build(spec_path).relative_to(HERE))


if __name__ == "__main__":
    main(sys.argv[1:])
