"""A PDF page read through PDFium, in the terms of pdfplumber's page (issue #27).

pdfplumber reads a page by interpreting its content stream in Python (pdfminer) and
describing every character, line and colour as a dict: for a 26-page plan that was
nine tenths of ``dondoc extract``'s time (8 s). PDFium (``pypdfium2``, which pdfplumber
itself installs) reads the same page in C. What pdfplumber's text builder and table
finder need from a page is its characters (text and box) and its edges (the segments
of its drawn lines, rectangles and curves): both are taken from PDFium here and handed
to pdfplumber's own builders (``Sheet``), so a page reads as it did. A page with a form
XObject or turned text is left to pdfplumber whole (``pdf_reader``).

PDFium is not thread-safe: every use of it holds ``PDFIUM`` (the web app extracts in
worker threads).
"""

from __future__ import annotations

import ctypes
import itertools
import threading
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as raw
from pdfplumber.table import Table, TableFinder, TableSettings
from pdfplumber.utils.geometry import within_bbox
from pdfplumber.utils.text import extract_text

PDFIUM = threading.Lock()
_BLANK = frozenset(" \r\n")  # the only characters PDFium generates
_SPACE = 0.1  # of the font size: a skip shorter than this is no skip
_SPACE_WIDTH = 0.25  # of the font size: a space's usual advance
_WIDEST = 3.0  # of the font size: no character is wider


@dataclass
class PageChars:
    """One page as PDFium read it, in pdfplumber's terms: ``chars`` (None when the page
    must be read by pdfplumber: a form, turned text), the ``edges`` its table finder
    works on, whether it is ``ruled`` (has lines or rectangles, not only curves), and
    the page's font names."""

    chars: list[dict[str, Any]] | None
    fonts: set[str] = field(default_factory=set)
    edges: list[dict[str, Any]] = field(default_factory=list)
    ruled: bool = False
    width: float = 0.0
    height: float = 0.0


def _objects(page: pdfium.PdfPage) -> tuple[set[str], list[Any]] | None:
    """The page's font names and drawn paths, or None when pdfplumber must read the
    page: it has a form (objects drawn through another matrix) or is turned."""
    if page.get_rotation():
        return None
    fonts: set[str] = set()
    paths: list[Any] = []
    name = ctypes.create_string_buffer(256)
    matrix = raw.FS_MATRIX()
    for index in range(raw.FPDFPage_CountObjects(page.raw)):
        handle = raw.FPDFPage_GetObject(page.raw, index)
        kind = raw.FPDFPageObj_GetType(handle)
        if kind == raw.FPDF_PAGEOBJ_FORM:
            return None
        if kind == raw.FPDF_PAGEOBJ_PATH:
            paths.append(handle)
        elif kind == raw.FPDF_PAGEOBJ_TEXT:
            raw.FPDFPageObj_GetMatrix(handle, matrix)  # the page's matrix and the text's
            if not (matrix.a * matrix.d > 0 and matrix.b * matrix.c <= 0):
                return None  # turned or mirrored text: pdfminer's "upright" is false
            fonts.add(_font_name(handle, name))
    return fonts, paths


def _subpaths(handle: Any, height: float) -> list[list[tuple[float, float]]]:
    """A path's subpaths as pdfminer gives them: points in page space (y down), a
    closing ``h`` adding the start point again."""
    matrix = raw.FS_MATRIX()
    raw.FPDFPageObj_GetMatrix(handle, matrix)
    x, y = ctypes.c_float(), ctypes.c_float()
    result: list[list[tuple[float, float]]] = []
    points: list[tuple[float, float]] = []
    for index in range(raw.FPDFPath_CountSegments(handle)):
        segment = raw.FPDFPath_GetPathSegment(handle, index)
        raw.FPDFPathSegment_GetPoint(segment, x, y)
        point = (
            matrix.a * x.value + matrix.c * y.value + matrix.e,
            height - (matrix.b * x.value + matrix.d * y.value + matrix.f),
        )
        if raw.FPDFPathSegment_GetType(segment) == raw.FPDF_SEGMENT_MOVETO and points:
            result.append(points)
            points = []
        points.append(point)
        if raw.FPDFPathSegment_GetClose(segment):
            points.append(points[0])
            result.append(points)
            points = []
    if points:
        result.append(points)
    return result


