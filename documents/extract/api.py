"""The two calls a door makes: bytes to a draft, and a checked draft to the minutes
text that the all-or-nothing import reads. The command line uses both; the web page
that shows the text beside the proposed tasks is to call the same two."""

from __future__ import annotations

from documents.extract.draft import Draft
from documents.extract.header import parse_header
from documents.extract.owners import Directory
from documents.extract.reading import read_document
from documents.extract.tasks import propose_tasks
from documents.extract.writers import to_minutes


def extract_draft(data: bytes, file: str, directory: Directory) -> Draft:
    """The draft of the document in ``data`` (``file`` names it in messages). Raises
    ``DocumentRefused`` for anything that is not a readable document; never writes."""
    body = read_document(data, file)
    info, start = parse_header(body.blocks, directory)
    tasks = propose_tasks(body.blocks, start, directory, info.issued_on, info.issuing_body)
    return Draft(file, info, tasks, body.plain_text(), body.source_format, body.legacy_encoding)


def draft_minutes(draft: Draft, lang: str = "vi", first_ref: int = 1) -> str:
    """The draft as a minutes file: hand it to the minutes import once accepted. Its
    tasks are numbered from ``first_ref``."""
    return to_minutes(draft, lang, first_ref)
