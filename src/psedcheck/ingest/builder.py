"""Accumulates headings, paragraphs and tables in reading order into a Document.

Every front-end feeds it, so the table-of-contents handling lives in one place: a ToC heading
opens ToC mode, and ToC lines (dot leaders and a page number) are kept aside, never as evidence; a
run of headings with no body between them whose titles recur later is a contents list too, whatever
the format (a PDF, a DOCX without styles, a text pasted from a website).
"""
from __future__ import annotations

import re
from dataclasses import replace

from ..model.document import Block, Document, Section, table_block
from ..model.errors import TooLarge
from .limits import Limits, current, too_much
from .outline import NUMBER_PREFIX, TOC_LINE, is_toc_heading, is_toc_line

_MAX_TOC_ENTRY = 110
_CONTENTS_RUN = 3  # headings in a row with no body between them, before their titles are compared
_BULLET = re.compile(r"^[•▪◦●■□➢✓-]\s+")  # list bullets: DOCX lists carry none in their text


class DocumentBuilder:
    def __init__(self, path: str, fmt: str, limits: Limits | None = None):
        self.path, self.format = path, fmt
        limits = limits or current()
        self.limit, self.char_limit = limits.blocks, limits.characters
        self.count = self.chars = 0  # paragraphs, headings and table rows so far, and their characters
        self.sections: list[Section] = [Section("", 0, None)]
        self.toc: list[str] = []
        self.ocr_pages: list[int] = []
        self._in_toc = False

    def heading(self, text: str, level: int, page: int | None = None) -> None:
        text = " ".join(text.split())
        if not text:
            return
        if is_toc_heading(text):
            self._in_toc = True
            return
        if self._in_toc and is_toc_line(text):
            self.toc_entry(text)
            return
        self._in_toc = False
        self._count(1, len(text))
        self.sections.append(Section(text, max(1, level), page))

    def continue_heading(self, text: str) -> None:
        """Appends a wrapped second line to the heading just read."""
        section = self.sections[-1]
        if section.heading and not section.blocks:
            self.sections[-1] = replace(section, heading=f"{section.heading} {' '.join(text.split())}")

    def continue_paragraph(self, text: str) -> bool:
        """Appends text to the last paragraph when that one did not end a sentence."""
        blocks = self.sections[-1].blocks
        if not blocks or blocks[-1].is_table or blocks[-1].text.endswith((".", "!", "?", ":")):
            return False
        last = blocks[-1]
        blocks[-1] = Block(f"{last.text} {' '.join(text.split())}", last.page, None, last.ocr)
        return True

    def toc_entry(self, text: str) -> None:
        m = TOC_LINE.match(text.strip())
        title = (m.group("title") if m else text).strip().rstrip(". …_")
        if title:
            self.toc.append(" ".join(title.split()))

    def paragraph(self, text: str, page: int | None = None, ocr: bool = False) -> None:
        text = _BULLET.sub("", " ".join(text.split()))
        if not text:
            return
        if is_toc_line(text) or (self._in_toc and len(text) <= _MAX_TOC_ENTRY and not text.endswith(".")):
            self.toc_entry(text)
            return
        self._in_toc = False
        self._count(1, len(text))
        self.sections[-1].blocks.append(Block(text, page, None, ocr))

    def table(self, rows, page: int | None = None, ocr: bool = False) -> None:
        block = table_block(rows, page, ocr)
        if block.table.rows:
            self._count(len(block.table.rows), len(block.text))
            self._in_toc = False
            self.sections[-1].blocks.append(block)

    def _count(self, blocks: int, chars: int) -> None:
        """Stops the reading at the limits, before the checking that would cost a minute per 100 000
        paragraphs, or half a minute and a gigabyte per 8 million characters."""
        self.count += blocks
        self.chars += chars
        name = self.path.replace("\\", "/").rsplit("/", 1)[-1]
        if too_much(self.chars, self.char_limit):
            raise TooLarge(f"{name}: more than {self.char_limit:,} characters of text, over the limit (--limit characters); "
                           "a programme of 300 pages has about a million")
        if too_much(self.count, self.limit):
            raise TooLarge(f"{name}: more than {self.limit} paragraphs, headings and table rows, over the limit "
                           "(--limit blocks); a programme of 300 pages has about 10 000")

    def build(self, pages: int | None = None) -> Document:
        sections = [s for s in self.sections if s.heading or s.blocks]
        sections = self._without_contents_lists(sections)
        return Document(self.path, self.format, sections, pages, self.toc, sorted(set(self.ocr_pages)))

    def _without_contents_lists(self, sections: list[Section]) -> list[Section]:
        """Takes out each run of bodiless headings at least half of whose titles (two or more) recur
        later as headings: a contents list. What it promises stays in `toc`, never as a section."""
        kept, i = [], 0
        while i < len(sections):
            j = i
            while j < len(sections) and sections[j].heading and not sections[j].blocks:
                j += 1
            found = _contents_list(sections, i, j)
            if found is None:
                kept.extend(sections[i:max(j, i + 1)])
                i = max(j, i + 1)
                continue
            first, end = found
            kept.extend(sections[i:first])  # the title above the list stays
            self.toc.extend(s.heading for s in sections[first:end])
            i = end
        return kept


def split_cells(line: str) -> list[str] | None:
    """Cells of a pipe-table line ("| a | b |"), or None when the line is not one."""
    line = line.strip()
    if not (line.startswith("|") and line.endswith("|") and line.count("|") >= 3):
        return None
    return [c.strip() for c in line[1:-1].split("|")]


def is_rule_line(line: str) -> bool:
    return bool(re.fullmatch(r"\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?", line.strip()))

def _title_key(heading: str) -> str:
    """A heading's words without its numbering, case or punctuation: «2. АНАЛИЗ» is «2 Анализ:»."""
    title = heading[NUMBER_PREFIX.match(heading).end():]
    return " ".join(re.findall(r"\w+", title.lower()))


def _contents_list(sections: list[Section], i: int, j: int) -> tuple[int, int] | None:
    """(first, end) of the contents list in the bodiless run sections[i:j], or None. The list ends
    where a title repeats one already in it (the body begins) and starts at its first title that
    recurs later (the programme's title above it is no entry)."""
    keys = [_title_key(s.heading) for s in sections[i:j]]
    end = i + next((k for k in range(len(keys)) if keys[k] in keys[:k]), len(keys))
    later = {_title_key(s.heading) for s in sections[end:] if s.heading}
    recurs = [_title_key(s.heading) in later for s in sections[i:end]]
    if sum(recurs) < 2:
        return None
    first = i + recurs.index(True)
    listed = end - first
    if listed < _CONTENTS_RUN or 2 * sum(recurs) < listed:
        return None
    return first, end
