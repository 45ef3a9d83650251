"""Files in and out of the browser: a bounded multipart read, and a download answer.

An upload's size is bounded before its body is parsed: the request must say its length
(browsers always do for a form; a chunked body would be parsed, and its file spooled to
disk, before any check here) and that length must be under ``MAX_BODY`` (uvicorn reads
no more than the length said); the file part is then counted again as it is read and
refused past ``MAX_FILE`` bytes. What is read is never trusted for its kind:
the caller checks the bytes (``documents.imports.check_upload``,
``documents.extract.reading``).

A download names its file in both forms of RFC 6266: an ASCII ``filename`` for old
clients and ``filename*=UTF-8''…`` (RFC 5987) for the Vietnamese name, with ``nosniff``.
"""

from __future__ import annotations

from urllib.parse import quote

from fastapi import Request, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile

from documents.bounds import MAX_FILE_BYTES
from models.i18n import fold
from web.deps import BadCsrf, db, message, require_csrf, signed_in

MAX_FILE = MAX_FILE_BYTES  # 10 MB: the importers' own bound
MAX_BODY = MAX_FILE + 64 * 1024  # the file, its part headers and a few small fields
_CHUNK = 64 * 1024


def _refusal(request: Request, key: str, status: int = 413) -> Response:
    with db(request) as session:
        viewer = signed_in(request, session)
        return message(request, viewer, key, status, limit=f"{MAX_FILE // (1024 * 1024)} MB")


async def read_upload(request: Request) -> tuple[FormData, str, bytes] | Response:
    """The form, the file's name as sent, and its bytes; or the refusal page."""
    length = request.headers.get("content-length", "")
    if not length.isdigit():  # a chunked body would be spooled whole before any check
        return await run_in_threadpool(_refusal, request, "web.upload.length_required", 411)
    if int(length) > MAX_BODY:  # the server reads no more than the length said
        return await run_in_threadpool(_refusal, request, "web.upload.too_big")
    form = await request.form(max_files=1, max_fields=64)
    try:
        require_csrf(request, str(form.get("csrf", "")))  # before the file is looked at
    except BadCsrf:
        await form.close()
        raise
    part = form.get("file")
    if not isinstance(part, UploadFile):
        await form.close()
        return await run_in_threadpool(_refusal, request, "web.upload.no_file", 400)
    chunks: list[bytes] = []
    size = 0
    while chunk := await part.read(_CHUNK):
        size += len(chunk)
        if size > MAX_FILE:
            await form.close()
            return await run_in_threadpool(_refusal, request, "web.upload.too_big")
        chunks.append(chunk)
    name = part.filename or ""
    await form.close()
    return form, name, b"".join(chunks)


def attachment(data: bytes, name: str, media_type: str) -> Response:
    """``data`` as a file to save, named ``name`` (Vietnamese kept for clients that read
    ``filename*``; accents folded away in the ASCII ``filename``)."""
    ascii_name = "".join(
        c if c.isascii() and (c.isalnum() or c in "-_.") else "-"
        for c in fold(name).replace(" ", "-")
    )
    disposition = f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"
    return Response(
        data,
        media_type=media_type,
        headers={"Content-Disposition": disposition, "X-Content-Type-Options": "nosniff"},
    )
