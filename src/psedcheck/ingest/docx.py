"""DOCX front-end: python-docx, body order, headings from styles, outline levels or look."""
from __future__ import annotations

import re
import zipfile
from pathlib import Path

from ..lang.words import alternation
from ..model.document import Document
from ..model.errors import Corrupt, Empty, Encrypted, TooLarge, Unsupported
from .archive import ZIP_ERRORS, check_archive
from .builder import DocumentBuilder
from .limits import Limits, current
from .outline import looks_like_heading

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_HEADING_STYLE = re.compile(rf"^{alternation('heading_styles', whole_words=False)}\s*(\d)$", re.IGNORECASE)
_TOC_STYLE = re.compile(rf"^{alternation('contents_styles', whole_words=False)}\s*\d*$|^toc heading$", re.IGNORECASE)
_XML_DEPTH = 256  # lxml refuses deeper trees unless told to parse "huge" ones, which it should not be
_ROMAN = {"upperRoman": ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]}


def _open(path: Path, limits: Limits):
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    with path.open("rb") as fh:
        magic = fh.read(8)
    if magic == _OLE_MAGIC:
        raise Encrypted(f"{path.name}: the file is password-protected (or an old .doc renamed to .docx)")
    check_archive(path, limits, "DOCX")
    try:
        return docx.Document(str(path))
    except ValueError as exc:  # python-docx: "file '…' is not a Word file, content type is '…'"
        raise _not_a_document(path, str(exc)) from None
    except (PackageNotFoundError, *ZIP_ERRORS, KeyError) as exc:
        raise Corrupt(f"{path.name}: not a readable DOCX file ({type(exc).__name__})") from None
    except MemoryError:
        raise
    except Exception as exc:  # lxml raises its own XMLSyntaxError for broken parts
        if "Excessive depth" in str(exc) or "XML_PARSE_HUGE" in str(exc):
            raise TooLarge(f"{path.name}: tables or lists are nested more than {_XML_DEPTH} levels deep, "
                           "which no real document needs; psedcheck does not read it") from None
        raise Corrupt(f"{path.name}: the DOCX is damaged ({type(exc).__name__}: {_first_line(exc)})") from None


def _not_a_document(path: Path, why: str):
    """What a package that is not a Word document really is, in words (the content type says it)."""
    if "macroEnabled" in why:
        kind = "template with macros (.dotm)" if "template" in why else "document with macros (.docm)"
        return Unsupported(f"{path.name}: a Word {kind} renamed .docx; psedcheck does not open files with macros: "
                           "save it in Word as «Word Document (*.docx)»")
    if "template" in why:
        return Unsupported(f"{path.name}: a Word template (.dotx) renamed .docx; save it as a .docx document")
    found = re.search(r"content type is '([^']*)'", why)
    if found:
        return Corrupt(f"{path.name}: not a Word document (its main part is {found.group(1) or 'missing'})")
    return Corrupt(f"{path.name}: not a readable DOCX file (ValueError: {why[:200]})")


def _first_line(exc: Exception) -> str:
    return (str(exc).strip().splitlines() or [""])[0][:200]


class _Styles:
    """Style names and outline levels by style id, read once (python-docx's paragraph.style is slow)."""

    def __init__(self, document):
        from docx.oxml.ns import qn

        self.name, self.outline, self.bold, self.numbered = {}, {}, {}, {}
        based_on = {}
        for style in document.styles.element.findall(qn("w:style")):
            sid = style.get(qn("w:styleId"))
            name_el = style.find(qn("w:name"))
            self.name[sid] = (name_el.get(qn("w:val")) if name_el is not None else sid or "").lower()
            lvl = style.find(f"{qn('w:pPr')}/{qn('w:outlineLvl')}")
            if lvl is not None:
                self.outline[sid] = int(lvl.get(qn("w:val")))
            self.bold[sid] = style.find(f"{qn('w:rPr')}/{qn('w:b')}") is not None
            num = style.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}")
            if num is not None:
                self.numbered[sid] = (num.get(qn("w:val")), 0)
            parent = style.find(qn("w:basedOn"))
            if parent is not None:
                based_on[sid] = parent.get(qn("w:val"))
        for sid in list(self.name):  # inherit outline level, bold and numbering through basedOn
            seen, cur = {sid}, sid
            while cur in based_on and based_on[cur] not in seen:
                cur = based_on[cur]
                seen.add(cur)
                if sid not in self.outline and cur in self.outline:
                    self.outline[sid] = self.outline[cur]
                if sid not in self.numbered and cur in self.numbered:
                    self.numbered[sid] = self.numbered[cur]
                self.bold[sid] = self.bold.get(sid) or self.bold.get(cur, False)


