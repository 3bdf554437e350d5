"""ODT front-end: odfpy, body order; headings from text:h (outline level), heading styles or look.

Walking office:text gives text:h, text:p, lists and table:table in reading order (0.11 s for a
61-page programme, stack-measurements.md §6). Comments, notes and tracked deletions are not text of
the programme; a table of contents is kept aside. Pages are counted at LibreOffice's soft page
breaks and at paragraphs whose style starts a new page.
"""
from __future__ import annotations

import zipfile
from pathlib import Path

from ..model.document import Document
from ..model.errors import Corrupt, Encrypted, TooLarge
from .archive import ZIP_ERRORS, check_archive
from .builder import DocumentBuilder
from .limits import Limits, current
from .outline import looks_like_heading

TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
STYLE = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
FO = "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
DRAW = "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"

_SKIP = {(OFFICE, "annotation"), (OFFICE, "annotation-end"), (TEXT, "note"), (TEXT, "tracked-changes"),
         (TEXT, "sequence-decls"), (DRAW, "frame"), (TEXT, "bookmark-ref")}
_MAX_REPEAT = 50  # columns or rows repeated more often are the empty rest of a grid


def _open(path: Path, limits: Limits):
    from odf.opendocument import load

    check_archive(path, limits, "ODT")
    try:
        with zipfile.ZipFile(path) as archive:
            manifest = archive.read("META-INF/manifest.xml") if "META-INF/manifest.xml" in archive.namelist() else b""
    except (*ZIP_ERRORS, OSError) as exc:
        raise Corrupt(f"{path.name}: not a readable ODT file ({type(exc).__name__})") from None
    if b"encryption-data" in manifest:
        raise Encrypted(f"{path.name}: the ODT is password-protected; save an unprotected copy")
    try:
        return load(str(path))
    except MemoryError:
        raise
    except RecursionError:
        raise TooLarge(f"{path.name}: its elements are nested too deeply for any real document; psedcheck does not read it") from None
    except Exception as exc:  # odfpy raises KeyError, XML errors and others for broken parts
        raise Corrupt(f"{path.name}: the ODT is damaged ({type(exc).__name__}: {exc})") from None


class _Styles:
    """Paragraph styles by name: outline level, bold and page break, inherited from parents."""

    def __init__(self, document):
        self.parent, self.outline, self.bold, self.page_break, self.display = {}, {}, {}, {}, {}
        for container in (document.styles, document.automaticstyles):
            for style in container.childNodes:
                if getattr(style, "qname", None) != (STYLE, "style"):
                    continue
                name = style.getAttrNS(STYLE, "name")
                self.parent[name] = style.getAttrNS(STYLE, "parent-style-name")
                self.display[name] = (style.getAttrNS(STYLE, "display-name") or name or "").lower()
                level = style.getAttrNS(STYLE, "default-outline-level")
                if level:
                    self.outline[name] = int(level)
                for props in style.childNodes:
                    if getattr(props, "qname", None) == (STYLE, "text-properties"):
                        weight = props.getAttrNS(FO, "font-weight")
                        if weight:
                            self.bold[name] = weight == "bold" or weight.isdigit() and int(weight) >= 600
                    elif getattr(props, "qname", None) == (STYLE, "paragraph-properties"):
                        if props.getAttrNS(FO, "break-before") == "page":
                            self.page_break[name] = True

    def get(self, table: dict, name: str | None, default=None):
        seen = set()
        while name and name not in seen:
            if name in table:
                return table[name]
            seen.add(name)
            name = self.parent.get(name)
        return default


def read_odt(path: Path, limits: Limits | None = None) -> Document:
    limits = limits or current()
    document = _open(path, limits)
    styles = _Styles(document)
    builder = DocumentBuilder(str(path), "odt", limits)
    state = {"page": 1, "breaks": 0, "started": False}

    def here():
        return state["page"] if state["breaks"] else None

    def new_page(count: int = 1):
        state["page"] += count
        state["breaks"] += count

    def block(element):
        name = element.getAttrNS(TEXT, "style-name")
        if state["started"] and styles.get(styles.page_break, name, False):
            new_page()
        state["started"] = True
        text = " ".join(_text(element).split())
        breaks = sum(1 for _ in _find(element, (TEXT, "soft-page-break")))
        if element.qname == (TEXT, "h"):
            level = element.getAttrNS(TEXT, "outline-level")
            builder.heading(text, int(level) if level and level.isdigit() else 1, here())
        elif text:
            level = styles.get(styles.outline, name)
            if level is None:
                level = looks_like_heading(text, styles.get(styles.bold, name, False) or _all_bold(element, styles))
            if level is not None:
                builder.heading(text, level, here())
            else:
                builder.paragraph(text, here())
        if breaks:
            new_page(breaks)

    def walk(node):
        for child in node.childNodes:
            qname = getattr(child, "qname", None)
            if qname is None or qname in _SKIP:
                continue
            if qname in ((TEXT, "p"), (TEXT, "h")):
                block(child)
            elif qname == (TABLE, "table"):
                builder.table(_table_rows(child), here())
            elif qname == (TEXT, "soft-page-break"):
                new_page()
            elif qname == (TEXT, "table-of-content"):
                for entry in _find(child, (TEXT, "p")):
                    if not _inside(entry, (TEXT, "index-title")):
                        builder.toc_entry(" ".join(_text(entry).split()))
            else:
                walk(child)  # lists, sections, index bodies and other containers

    try:
        walk(document.text)
    except RecursionError:  # odfpy parses any depth; walking it is recursive
        raise TooLarge(f"{path.name}: its lists, sections or tables are nested too deeply for any real document; "
                       "psedcheck does not read it") from None
    return builder.build(state["page"] if state["breaks"] else None)


