"""What a document reads as, whatever file it came from: paragraphs and tables.

Word keeps a list's numbers out of the text ("1.", "a)" are drawn by the numbering
definitions), PDFs and plain text keep them in it. Readers hand over both the same
way: the paragraph's text without its number, the number as ``label`` and the list
depth as ``level`` when the file says it; typed numbers are split off later by
``labels.split_label`` so every source looks alike to the task rules.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Paragraph:
    text: str
    label: str | None = None  # "1", "a", "II", "-" (a bullet); None: no number
    level: int | None = None  # 0-based list depth when Word's numbering says it


@dataclass(frozen=True)
class Table:
    rows: list[list[str]]  # cell texts, row by row (a cell's paragraphs joined by "\n")


Block = Paragraph | Table


@dataclass
class Body:
    """A document's blocks in reading order, and how the text was obtained."""

    blocks: list[Block]
    source_format: str  # "docx" | "pdf" | "text"
    legacy_encoding: str | None = None  # "tcvn3" | "vni" when converted from an old font
    notes: list[str] = field(default_factory=list)

    def plain_text(self) -> str:
        """The whole text as people read it (labels back in front of their paragraphs)."""
        lines: list[str] = []
        for block in self.blocks:
            if isinstance(block, Paragraph):
                prefix = f"{block.label} " if block.label else ""
                lines.append(prefix + block.text)
            else:
                lines.extend(" | ".join(row) for row in block.rows)
        return "\n".join(lines)