class _Numbering:
    """Reconstructs Word's automatic numbers ("2.1."), which are not in the paragraph text."""

    def __init__(self, document):
        from docx.oxml.ns import qn

        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}
        self.abstract_of: dict[str, str] = {}
        self.counters: dict[str, list[int]] = {}
        try:
            root = document.part.numbering_part.element
        except (NotImplementedError, KeyError, AttributeError):
            return
        for abstract in root.findall(qn("w:abstractNum")):
            levels = {}
            for lvl in abstract.findall(qn("w:lvl")):
                fmt = lvl.find(qn("w:numFmt"))
                text = lvl.find(qn("w:lvlText"))
                start = lvl.find(qn("w:start"))
                levels[int(lvl.get(qn("w:ilvl")))] = (
                    fmt.get(qn("w:val")) if fmt is not None else "decimal",
                    text.get(qn("w:val")) if text is not None else "",
                    int(start.get(qn("w:val"))) if start is not None else 1,
                )
            self.levels[abstract.get(qn("w:abstractNumId"))] = levels
        for num in root.findall(qn("w:num")):
            ref = num.find(qn("w:abstractNumId"))
            if ref is not None:
                self.abstract_of[num.get(qn("w:numId"))] = ref.get(qn("w:val"))

    def label(self, num_id: str, ilvl: int) -> str:
        abstract = self.abstract_of.get(num_id)
        levels = self.levels.get(abstract or "", {})
        if not levels or num_id == "0":
            return ""
        counters = self.counters.setdefault(abstract, [0] * 10)
        counters[ilvl] += 1
        for deeper in range(ilvl + 1, 10):
            counters[deeper] = 0
        fmt, text, _ = levels.get(ilvl, ("decimal", f"%{ilvl + 1}.", 1))
        if fmt in ("bullet", "none") or not text:
            return ""

        def value(match):
            lvl = int(match.group(1)) - 1
            lfmt, _, start = levels.get(lvl, ("decimal", "", 1))
            n = counters[lvl] + start - 1
            if lfmt in _ROMAN and 0 < n <= len(_ROMAN[lfmt]):
                return _ROMAN[lfmt][n - 1]
            return str(max(n, 1))

        return re.sub(r"%(\d)", value, text)


def read_docx(path: Path, limits: Limits | None = None) -> Document:
    from docx.oxml.ns import qn

    limits = limits or current()
    document = _open(path, limits)
    styles, numbering = _Styles(document), _Numbering(document)
    builder = DocumentBuilder(str(path), "docx", limits)
    page, page_breaks = 1, 0
    body = document.element.body

    def walk(container):
        for child in container.iterchildren():
            if child.tag == qn("w:p"):
                yield child
            elif child.tag == qn("w:tbl"):
                yield child
            elif child.tag == qn("w:sdt"):
                content = child.find(qn("w:sdtContent"))
                if content is not None:
                    yield from walk(content)

    for element in walk(body):
        if element.tag == qn("w:tbl"):
            builder.table(_table_rows(element), page if page_breaks else None)
            continue
        breaks = len(element.findall(f".//{qn('w:br')}[@{qn('w:type')}='page']"))
        breaks += len(element.findall(f".//{qn('w:lastRenderedPageBreak')}"))
        text = _paragraph_text(element)
        style_id = element.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
        sid = style_id.get(qn("w:val")) if style_id is not None else None
        style = styles.name.get(sid, "normal")
        label = _number_label(element, sid, styles, numbering)
        if breaks and not text.strip():
            page, page_breaks = page + breaks, page_breaks + breaks
            continue
        shown = f"{label} {text}".strip() if label else text
        if _TOC_STYLE.match(style):
            builder.toc_entry(shown)
        else:
            level = _heading_level(element, sid, style, styles)
            if level is None and shown.strip():
                level = looks_like_heading(shown, _is_bold(element, sid, styles))
            here = page if page_breaks else None
            if level is not None and shown.strip():
                builder.heading(shown, level, here)
            else:
                builder.paragraph(shown, here)
        if breaks:
            page, page_breaks = page + breaks, page_breaks + breaks
    built = builder.build(page if page_breaks else None)
    if built.is_empty and (words := _header_footer_words(document)):
        raise Empty(f"{path.name}: the body of the document has no text; its {words} word(s) are all in page "
                    "headers and footers, which are not read as the programme")
    return built


