"""Plain text and Markdown front-end."""
from __future__ import annotations

import re
from pathlib import Path

from ..model.document import Document
from ..model.errors import Corrupt
from .builder import DocumentBuilder, is_rule_line, split_cells
from .outline import looks_like_heading

_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_LIST_ITEM = re.compile(r"^\s*(?:[-*•–]|\d{1,2}[.)])\s+")
_SENTENCE_END = (".", "!", "?", ":", ";")


def decode(raw: bytes, path: Path) -> str:
    """UTF-8 (with or without BOM), else Windows-1251, which older Kyrgyz offices still use."""
    for encoding in ("utf-8-sig", "cp1251"):
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" not in text:
            return text
    raise Corrupt(f"{path.name}: not a text file (neither UTF-8 nor Windows-1251 text)")


def read_text(path: Path, markdown: bool) -> Document:
    text = decode(path.read_bytes(), path)
    builder = DocumentBuilder(str(path), "md" if markdown else "txt")
    paged = "\f" in text  # only text with form feeds (pdftotext output) has pages
    page = 1
    paragraph: list[str] = []
    table: list[list[str]] = []

    def flush():
        nonlocal paragraph, table
        if paragraph:
            builder.paragraph(" ".join(paragraph), page if paged else None)
            paragraph = []
        if table:
            builder.table(table, page if paged else None)
            table = []

    for raw_line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        pages_here = raw_line.count("\f")
        line = raw_line.replace("\f", "").rstrip()
        if pages_here:
            flush()
            page += pages_here
        stripped = line.strip()
        if not stripped or stripped.startswith("<!--"):
            flush()
            continue
        cells = split_cells(stripped) or (line.split("\t") if line.count("\t") >= 1 and not markdown else None)
        if cells:
            if paragraph:
                flush()
            if not is_rule_line(stripped):
                table.append([c.strip() for c in cells])
            continue
        if table:
            flush()
        md = _MD_HEADING.match(stripped) if markdown else None
        if md:
            flush()
            builder.heading(md.group(2).strip("*_ "), len(md.group(1)), page if paged else None)
            continue
        if _LIST_ITEM.match(stripped) and not looks_like_heading(stripped):
            flush()
            paragraph = [stripped]
            continue
        bold = markdown and stripped.startswith("**") and stripped.endswith("**")
        level = None if markdown and not bold else looks_like_heading(stripped.strip("*"), bold)
        if level and not (paragraph and not paragraph[-1].endswith(_SENTENCE_END) and stripped[:1].islower()):
            flush()
            builder.heading(stripped.strip("*"), level, page if paged else None)
            continue
        if paragraph and (paragraph[-1].endswith(_SENTENCE_END) and not markdown and not stripped[:1].islower()):
            flush()
        paragraph.append(stripped)
    flush()
    return builder.build(page if paged else None)
