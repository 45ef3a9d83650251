"""Why a file is not read: a ``TrackerError`` naming the file, so every door (the
command line, later the web page) shows it the way it shows any other refusal."""

from __future__ import annotations

from typing import Any

from models.errors import TrackerError
from models.i18n import register


class DocumentRefused(TrackerError):
    """The file is not read at all: nothing is drafted and nothing is written."""

    def __init__(self, reason: str, file: str, **params: Any) -> None:
        super().__init__(f"extract.{reason}", file=file, **params)
        self.reason = reason


register(
    {
        "error.extract.not_a_document": {
            "vi": "Không đọc được «{file}»: không phải văn bản DOCX, PDF hay TXT ({detail}).",
            "en": "Cannot read «{file}»: it is not a DOCX, PDF or text document ({detail}).",
        },
        "error.extract.too_big": {
            "vi": "Không đọc «{file}»: tệp lớn hơn {limit} byte.",
            "en": "Not reading «{file}»: the file is larger than {limit} bytes.",
        },
        "error.extract.unpacked_too_big": {
            "vi": "Không đọc «{file}»: tệp DOCX giải nén ra hơn {limit} byte"
            " (có thể là «bom zip»).",
            "en": "Not reading «{file}»: the DOCX unpacks to more than {limit} bytes"
            " (perhaps a zip bomb).",
        },
        "error.extract.xml_doctype": {
            "vi": "Không đọc «{file}»: tệp DOCX chứa khai báo DOCTYPE/ENTITY, không được phép.",
            "en": "Not reading «{file}»: the DOCX holds a DOCTYPE/ENTITY declaration,"
            " which is not allowed.",
        },
        "error.extract.damaged": {
            "vi": "Không đọc được «{file}»: tệp {format} bị hỏng hoặc bị cắt ({detail}).",
            "en": "Cannot read «{file}»: the {format} file is damaged or truncated ({detail}).",
        },
        "error.extract.legacy_doc": {
            "vi": "Không đọc «{file}»: đây là tệp Word cũ (.doc); hãy mở trong Word và lưu lại"
            " dạng .docx.",
            "en": "Not reading «{file}»: it is an old Word file (.doc); open it in Word and"
            " save it as .docx.",
        },
        "error.extract.no_text_layer": {
            "vi": "«{file}» là bản chụp (PDF {pages} trang không có lớp chữ): không trích được"
            " nhiệm vụ. Hãy dùng tệp DOCX gốc hoặc PDF xuất từ Word, hoặc nhận dạng chữ (OCR)"
            " trước.",
            "en": "«{file}» is a scan (a {pages}-page PDF without a text layer): no tasks can be"
            " read from it. Use the original DOCX, a PDF exported from Word, or run OCR first.",
        },
        "error.extract.too_many_pages": {
            "vi": "Không đọc «{file}»: PDF có {pages} trang, quá {limit} trang.",
            "en": "Not reading «{file}»: the PDF has {pages} pages, more than {limit}.",
        },
        "error.extract.empty": {
            "vi": "«{file}» không có nội dung chữ nào để đọc.",
            "en": "«{file}» holds no text to read.",
        },
        "error.extract.unknown_encoding": {
            "vi": "Không đọc được «{file}»: văn bản không ở dạng UTF-8 và không nhận ra bảng mã"
            " cũ (TCVN3, VNI); hãy lưu lại dạng UTF-8.",
            "en": "Cannot read «{file}»: the text is not UTF-8 and no legacy encoding (TCVN3,"
            " VNI) was recognised; save it as UTF-8.",
        },
    }
)
