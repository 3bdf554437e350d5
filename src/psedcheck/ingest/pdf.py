"""PDF front-end: pypdfium2 for text, fonts and ruled tables; pdfplumber for tables it cannot grid.

pypdfium2 reads a 60-page programme in about 0.1 s, pdfplumber in 6 s (stack-measurements.md §4), so
pdfplumber only opens the pages that draw rulings which the pdfium grid (pdf_tables.py) cannot read.
"""
from __future__ import annotations

import ctypes
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from ..helper import can_fork, start_helper
from ..model.document import Document
from ..model.errors import Corrupt, Empty, Encrypted, Note, Scanned
from .builder import DocumentBuilder
from .garbled import garbled
from .limits import Limits, current
from .outline import looks_like_heading, numbering_level
from .pdf_tables import looks_ruled, ruled_tables, rulings

_HEADING_STEP = 0.75  # points above the body size that make a line a heading candidate
_PDFIUM_CHARS = {"\x02": "-", "\ufffe": "-", "\uf0b7": "•", "\uf0a7": "•", "\uf0d8": "•", "\uf076": "•"}
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
    last_bottom: float = 0.0  # of the last character: below `bottom` when pdfium joined two visual lines

    def __post_init__(self):
        self.last_bottom = max(self.last_bottom, self.bottom)


@dataclass
class PageContent:
    number: int
    lines: list[_Line]
    tables: list[tuple[float, list[list[str]]]]  # (top, rows)
    has_images: bool = False
    garbled: bool = False  # a text layer that is not text (fonts without a Unicode map): dropped, for OCR
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


def _pdfium_text(text: str) -> str:
    """pdfium writes \x02 or U+FFFE for a hyphen that ends a line ("Женщины\x02предприниматели"),
    and Symbol-font bullets land in the private use area. One str.replace per character: a scan in C
    each, where str.translate looks every character of a Cyrillic page up in its table."""
    for char, meant in _PDFIUM_CHARS.items():
        if char in text:
            text = text.replace(char, meant)
    return text


def _lines(page, textpage, height: float, text: str) -> list[_Line]:
    """The page's lines; `text` is its text page's whole text."""
    text = _pdfium_text(text)
    lines, start = [], 0
    for raw_line in text.split("\r\n"):
        end = start + len(raw_line)
        content = raw_line.strip()
        if content:
            first = start + (len(raw_line) - len(raw_line.lstrip()))
            last = start + len(raw_line.rstrip()) - 1
            try:
                l0, b0, r0, t0 = textpage.get_charbox(first)
                _, b1, r1, _ = textpage.get_charbox(last)
            except Exception:  # a generated character without a box
                l0 = b0 = r0 = t0 = r1 = b1 = 0.0
            size, bold = _font(textpage, first)
            if bold:  # a heading is bold to its end; a bold run-in lead («Масштаб миграции. В июне…») is not
                bold = _font(textpage, last)[1]
            # pdfium sometimes returns two visual lines as one: the last character's bottom is kept apart
            lines.append(_Line(content, height - t0, height - b0, l0, max(r0, r1), size, bold, height - min(b0, b1)))
        start = end + 2
    return lines


def _tables(path: Path, page_indexes: list[int]) -> dict[int, list[tuple[tuple[float, float, float, float], list[list[str]]]]]:
    """pdfplumber's tables on the pages whose rulings the pdfium grid could not read."""
    if not page_indexes:
        return {}
    import pdfplumber

    found = {}
    with pdfplumber.open(str(path), pages=[i + 1 for i in page_indexes]) as plumber:
        for page in plumber.pages:
            tables = []
            for table in page.find_tables():
                rows = [[c or "" for c in row] for row in table.extract()]
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
    for i, piece in enumerate(pieces[1:], 1):
        left, right = re.search(r"(\w+)$", text), re.match(r"(\w+)", piece)
        glue = " "
        if left and right:
            # a narrow column can cut one word into three pieces: "республ|икански|й"
            whole = piece.strip() == right.group(1)
            ahead = re.match(r"\w+", pieces[i + 1].strip()) if whole and i + 1 < len(pieces) else None
            if _broken_word(left.group(1), right.group(1)) or (
                    ahead and _broken_word(left.group(1), right.group(1) + ahead.group(0))):
                glue = ""
        if re.match(r"[,.;:)»%]", piece):
            glue = ""  # "Стоимость\n, тыс. сом": punctuation never starts a word
        text = f"{text}{glue}{piece}"
    return text


