"""Whether a PDF page's text layer is garbage rather than text.

A font without a Unicode map (no ToUnicode, a legacy 8-bit Cyrillic font, a subset addressed by
glyph number) extracts as something that is not the text on the page: «ÏÐÎÃÐÀÌÌÀ» (CP1251 codes
taken for Latin-1), control characters (glyph numbers), or private-use code points. Taken as text it
would be checked, judged Russian or English and scored; it is set aside for OCR instead.
"""
from __future__ import annotations

import re

_SHARE = 0.3  # of the visible characters: real text in any of our languages has well under 1%
_AT_LEAST = 12  # so a page number or a stray symbol never decides


# the suspects: control characters but tab and line ends, C1 controls, Latin-1 letters (×, ÷ aside),
# the private use area and U+FFFD; counted by the regex engine, not character by character in Python
# (a 900-page PDF has two million)
_SUSPECT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\xc0-\xd6\xd8-\xf6\xf8-\xff\ue000-\uf8ff\ufffd]")
_INVISIBLE = re.compile("[ \t\r\n]")


def garbled(text: str) -> bool:
    """True when at least 30% of the page's visible characters are Latin-1 letters, control
    characters, private-use glyphs or U+FFFD: the signs of a font without a Unicode map."""
    visible = len(text) - len(_INVISIBLE.findall(text))  # pdfium ends lines with \r\n
    if visible < _AT_LEAST:
        return False
    bad = len(_SUSPECT.findall(text))
    return bad >= _AT_LEAST and bad >= _SHARE * visible
