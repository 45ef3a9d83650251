"""Old Vietnamese font encodings (TCVN3/ABC ``.VnTime``, VNI ``VNI-Times``) to Unicode.

A document typed in a legacy font stores the font's glyph codes as ordinary Latin-1
characters: "Nghị quyết" reads "NghÞ quyÕt" in TCVN3. viparse carries the conversion
tables (checked against real government documents) and two detectors: the font name,
which is certain, and the text itself, for plain text that has lost its fonts. Only its
pure-Python ``normalize`` layer is used; it needs no download.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from viparse.normalize.detector import detect_encoding, detect_encoding_by_content
from viparse.normalize.encodings import AUTO_DETECT_CHARMAPS, get_charmap
from viparse.normalize.tables import convert

# Letters only Vietnamese Unicode text has (tone marks and the modified vowels): text
# rich in them is already Unicode, and content detection is not tried on it.
_VIETNAMESE = frozenset(
    "ăâđêôơưĂÂĐÊÔƠƯàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ"
)
_SAMPLE = 20_000


def encoding_of_fonts(fonts: Iterable[str | None]) -> str | None:
    """``"tcvn3"`` or ``"vni"`` when the fonts are legacy ones (``.VnTime``, ``VNI-Times``)."""
    found: str | None = detect_encoding(fonts).encoding
    return found


def encoding_of_text(text: str) -> str | None:
    """The legacy encoding plain text is written in, or None when it reads as Unicode."""
    sample = text[:_SAMPLE]
    letters = sum(1 for ch in sample if ch.isalpha())
    native = sum(1 for ch in sample if ch in _VIETNAMESE)
    if letters == 0 or native / letters > 0.08:  # real Vietnamese: ~25% of letters
        return None
    found: str | None = detect_encoding_by_content(sample, AUTO_DETECT_CHARMAPS).encoding
    return found


def to_unicode(text: str, encoding: str) -> str:
    charmap = get_charmap(encoding)
    if charmap is None:
        return text
    return unicodedata.normalize("NFC", str(convert(text, charmap)))