def _text(element) -> str:
    parts = []
    for child in element.childNodes:
        if child.nodeType == child.TEXT_NODE:
            parts.append(child.data)
            continue
        qname = getattr(child, "qname", None)
        if qname in _SKIP:
            continue
        if qname == (TEXT, "s"):
            parts.append(" " * int(child.getAttrNS(TEXT, "c") or 1))
        elif qname in ((TEXT, "tab"), (TEXT, "line-break")):
            parts.append(" ")
        else:
            parts.append(_text(child))
    return "".join(parts)


def _find(node, qname):
    for child in node.childNodes:
        if getattr(child, "qname", None) == qname:
            yield child
        elif getattr(child, "childNodes", None) and getattr(child, "qname", None) not in _SKIP:
            yield from _find(child, qname)


def _inside(element, qname) -> bool:
    node = element.parentNode
    while node is not None:
        if getattr(node, "qname", None) == qname:
            return True
        node = node.parentNode
    return False


def _all_bold(element, styles: _Styles) -> bool:
    """Every span with text is in a bold character style (ODT marks run formatting with spans)."""
    spans = [c for c in element.childNodes if getattr(c, "qname", None) == (TEXT, "span") and _text(c).strip()]
    loose = any(c.nodeType == c.TEXT_NODE and c.data.strip() for c in element.childNodes)
    return bool(spans) and not loose and all(styles.get(styles.bold, s.getAttrNS(TEXT, "style-name"), False) for s in spans)


def _table_rows(table) -> list[list[str]]:
    """Cell texts on the table's grid, as the DOCX front-end gives them: a cell spanning columns
    fills the first and leaves the others empty, a cell spanning rows repeats its text below."""
    rows: list[list[str]] = []
    spans: dict[int, tuple[str, int, int, int]] = {}  # column -> (text, first row, last row, first column)
    for tr in _find(table, (TABLE, "table-row")):
        if _nested(tr, table):
            continue
        repeat = min(int(tr.getAttrNS(TABLE, "number-rows-repeated") or 1), _MAX_REPEAT)
        for _ in range(repeat):
            index, row = len(rows), []
            for cell in tr.childNodes:
                qname = getattr(cell, "qname", None)
                if qname not in ((TABLE, "table-cell"), (TABLE, "covered-table-cell")):
                    continue
                for _ in range(min(int(cell.getAttrNS(TABLE, "number-columns-repeated") or 1), _MAX_REPEAT)):
                    col = len(row)
                    if qname == (TABLE, "covered-table-cell"):
                        text, first, last, origin = spans.get(col, ("", -1, -1, -1))
                        row.append(text if first < index <= last and col == origin else "")
                        continue
                    text = " ".join(" ".join(_text(p).split()) for p in _find(cell, (TEXT, "p")))
                    text = " ".join(text.split())
                    down = int(cell.getAttrNS(TABLE, "number-rows-spanned") or 1)
                    for c in range(col, col + int(cell.getAttrNS(TABLE, "number-columns-spanned") or 1)):
                        spans[c] = (text, index, index + down - 1, col)
                    row.append(text)
            rows.append(row)
    width = max((max((i + 1 for i, c in enumerate(r) if c), default=0) for r in rows), default=0)
    return [r[:width] + [""] * (width - len(r[:width])) for r in rows if any(r)]


def _nested(row, table) -> bool:
    """Whether a row belongs to a table nested inside `table`."""
    node = row.parentNode
    while node is not None and node is not table:
        if getattr(node, "qname", None) == (TABLE, "table"):
            return True
        node = node.parentNode
    return False
