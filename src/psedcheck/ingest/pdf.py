"""PDF front-end: pypdfium2 for text and fonts (fast), pdfplumber for tables on pages that have rules.

pypdfium2 reads a 60-page programme in about 0.1 s, pdfplumber in 6 s (stack-measurements.md §4), so
pdfplumber only opens the pages whose drawing has enough path objects to be a ruled table.
"""
from __future__ import annotations

import ctypes
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from ..document import Document
from ..errors import Corrupt, Empty, Encrypted, Scanned
from .builder import DocumentBuilder
from .outline import looks_like_heading, numbering_level

_MIN_TABLE_PATHS = 4
_HEADING_STEP = 0.75  # points above the body size that make a line a heading candidate
_PDFIUM_CHARS = str.maketrans({"\x02": "-", "\ufffe": "-", "\uf0b7": "•", "\uf0a7": "•", "\uf0d8": "•", "\uf076": "•"})
_SENTENCE_END = (".", "!", "?", ":", ";")


@dataclass
class _Line:
    text: str
    top: float  # distance from the top of the page, as pdfplumber measures it
    bottom: float
    left: float
    right: float
    size: float
    bold: bool


@dataclass
class PageContent:
    number: int
    lines: list[_Line]
    tables: list[tuple[float, list[list[str]]]]  # (top, rows)
    has_images: bool = False
    ocr: bool = False
    pitch: float | None = None
    right_edge: float = 0.0


def open_pdf(path: Path):
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise Encrypted(f"{path.name}: the PDF is encrypted (password-protected); save an unprotected copy") from None
        raise Corrupt(f"{path.name}: not a readable PDF ({exc})") from None


def _font(textpage, index: int) -> tuple[float, bool]:
    import pypdfium2.raw as raw

    size = raw.FPDFText_GetFontSize(textpage.raw, index)
    weight = raw.FPDFText_GetFontWeight(textpage.raw, index)
    buf = ctypes.create_string_buffer(128)
    flags = ctypes.c_int(0)
    raw.FPDFText_GetFontInfo(textpage.raw, index, buf, 128, ctypes.byref(flags))
    name = buf.value.decode("latin-1", "replace").lower()
    return round(size, 1), weight >= 600 or "bold" in name or "black" in name or "heavy" in name


def _lines(page, textpage, height: float) -> list[_Line]:
    # pdfium writes \x02 or U+FFFE for a hyphen that ends a line ("Женщины\x02предприниматели"),
    # and Symbol-font bullets land in the private use area.
    text = textpage.get_text_range().translate(_PDFIUM_CHARS)
    lines, start = [], 0
    for raw_line in text.split("\r\n"):
        end = start + len(raw_line)
        content = raw_line.strip()
        if content:
            first = start + (len(raw_line) - len(raw_line.lstrip()))
            last = start + len(raw_line.rstrip()) - 1
            try:
                l0, b0, r0, t0 = textpage.get_charbox(first)
                _, _, r1, _ = textpage.get_charbox(last)
            except Exception:  # a generated character without a box
                l0 = b0 = r0 = t0 = r1 = 0.0
            size, bold = _font(textpage, first)
            lines.append(_Line(content, height - t0, height - b0, l0, max(r0, r1), size, bold))
        start = end + 2
    return lines


def _table_pages(pdf) -> list[int]:
    import pypdfium2.raw as raw

    pages = []
    for i in range(len(pdf)):
        count = 0
        for _ in pdf[i].get_objects(filter=[raw.FPDF_PAGEOBJ_PATH], max_depth=1):
            count += 1
            if count >= _MIN_TABLE_PATHS:
                pages.append(i)
                break
    return pages


