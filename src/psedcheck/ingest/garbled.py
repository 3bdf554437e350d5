"""Whether a PDF page's text layer is garbage rather than text.

A font without a Unicode map (no ToUnicode, a legacy 8-bit Cyrillic font, a subset addressed by
glyph number) extracts as something that is not the text on the page: «ÏÐÎÃÐÀÌÌÀ» (CP1251 codes
taken for Latin-1), control characters (glyph numbers), or private-use code points. Taken as text it
would be checked, judged Russian or English and scored; it is set aside for OCR instead.
"""
from __future__ import annotations

_SHARE = 0.3  # of the visible characters: real text in any of our languages has well under 1%
_AT_LEAST = 12  # so a page number or a stray symbol never decides


def _suspect(char: str) -> bool:
    code = ord(char)
    return (code < 0x20 and char not in "\t\r\n") or 0x7F <= code < 0xA0 \
        or (0xC0 <= code <= 0xFF and char not in "×÷") \
        or 0xE000 <= code <= 0xF8FF or char == "\ufffd"


def garbled(text: str) -> bool:
    """True when at least 30% of the page's visible characters are Latin-1 letters, control
    characters, private-use glyphs or U+FFFD: the signs of a font without a Unicode map."""
    visible = [c for c in text if c not in " \t\r\n"]  # pdfium ends lines with \r\n
    if len(visible) < _AT_LEAST:
        return False
    bad = sum(1 for c in visible if _suspect(c))
    return bad >= _AT_LEAST and bad >= _SHARE * len(visible)