def _edges(points: list[tuple[float, float]]) -> tuple[str, list[dict[str, Any]]]:
    """pdfminer's reading of one subpath (a line, a rectangle or a curve) and the
    edges pdfplumber makes of it (``utils.geometry``: line_to_edge, rect_to_edges,
    curve_to_edges)."""
    if len(points) > 3 and points[-2] == points[0] == points[-1]:
        points = points[:-1]  # pdfminer drops a redundant "l" before a closing "h"
    if len(points) == 2 or (len(points) == 3 and points[2] == points[0]):
        (x0, y0), (x1, y1) = points[0], points[1]
        edge = _edge("line", x0, x1, y0, y1)
        edge["orientation"] = "h" if edge["top"] == edge["bottom"] else "v"
        return "line", [edge]
    kind = "curve"
    if len(points) == 5 and points[4] == points[0]:
        (x0, y0), (x1, y1), (x2, y2), (x3, y3) = points[:4]
        if (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (
            y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0
        ):
            kind = "rect"
    edges = []
    for (x0, y0), (x1, y1) in itertools.pairwise(points):
        edge = _edge(f"{kind}_edge", x0, x1, y0, y1)
        edge["orientation"] = "v" if x0 == x1 else ("h" if y0 == y1 else None)
        edges.append(edge)
    return kind, edges


def _edge(kind: str, x0: float, x1: float, y0: float, y1: float) -> dict[str, Any]:
    top, bottom = min(y0, y1), max(y0, y1)
    return {
        "object_type": kind,
        "x0": min(x0, x1),
        "x1": max(x0, x1),
        "top": top,
        "doctop": top,
        "bottom": bottom,
        "width": abs(x1 - x0),
        "height": bottom - top,
    }


def _font_name(handle: Any, buffer: ctypes.Array[ctypes.c_char]) -> str:
    font = raw.FPDFTextObj_GetFont(handle)
    if not font:
        return ""
    size = raw.FPDFFont_GetBaseFontName(font, buffer, len(buffer))
    return buffer.value.decode("utf-8", "replace") if 0 < size <= len(buffer) else ""


def page_chars(page: pdfium.PdfPage) -> PageChars:
    """The page's characters as pdfplumber's ``page.chars`` gives them (text, x0, x1,
    top, bottom, upright), in content order, with the spaces put back (``_spaces``)."""
    found = _objects(page)
    if found is None:
        return PageChars(None)
    fonts, paths = found
    width, height = page.get_width(), page.get_height()
    edges: list[dict[str, Any]] = []
    ruled = False
    for handle in paths:
        for points in _subpaths(handle, height):
            kind, made = _edges(points)
            ruled = ruled or kind != "curve"
            edges.extend(made)
    textpage = page.get_textpage()
    try:
        chars = _read(textpage.raw, height)
    finally:
        textpage.close()
    return PageChars(chars, fonts, edges, ruled, width, height)


@dataclass(frozen=True)
class _Jump:
    """Where the pen skipped ahead instead of drawing (PDFium marks a generated space):
    from ``start`` to the character ``before`` in ``chars``, on one baseline."""

    start: float
    before: int
    size: float


def _read(text: Any, height: float) -> list[dict[str, Any]]:
    """The characters, upright (``_objects`` checked). Three calls into PDFium per
    character and the text in one: a call costs about as much as the Python around it.
    pdfplumber's box is the advance by the font size above the baseline less the font's
    descent; the baseline stands for it here (a constant shift per font, under the
    three points within which the text builder puts characters on one line)."""
    count = raw.FPDFText_CountChars(text)
    if count <= 0:
        return []
    utf16 = (ctypes.c_ushort * (count + 1))()
    raw.FPDFText_GetText(text, 0, count, utf16)
    codes = list(utf16[:count])
    if any(0xD800 <= code < 0xE000 for code in codes):  # one index, two units: shifted
        codes = [raw.FPDFText_GetUnicode(text, index) for index in range(count)]
    box = raw.FS_RECTF()
    x, y = ctypes.c_double(), ctypes.c_double()
    chars: list[dict[str, Any]] = []
    jumps: list[_Jump] = []
    space_at: tuple[float, float] | None = None  # a generated space: (x, baseline)
    for index in range(count):
        char = chr(codes[index]) if codes[index] < 0x110000 else "\ufffd"
        if char in _BLANK and raw.FPDFText_IsGenerated(text, index):
            if char == " ":
                raw.FPDFText_GetLooseCharBox(text, index, box)
                raw.FPDFText_GetCharOrigin(text, index, x, y)
                space_at = (box.left, y.value)
            continue
        raw.FPDFText_GetLooseCharBox(text, index, box)
        raw.FPDFText_GetCharOrigin(text, index, x, y)
        size = raw.FPDFText_GetFontSize(text, index)
        bottom = height - y.value
        if (
            space_at is not None
            and abs(space_at[1] - y.value) < 0.5  # the same line
            and box.left - space_at[0] > _SPACE * size
        ):
            jumps.append(_Jump(space_at[0], len(chars), size))
        space_at = None
        chars.append(
            {
                "text": char,
                "x0": box.left,
                "x1": box.right,
                "top": bottom - size,
                "doctop": bottom - size,
                "bottom": bottom,
                "upright": True,
                "size": size,
            }
        )
    return _spaces(chars, jumps)


def _spaces(chars: list[dict[str, Any]], jumps: list[_Jump]) -> list[dict[str, Any]]:
    """Put back the spaces PDFium dropped. A line typed in two fonts (LibreOffice draws
    the letters its main font lacks in a second run) is drawn as skips: "Đảng ủy" is
    "Đ", skip, "ng", skip, "y" in one run and "ả", "ủ" in the other. PDFium marks each
    skip with a generated space and drops the space characters drawn beside it, which
    pdfplumber keeps. A space stood at either end of a skip wherever the space's width
    there is blank: no character of the line covers more than half of it."""
    if not jumps:
        return chars
    lines: dict[float, list[tuple[float, float]]] = {}
    for char in chars:
        lines.setdefault(round(char["bottom"], 1), []).append((char["x0"], char["x1"]))
    starts: dict[float, list[float]] = {}
    for key, line in lines.items():
        line.sort()
        starts[key] = [a for a, _ in line]
    added: dict[int, list[dict[str, Any]]] = {}
    for jump in jumps:
        after = chars[jump.before]
        end = after["x0"]
        width = min(end - jump.start, _SPACE_WIDTH * jump.size)
        key = round(after["bottom"], 1)
        line, line_starts = lines[key], starts[key]
        ends = [(jump.start, jump.start + width)]
        if end - width >= jump.start + width:  # a word or more skipped: its far end too
            ends.append((end - width, end))
        for x0, x1 in ends:
            near = line[
                bisect_left(line_starts, x0 - _WIDEST * jump.size) : bisect_right(line_starts, x1)
            ]
            if all(min(x1, b) - max(x0, a) <= width / 2 for a, b in near):
                added.setdefault(jump.before, []).append(dict(after, text=" ", x0=x0, x1=x1))
    result: list[dict[str, Any]] = []
    for index, char in enumerate(chars):
        result.extend(added.get(index, ()))
        result.append(char)
    return result


class Sheet:
    """A page read by PDFium, answering what ``pdf_reader`` asks a pdfplumber page:
    its tables (pdfplumber's own table finder over the page's edges and characters)
    and the text of a band between them (the characters wholly inside it)."""

    def __init__(self, read: PageChars) -> None:
        self.chars = read.chars or []
        self.edges = read.edges
        self.width, self.height = read.width, read.height
        self.bbox = (0.0, 0.0, read.width, read.height)

    def find_tables(self) -> list[Table]:
        return TableFinder(self, TableSettings.resolve(None)).tables  # type: ignore[arg-type]

    def within_bbox(self, bbox: tuple[float, float, float, float], strict: bool = True) -> Sheet:
        band = Sheet(PageChars(within_bbox(self.chars, bbox), width=self.width))
        band.height = self.height
        return band

    def extract_text(self) -> str:
        return extract_text(self.chars) if self.chars else ""