def _tables(path: Path, page_indexes: list[int]) -> dict[int, list[tuple[tuple[float, float, float, float], list[list[str]]]]]:
    if not page_indexes:
        return {}
    import pdfplumber

    found = {}
    with pdfplumber.open(str(path), pages=[i + 1 for i in page_indexes]) as plumber:
        for page in plumber.pages:
            tables = []
            for table in page.find_tables():
                rows = _merge_wrapped_rows([[_join_cell(c) for c in row] for row in table.extract()])
                if len(rows) >= 1 and max(len(r) for r in rows) >= 2:
                    tables.append((table.bbox, rows))
            found[page.page_number - 1] = tables
            page.close()
    return found


def _join_cell(cell: str | None) -> str:
    """pdfplumber keeps a cell's line breaks, even inside words ("Мероприяти\nе"); a break joins
    the two pieces when only the joined form is a Russian word, and is a space otherwise."""
    if not cell:
        return ""
    pieces = re.sub(r"-\n(?=\w)", "-", cell).split("\n")
    text = pieces[0]
    for piece in pieces[1:]:
        left, right = re.search(r"(\w+)$", text), re.match(r"(\w+)", piece)
        glue = "" if left and right and _broken_word(left.group(1), right.group(1)) else " "
        text = f"{text}{glue}{piece}"
    return text


def _merge_wrapped_rows(rows: list[list[str]]) -> list[list[str]]:
    """pdfplumber sometimes cuts a row whose cells wrap into two: the second part has empty cells
    and every filled cell goes on in lower case ("е № 8: ремонт арыка" | "" | "окмоту")."""
    merged: list[list[str]] = []
    for row in rows:
        filled = [c for c in row if c]
        if merged and filled and len(filled) < len(row) and len(row) == len(merged[-1]) \
                and all(c[0].islower() or not c[0].isalnum() for c in filled):
            merged[-1] = [_join_cell(f"{a}\n{b}") if a and b else a or b for a, b in zip(merged[-1], row)]
        else:
            merged.append(row)
    return merged


def _broken_word(left: str, right: str) -> bool:
    if not (left[-1].isalpha() and right[0].isalpha() and right[0].islower()):
        return False
    from ..nlp import morph_analyzer

    known = morph_analyzer().word_is_known
    return known((left + right).lower()) and not (known(left.lower()) and known(right.lower()))


def read_pages(path: Path, pdf) -> list[PageContent]:
    import pypdfium2.raw as raw

    tables = _tables(path, _table_pages(pdf))
    pages = []
    for i in range(len(pdf)):
        page = pdf[i]
        height = page.get_height()
        textpage = page.get_textpage()
        lines = _lines(page, textpage, height)
        boxes = [(bbox, rows) for bbox, rows in tables.get(i, [])]
        if boxes:
            lines = [ln for ln in lines if not any(_inside(ln, bbox) for bbox, _ in boxes)]
        has_images = False
        if not lines:
            has_images = any(True for _ in page.get_objects(filter=[raw.FPDF_PAGEOBJ_IMAGE], max_depth=2))
        pages.append(PageContent(i + 1, lines, [(bbox[1], rows) for bbox, rows in boxes], has_images))
    return pages


def _inside(line: _Line, bbox) -> bool:
    x0, top, x1, bottom = bbox
    mid = (line.top + line.bottom) / 2
    return top - 1 <= mid <= bottom + 1 and x0 - 1 <= line.left <= x1 + 1


def read_pdf(path: Path, ocr=None) -> Document:
    pdf = open_pdf(path)
    try:
        if len(pdf) == 0:
            raise Empty(f"{path.name}: the PDF has no pages")
        pages = read_pages(path, pdf)
    finally:
        pdf.close()
    needs_ocr = [p for p in pages if not p.lines and not p.tables and p.has_images]
    if needs_ocr and ocr is not None:
        pages = ocr(path, pages, needs_ocr)
    elif needs_ocr and all(not p.lines and not p.tables for p in pages):
        raise Scanned(f"{path.name}: scanned: needs OCR (no page has a text layer)")
    return build_document(path, pages)


