"""Reading a CSV file's text: UTF-8 (with or without BOM), UTF-16, or Windows-1258.

Vietnamese offices still have files saved by old Excel versions in Windows-1258 (tone
marks as separate combining characters) or in TCVN3/VNI font encodings. Windows-1258 is
recognised by those combining marks and read (then composed, NFC); anything else that
is not UTF-8 is refused with a message that names the encoding to save in, rather than
being read as garbage.
"""

from __future__ import annotations

import codecs
import unicodedata

from documents.problems import ImportFailed, Problem, Where
from models.i18n import register

# Windows-1258's combining tone marks: grave, acute, hook above, tilde, dot below.
_TONE_MARKS = frozenset("\u0300\u0301\u0309\u0303\u0323")


def decode_text(data: bytes, file: str) -> str:
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1258")
    except UnicodeDecodeError:
        text = ""
    if any(ch in _TONE_MARKS for ch in text):
        return unicodedata.normalize("NFC", text)
    problem = Problem(Where(file, "row", 1), "(file)", "legacy_encoding", {})
    raise ImportFailed(file, [problem])


register(
    {
        "problem.legacy_encoding": {
            "vi": "tệp không ở dạng UTF-8 (có lẽ TCVN3/ABC, VNI hoặc Windows-1252); hãy mở"
            " trong Excel và lưu lại dạng «CSV UTF-8 (Comma delimited)», hoặc lưu thành .xlsx",
            "en": "the file is not UTF-8 (perhaps TCVN3/ABC, VNI or Windows-1252); open it in"
            " Excel and save it as «CSV UTF-8 (Comma delimited)», or as .xlsx",
        },
    }
)