def _header_footer_words(document) -> int:
    """Words in the headers and footers (a body left empty with its text there is worth saying)."""
    from docx.oxml.ns import qn

    words = 0
    for part in document.part.package.iter_parts():
        if part.content_type.endswith(("wordprocessingml.header+xml", "wordprocessingml.footer+xml")):
            words += sum(len((t.text or "").split()) for t in part.element.iter(qn("w:t")))
    return words


def _paragraph_text(p) -> str:
    from docx.oxml.ns import qn

    parts = []
    for node in p.iter(qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:delText")):
        if node.tag == qn("w:t"):
            parts.append(node.text or "")
        elif node.tag != qn("w:delText"):
            parts.append(" ")
    return "".join(parts)


def _heading_level(p, sid, style: str, styles: _Styles) -> int | None:
    from docx.oxml.ns import qn

    m = _HEADING_STYLE.match(style)
    if m:
        return int(m.group(1))
    lvl = p.find(f"{qn('w:pPr')}/{qn('w:outlineLvl')}")
    outline = int(lvl.get(qn("w:val"))) if lvl is not None else styles.outline.get(sid)
    if outline is not None and outline < 9:
        return outline + 1
    return None


def _is_bold(p, sid, styles: _Styles) -> bool:
    from docx.oxml.ns import qn

    runs = [r for r in p.findall(qn("w:r")) if "".join(t.text or "" for t in r.findall(qn("w:t"))).strip()]
    if not runs:
        return False

    def run_bold(r):
        b = r.find(f"{qn('w:rPr')}/{qn('w:b')}")
        if b is None:
            return styles.bold.get(sid, False)
        return b.get(qn("w:val")) not in ("0", "false")

    return all(run_bold(r) for r in runs)


def _number_label(p, sid, styles: _Styles, numbering: _Numbering) -> str:
    from docx.oxml.ns import qn

    num = p.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
    if num is not None:
        num_id = num.find(qn("w:numId"))
        ilvl = num.find(qn("w:ilvl"))
        if num_id is None:
            return ""
        return numbering.label(num_id.get(qn("w:val")), int(ilvl.get(qn("w:val"))) if ilvl is not None else 0)
    if sid in styles.numbered:
        num_id, ilvl = styles.numbered[sid]
        return numbering.label(num_id, ilvl)
    return ""


def _table_rows(tbl) -> list[list[str]]:
    """Cell texts on the table's grid: a horizontally merged cell fills its span once, a vertically
    merged one repeats the text above, so each column reads like the header says."""
    from docx.oxml.ns import qn

    rows: list[list[str]] = []
    above: dict[int, str] = {}
    for tr in tbl.findall(qn("w:tr")):
        row, col = [], 0
        for tc in tr.findall(qn("w:tc")):
            props = tc.find(qn("w:tcPr"))
            span, merged = 1, False
            if props is not None:
                gs = props.find(qn("w:gridSpan"))
                span = int(gs.get(qn("w:val"))) if gs is not None else 1
                vm = props.find(qn("w:vMerge"))
                merged = vm is not None and vm.get(qn("w:val")) in (None, "continue")
            text = " ".join(_paragraph_text(p) for p in tc.findall(qn("w:p"))).strip()
            if merged and not text:
                text = above.get(col, "")
            row.append(text)
            row.extend([""] * (span - 1))
            above[col] = text
            col += span
        rows.append(row)
    return rows