def build_document(path: Path, pages: list[PageContent]) -> Document:
    builder = DocumentBuilder(str(path), "pdf")
    body_size = _body_size(pages)
    heading_sizes = sorted({ln.size for p in pages for ln in p.lines if ln.size >= body_size + _HEADING_STEP}, reverse=True)
    for page in pages:
        if page.ocr:
            builder.ocr_pages.append(page.number)
        items = [(ln.top, 0, ln) for ln in page.lines] + [(top, 1, rows) for top, rows in page.tables]
        items.sort(key=lambda item: (item[0], item[1]))
        paragraph: list[_Line] = []
        last_heading = carried = None

        def flush():
            if paragraph:
                builder.paragraph(_join_lines(paragraph), page.number, page.ocr)
                paragraph.clear()

        for position, (_, kind, item) in enumerate(items):
            if kind == 1:
                flush()
                last = builder.last_table()
                if position == 0 and last is not None and len(last.table.header) == max(len(r) for r in item):
                    builder.extend_last_table(item, _merge_wrapped_rows)  # runs on from the previous page
                else:
                    builder.table(item, page.number, page.ocr)
                continue
            line = item
            level = _heading_level(line, body_size, heading_sizes)
            if level:
                flush()
                previous = items[position - 1][2] if position else None
                if isinstance(previous, _Line) and previous is last_heading and previous.size == line.size \
                        and line.top - previous.bottom < line.size * 1.8 and numbering_level(line.text) is None:
                    builder.continue_heading(line.text)  # a long heading wrapped onto a second line
                else:
                    builder.heading(line.text, level, page.number)
                last_heading = line
                continue
            if paragraph and _starts_paragraph(paragraph[-1], line, page):
                flush()
            if carried is not None and not _starts_paragraph(carried, line, page) and builder.continue_paragraph(line.text):
                carried = line
                continue
            carried = None
            if position == 0 and line.text[:1].islower() and builder.continue_paragraph(line.text):
                carried = line  # the paragraph runs on from the previous page
                continue
            paragraph.append(line)
        flush()
    return builder.build(len(pages))


def _body_size(pages) -> float:
    sizes = Counter()
    for page in pages:
        for ln in page.lines:
            sizes[ln.size] += len(ln.text)
    return sizes.most_common(1)[0][0] if sizes else 0.0


def _heading_level(line: _Line, body_size: float, heading_sizes: list[float]) -> int | None:
    bigger = line.size >= body_size + _HEADING_STEP
    level = looks_like_heading(line.text, bold=line.bold or bigger)
    if level is None:
        return None
    if bigger:
        return min(heading_sizes.index(line.size) + 1, 3) if line.size in heading_sizes else 1
    if line.bold or line.text.isupper():
        return level
    return None


def _line_pitch(lines: list[_Line]) -> float:
    """The usual baseline-to-baseline distance on a page: a bigger jump starts a paragraph."""
    pitches = sorted(b.bottom - a.bottom for a, b in zip(lines, lines[1:]) if 0 < b.bottom - a.bottom < 40)
    return pitches[len(pitches) // 2] if pitches else 14.0


def _starts_paragraph(previous: _Line, line: _Line, page: PageContent) -> bool:
    if page.pitch is None:
        page.pitch = _line_pitch(page.lines)
        page.right_edge = max((ln.right for ln in page.lines), default=0)
    if line.bottom - previous.bottom > page.pitch * 1.35 or line.bottom < previous.bottom:
        return True
    if re.match(r"^(?:[-–•*]|\d{1,2}[.)])\s", line.text):
        return True
    return previous.text.endswith(_SENTENCE_END) and previous.right < page.right_edge * 0.85


def _join_lines(lines: list[_Line]) -> str:
    text = ""
    for ln in lines:
        if text.endswith("-") and ln.text[:1].islower():
            text += ln.text  # a hyphenated compound broken at the line end stays one word
        else:
            text = f"{text} {ln.text}" if text else ln.text
    return text
