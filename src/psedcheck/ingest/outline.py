"""Heading and table-of-contents heuristics shared by the front-ends that have no heading styles."""
from __future__ import annotations

import re

from ..lang.words import alternation, word_set

_SECTION_WORD = alternation("section_words")
# "1.", "2.3", "II.", "Раздел 3.", "1-БӨЛҮМ.", "Глава 2": numbering that opens a heading.
NUMBERED = re.compile(
    rf"^\s*(?:{_SECTION_WORD}\s+)?"
    r"(?:\d{1,2}(?:\.\d{1,2}){0,3}\.?|[IVXLC]{1,5}\.|\d{1,2}-(?:бөлүм|БӨЛҮМ)\.?)\s+\S",
    re.IGNORECASE,
)
# A table-of-contents line: text, dot leaders (or a tab), then a page number.
TOC_LINE = re.compile(r"^(?P<title>.{3,}?)\s*(?:\.{3,}|…{2,}|_{3,}|\t)\s*\.*\s*(?P<page>\d{1,3})\s*$")
TOC_HEADINGS = word_set("contents_headings")

_MAX_HEADING_CHARS = 120
# The opening chapter is often set as a plain line with no number, bold or capitals.
UNMARKED_HEADINGS = word_set("unmarked_headings")
# The numbering itself ("2.3.", "IV.", "1-БӨЛҮМ."), to see how the title after it starts.
NUMBER_PREFIX = re.compile(rf"^\s*(?:{_SECTION_WORD}\s+)?"
                            r"(?:\d{1,2}(?:\.\d{1,2})*\.?|[IVXLC]{1,5}\.|\d{1,2}-бөлүм\.?)?\s*", re.IGNORECASE)


def is_toc_heading(text: str) -> bool:
    return text.strip().strip(":").strip().lower() in TOC_HEADINGS


def is_toc_line(text: str) -> bool:
    line = text.strip()
    # the page number ends the line: without a digit there, the pattern need not scan a long paragraph
    return line[-1:].isdecimal() and bool(TOC_LINE.match(line))


def numbering_level(text: str) -> int | None:
    """1 for "2. ВВЕДЕНИЕ", 2 for "2.3 Демография", None when the text opens with no numbering."""
    m = NUMBERED.match(text)
    if not m:
        return None
    number = re.match(r"\s*(\d{1,2}(?:\.\d{1,2})*)", text)
    return min(number.group(1).rstrip(".").count(".") + 1, 3) if number else 1


def _has_letters(text: str, count: int) -> bool:
    """At least `count` letters: stops at the count, where a body line has it within a word."""
    for c in text:
        if c.isalpha():
            count -= 1
            if not count:
                return True
    return count <= 0


def looks_like_heading(text: str, bold: bool = False) -> int | None:
    """The heading level a plain line seems to have, or None for body text.

    A heading is short, does not end like a sentence, and is numbered, bold or in capitals.
    """
    line = text.strip()
    if not line or len(line) > _MAX_HEADING_CHARS or is_toc_line(line):
        return None
    if line.startswith("№"):  # a decision's number on its own line («№ 114/15-VIII») heads nothing
        return None
    if line.endswith((".", ";", ",", ":")) and not re.search(r"\b\d+\.$", line):
        if not (bold or line.isupper()):
            return None
    if not _has_letters(line, 3):
        return None
    if line.rstrip(".:").lower() in UNMARKED_HEADINGS:
        return 1
    level = numbering_level(line)
    words = len(line.split())
    if level and words <= 14 and (bold or line[NUMBER_PREFIX.match(line).end():][:1].isupper()):
        if not re.search(r"\d[\d\s]*(?:[.,]\d+)?\s*(?:%|тыс|млн|сом|чел)", line):
            return level
    if line.isupper() and words <= 14 and all(c.isupper() for c in line if c.isalpha()):
        return 1
    if bold and words <= 12:
        return 2
    return None
