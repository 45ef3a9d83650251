"""Word documents through docx2python: list numbers Word keeps out of the text (the
``numbering.xml`` definitions) come back as labels and depths, tables as rows of cells.

Fonts are read from the runs (and the document's default style) so a document typed
in ``.VnTime`` or ``VNI-Times`` is converted paragraph by paragraph: a Unicode header
next to a legacy body is common in files passed between offices for years.
"""

from __future__ import annotations

import io
import re
import zipfile
from typing import Any

from docx2python import docx2python
from lxml import etree

from documents.extract import legacy
from documents.extract.structure import Block, Body, Paragraph, Table

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_LABEL = re.compile(r"^\t*([^\t\s]{1,12})\t")
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
_STYLE_FONT = re.compile(rb'<w:rFonts[^>]*w:(?:ascii|hAnsi)="([^"]+)"')


def _default_font(archive: zipfile.ZipFile) -> str | None:
    """The font of the document defaults or the first style that names one."""
    try:
        styles = archive.read("word/styles.xml")
    except KeyError:
        return None
    found = _STYLE_FONT.search(styles)
    return found[1].decode("utf-8", "replace") if found else None


def _fonts(par: Any, default: str | None) -> list[str | None]:
    if par.elem is None:
        return [default]
    fonts: list[str | None] = []
    for fonts_elem in par.elem.iter(f"{_W}rFonts"):
        fonts.append(fonts_elem.get(f"{_W}ascii") or fonts_elem.get(f"{_W}hAnsi"))
    return fonts or [default]


class _Reader:
    def __init__(self, default_font: str | None, originals: list[Any]) -> None:
        self.default_font = default_font
        self.legacy: str | None = None
        self.originals = originals  # the document's own w:p elements, in order
        self.position = 0
        self.aligned = False

    def text(self, par: Any) -> str:
        self.position += 1
        raw = "".join(run.text for run in par.runs)
        encoding = legacy.encoding_of_fonts(_fonts(par, self.default_font))
        if encoding is None:
            return str(raw)
        self.legacy = self.legacy or encoding
        label = _LABEL.match(raw)
        return (label[0] if label else "") + self._legacy_runs(par)

    def _legacy_runs(self, par: Any) -> str:
        """Run by run: each in its own font's encoding; a ``.VnTimeH``-style font draws
        the small letters' codes as capitals, so its text is upper-cased."""
        parts: list[str] = []
        element = par.elem
        if self.aligned and self.position - 1 < len(self.originals):
            element = self.originals[self.position - 1]  # docx2python merged its runs' fonts away
        for run in element.iter(f"{_W}r"):
            fonts = run.find(f"{_W}rPr/{_W}rFonts")
            font = None
            if fonts is not None:
                font = fonts.get(f"{_W}ascii") or fonts.get(f"{_W}hAnsi")
            font = font or self.default_font
            text = "".join(
                node.text or "" if node.tag == f"{_W}t" else "\t"
                for node in run
                if node.tag in (f"{_W}t", f"{_W}tab")
            )
            encoding = legacy.encoding_of_fonts([font])
            if encoding is not None:
                text = legacy.to_unicode(text, encoding)
                if font and font.rstrip().upper().endswith("H"):
                    text = text.upper()
            parts.append(text)
        return "".join(parts)

    def paragraph(self, par: Any) -> Paragraph | None:
        text = self.text(par)
        label: str | None = None
        level: int | None = None
        counters = par.list_position[1]
        if counters:
            level = len(counters) - 1
            found = _LABEL.match(text)
            if found:
                label = found[1].rstrip(").")
                text = text[found.end() :]
        text = text.strip()
        if not text:
            return None
        return Paragraph(text, label or None, level)

    def cell(self, pars: list[Any]) -> str:
        lines = []
        for par in pars:
            paragraph = self.paragraph(par)
            if paragraph is not None:
                lines.append(
                    f"{paragraph.label}. {paragraph.text}" if paragraph.label else paragraph.text
                )
        return "\n".join(lines)


def read_docx(data: bytes) -> Body:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        root = etree.fromstring(archive.read("word/document.xml"), parser=_PARSER)
        reader = _Reader(_default_font(archive), list(root.iter(f"{_W}p")))
    blocks: list[Block] = []
    with docx2python(io.BytesIO(data)) as content:
        count = sum(1 for table in content.body_pars for row in table for cell in row for _ in cell)
        reader.aligned = count == len(reader.originals)
        for table in content.body_pars:
            pars = [par for row in table for cell in row for par in cell]
            if pars and pars[0].lineage[1] == "tbl":
                rows = [[reader.cell(cell) for cell in row] for row in table]
                blocks.append(Table([r for r in rows if any(c.strip() for c in r)]))
                continue
            for par in pars:
                paragraph = reader.paragraph(par)
                if paragraph is not None:
                    blocks.append(paragraph)
    return Body(blocks, "docx", reader.legacy)
