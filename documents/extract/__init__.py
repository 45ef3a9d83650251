"""Reading a resolution, conclusion notice or plan into proposed tasks (a draft).

Rules, not a model: document structure (headings, Word's list levels, tables) and the
phrases administrative Vietnamese uses to assign work. See ``tasks`` for the rules,
``deadlines`` for the deadline kinds, ``owners`` for directory matching.
"""

from documents.extract.api import draft_minutes, extract_draft
from documents.extract.draft import DocumentInfo, Draft, OwnerRef, ProposedTask
from documents.extract.owners import Directory, Entry, directory_from_database, read_directory
from documents.extract.refusals import DocumentRefused

__all__ = [
    "Directory",
    "DocumentInfo",
    "DocumentRefused",
    "Draft",
    "Entry",
    "OwnerRef",
    "ProposedTask",
    "directory_from_database",
    "draft_minutes",
    "extract_draft",
    "read_directory",
]