def _merge_wrapped_rows(rows: list[list[str]]) -> list[list[str]]:
    """A row cut in two (by a page break, or by pdfplumber where cells wrap): the second part has
    empty cells, and its filled cells go on in lower case ("е № 8: ремонт арыка" | "" | "окмоту")
    or its first column, which numbers or names the row, is empty."""
    merged: list[list[str]] = []
    for row in rows:
        filled = [c for c in row if c]
        previous = merged[-1] if merged else None
        continues = previous is not None and filled and len(filled) < len(row) and len(row) == len(previous) and (
            all(c[0].islower() or not c[0].isalnum() for c in filled)
            or (not row[0] and previous[0] and len(filled) * 2 <= len(row)))
        if continues:
            merged[-1] = [f"{a}\n{b}" if a and b else a or b for a, b in zip(merged[-1], row)]
        else:
            merged.append(row)
    return merged


def _broken_word(left: str, right: str) -> bool:
    if not (left[-1].isalpha() and right[0].isalpha() and right[0].islower()):
        return False
    from ..lang.russian import is_russian_word as known

    # "трудоустроен|о": a one- or two-letter tail that makes a word is a cut, not a preposition
    if known(left + right):
        return len(right) <= 2 or not (known(left) and known(right))
    # Kyrgyz is unknown to pymorphy3: "Каржыло|о", "Нарк|ы" - a one- or two-letter tail after a
    # word that is not Russian goes back onto it
    return len(right) <= 2 and len(left) >= 3 and not known(left)


# Pages from which a second reading process pays: reading takes about 3 ms a page, and below some
# 400 pages the reader is done before the checker has loaded spaCy (batch/readahead.py) anyway.
PAGES_WORTH_SPLITTING = 400


def read_pages(path: Path, pdf, cores: int = 1) -> list[PageContent]:
    """Text lines and tables of every page; lines inside a table are left to the table. With `cores`,
    a long PDF's second half is read by a forked helper (psedcheck/helper.py) with its own handle
    on the file (a pdfium document is not to be shared across a fork)."""
    count = len(pdf)
    if cores > 1 and count >= PAGES_WORTH_SPLITTING and can_fork():
        half = count // 2
        receive = start_helper(lambda: _read_apart(path, range(half, count)))
        pages = _page_contents(pdf, range(half))
        pages += receive() or _page_contents(pdf, range(half, count))  # a failed helper: read here
    else:
        pages = _page_contents(pdf, range(count))
    fallback = [i for i, (content, tables) in enumerate(pages) if tables is None]
    pages = [(content, tables or []) for content, tables in pages]
    for i, tables in _tables(path, fallback).items():
        pages[i] = (pages[i][0], tables)
    result = []
    for content, tables in pages:
        if tables:
            content.lines = [ln for ln in content.lines if not any(_inside(ln, bbox) for bbox, _ in tables)]
            content.tables = [(bbox[1], rows) for bbox, rows in tables]
        result.append(content)
    return result


def _read_apart(path: Path, indexes: range) -> list[tuple[PageContent, list | None]]:
    pdf = open_pdf(path)
    try:
        return _page_contents(pdf, indexes)
    finally:
        pdf.close()


def _page_contents(pdf, indexes: range) -> list[tuple[PageContent, list | None]]:
    """Each page's content and pdfium's ruled tables; None for the tables of a page that draws
    rulings pdfium's grid could not read (pdfplumber reads those: _tables)."""
    import pypdfium2.raw as raw

    pages = []
    for i in indexes:
        page = pdf[i]
        height = page.get_height()
        textpage = page.get_textpage()
        text = textpage.get_text_range()
        if garbled(text):
            pages.append((PageContent(i + 1, [], [], garbled=True), []))
            continue
        lines = _lines(page, textpage, height, text)
        horizontal, vertical = rulings(page)  # read once: for the grid, and for the fallback test
        tables = ruled_tables(textpage, height, horizontal, vertical)
        if not tables and looks_ruled(horizontal, vertical):
            tables = None
        has_images = not lines and any(True for _ in page.get_objects(filter=[raw.FPDF_PAGEOBJ_IMAGE], max_depth=2))
        pages.append((PageContent(i + 1, lines, [], has_images), tables))
    return pages


def _clean_cell(text: str) -> str:
    return _join_cell(_pdfium_text(text))


def _inside(line: _Line, bbox) -> bool:
    x0, top, x1, bottom = bbox
    mid = (line.top + line.bottom) / 2
    return top - 1 <= mid <= bottom + 1 and x0 - 1 <= line.left <= x1 + 1


def read_pdf(path: Path, ocr=None, limits: Limits | None = None, notes: list | None = None, cores: int = 1) -> Document:
    """`notes` receives a Note on pages whose text layer was garbage (read by OCR, or left out);
    `cores` may read a long PDF's pages (read_pages)."""
    pdf = open_pdf(path)
    try:
        if len(pdf) == 0:
            raise Empty(f"{path.name}: the PDF has no pages")
        pages = read_pages(path, pdf, cores)
    finally:
        pdf.close()
    needs_ocr = [p for p in pages if not p.lines and not p.tables and (p.has_images or p.garbled)]
    bad = [p.number for p in pages if p.garbled]
    if needs_ocr and ocr is not None:
        _take_ocr(pages, ocr(path, [p.number for p in needs_ocr], _text_layer(pages)))
    elif needs_ocr and all(not p.lines and not p.tables for p in pages):
        if bad:
            raise Scanned(f"{path.name}: scanned: the text layer of {_pages(bad)} is not real text (fonts without a "
                          "Unicode map, e.g. «ÏÐÎÃÐÀÌÌÀ»), so it needs OCR")
        raise Scanned(f"{path.name}: scanned: needs OCR (no page has a text layer)")
    if bad and notes is not None:
        read = [n for n in bad if any(p.number == n and p.ocr for p in pages)]
        outcome = "ocr" if read == bad else "left-out"
        notes.append(Note("garbled-text", f"{path.name}: the text layer of {_pages(bad)} is not real text (fonts "
                                          f"without a Unicode map); " + ("read by OCR" if read == bad else
                                                                         "left out: it needs OCR"),
                          (("pages", ", ".join(map(str, bad))), ("outcome", outcome))))
    return build_document(path, pages, limits)


def _pages(numbers: list[int]) -> str:
    shown = ", ".join(map(str, numbers[:10])) + (", …" if len(numbers) > 10 else "")
    return f"page {shown}" if len(numbers) == 1 else f"pages {shown}"


def _text_layer(pages: list[PageContent]):
    from .ocr.runner import TextLayer

    body = Counter()
    for page in pages:
        for line in page.lines:
            body[line.size] += len(line.text)
    return TextLayer("\n".join(line.text for page in pages for line in page.lines),
                     body.most_common(1)[0][0] if body else 12.0,
                     all(not page.lines and not page.tables for page in pages))


def _take_ocr(pages: list[PageContent], found: dict) -> None:
    """Turns the OCR's own lines and tables into this reader's, on the pages it read."""
    for page in pages:
        scanned = found.get(page.number)
        if scanned is None:
            continue
        page.lines = [_Line(ln.text, ln.top, ln.bottom, ln.left, ln.right, ln.size, ln.bold) for ln in scanned.lines]
        page.tables = [(top, [[_join_cell(c) for c in row] for row in rows]) for top, rows in scanned.tables]
        page.ocr = True


def build_document(path: Path, pages: list[PageContent], limits: Limits | None = None) -> Document:
    return _Assembler(str(path), pages, limits).run()


class _Assembler:
    """Lays pages' lines and tables into a Document: paragraphs from lines, headings from fonts,
    and tables kept raw until they end, so a table (or a row) cut by a page break is rejoined
    before its cells are cleaned."""

    def __init__(self, path: str, pages: list[PageContent], limits: Limits | None = None):
        self.builder = DocumentBuilder(path, "pdf", limits)
        self.pages = pages
        self.body_size = _body_size(pages)
        self.heading_sizes = sorted(
            {ln.size for p in pages for ln in p.lines if ln.size >= self.body_size + _HEADING_STEP}, reverse=True)
        self.paragraph: list[_Line] = []
        self.table: list[list[str]] | None = None
        self.table_page: PageContent | None = None
        self.last_heading = self.carried = None

    def run(self) -> Document:
        for page in self.pages:
            if page.ocr:
                self.builder.ocr_pages.append(page.number)
            items = [(ln.top, 0, ln) for ln in page.lines] + [(top, 1, rows) for top, rows in page.tables]
            items.sort(key=lambda item: (item[0], item[1]))
            self.last_heading = self.carried = None
            for position, (_, kind, item) in enumerate(items):
                if kind == 1:
                    self._table(item, page, position)
                else:
                    self._line(item, page, position, items)
            self._flush_paragraph(page)
        self._flush_table()
        return self.builder.build(len(self.pages))

    def _table(self, rows: list[list[str]], page: PageContent, position: int) -> None:
        self._flush_paragraph(page)
        width = max(len(r) for r in rows)
        if position == 0 and self.table is not None and width == len(self.table[0]):
            header = [_clean_cell(c) for c in self.table[0]]
            self.table.extend(r for r in rows if [_clean_cell(c) for c in r] != header)  # runs on
            return
        self._flush_table()
        self.table, self.table_page = [list(r) for r in rows], page

    def _flush_table(self) -> None:
        if self.table is not None:
            rows = [[_clean_cell(c) for c in row] for row in _merge_wrapped_rows(self.table)]
            self.builder.table(rows, self.table_page.number, self.table_page.ocr)
            self.table = None

    def _flush_paragraph(self, page: PageContent) -> None:
        if self.paragraph:
            self.builder.paragraph(_join_lines(self.paragraph), page.number, page.ocr)
            self.paragraph = []

    def _line(self, line: _Line, page: PageContent, position: int, items) -> None:
        builder = self.builder
        if position > 0 or not line.text[:1].islower():
            self._flush_table()
        level = _heading_level(line, self.body_size, self.heading_sizes)
        if level:
            self._flush_table()
            self._flush_paragraph(page)
            previous = items[position - 1][2] if position else None
            if previous is not None and previous is self.last_heading and previous.size == line.size \
                    and line.top - previous.bottom < line.size * 1.8 and numbering_level(line.text) is None:
                builder.continue_heading(line.text)  # a long heading wrapped onto a second line
            else:
                builder.heading(line.text, level, page.number)
            self.last_heading = line
            return
        if self.paragraph and _starts_paragraph(self.paragraph[-1], line, page):
            self._flush_paragraph(page)
        if self.carried is not None and not _starts_paragraph(self.carried, line, page) \
                and builder.continue_paragraph(line.text):
            self.carried = line
            return
        self.carried = None
        if position == 0 and not re.match(r"^(?:[-–•*]|\d{1,2}[.)])\s", line.text):
            if line.text[:1].islower():
                self._flush_table()
            if builder.continue_paragraph(line.text):
                self.carried = line  # the paragraph runs on from the previous page
                return
        self.paragraph.append(line)


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
    numbered = numbering_level(line.text)
    if bigger and numbered:  # «2.3» is a sub-section at any size: numbering depth over font size
        return numbered
    if bigger:
        return min(heading_sizes.index(line.size) + 1, 3) if line.size in heading_sizes else 1
    if line.bold or line.text.isupper():
        return level
    return None


def _line_pitch(lines: list[_Line]) -> float:
    """The usual baseline-to-baseline distance on a page: a bigger jump starts a paragraph."""
    pitches = sorted(b.bottom - a.last_bottom for a, b in zip(lines, lines[1:]) if 0 < b.bottom - a.last_bottom < 40)
    return pitches[len(pitches) // 2] if pitches else 14.0


def _starts_paragraph(previous: _Line, line: _Line, page: PageContent) -> bool:
    if page.pitch is None:
        page.pitch = _line_pitch(page.lines)
        page.right_edge = max((ln.right for ln in page.lines), default=0)
    if line.bottom - previous.last_bottom > page.pitch * 1.35 or line.bottom < previous.last_bottom:
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
