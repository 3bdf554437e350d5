"""Build every form of the corpus programmes from corpus/sources/*.md.

    python corpus/build.py [--only NAME ...] [--force]

Reads the manifest of each corpus set (corpus/manifest.yaml, the blind set corpus/blind/manifest.yaml) and
writes <set>/built/<name>.<ext> for each listed form:
  md   - a copy of the source
  txt  - plain text: headings as plain lines, tables as tab-separated rows
  docx - python-docx, headings per `docx_headings` (styles, styles-ru, plain, autonumber)
  pdf  - LibreOffice headless conversion of the DOCX (own profile, so it runs beside a desktop LO)
  scan - that PDF rasterised at 200 dpi (grey) into an image-only PDF, as a scanned paper copy; written
         as <name>.pdf, so a programme lists `scan` or `pdf`, not both

The output is deterministic: fixed core properties, fixed ZIP timestamps, and the PDF's dates, /ID and
/DocChecksum replaced by fixed values of the same length. The source markup is described in corpus/README.md.
"""
from __future__ import annotations

import argparse
import atexit
import functools
import hashlib
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import yaml
from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

CORPUS = Path(__file__).resolve().parent
# Each set has manifest.yaml, sources/, expected/ and built/. The blind set was written and labelled by
# authors who never saw the rules or psedcheck's output; it is measured apart and never tuned to.
SETS = (CORPUS, CORPUS / "blind", CORPUS / "blind2", CORPUS / "blind3", CORPUS / "blind4")

FIXED_TIME = datetime(2024, 1, 15, 9, 0, 0, tzinfo=timezone.utc)
ZIP_TIME = (2024, 1, 15, 9, 0, 0)
FORMS = ("md", "txt", "docx", "pdf", "scan")
SCAN_DPI = 200
HEADING_MODES = ("styles", "styles-ru", "plain", "autonumber")
BODY_FONT = "Times New Roman"


# --------------------------------------------------------------------------- source model

@dataclass
class Block:
    kind: str  # title | heading | para | item | toc | table | pagebreak
    text: str = ""
    level: int = 0
    rows: list[list[str]] = field(default_factory=list)
    repeat_header: bool = False
    landscape: bool = False

MERGED = "<"  # a table cell holding only this is merged into the cell to its left


TOC_LINE = re.compile(r"\.{4,}\s*\d+\s*$")
ITEM_LINE = re.compile(r"^- (.*)$")
NUMBERED_LINE = re.compile(r"^\d+[.)] \S")
HEADING_LINE = re.compile(r"^(#{1,4}) (.*)$")
SEPARATOR_ROW = re.compile(r"^\|(\s*:?-{3,}:?\s*\|)+\s*$")
HEADING_NUMBER = re.compile(r"^(\d+(?:\.\d+)*)\.?\s+(.*)$")


def split_row(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def parse(text: str) -> list[Block]:
    """Parse the lightweight markup into blocks; consecutive plain lines form one paragraph."""
    blocks: list[Block] = []
    para: list[str] = []
    repeat_next = landscape_next = False
    lines = text.splitlines()

    def flush() -> None:
        if para:
            blocks.append(Block("para", " ".join(para)))
            para.clear()

    i = 0
    while i < len(lines):
        line = lines[i].rstrip()
        stripped = line.strip()
        if not stripped:
            flush()
        elif stripped == "<!-- pagebreak -->":
            flush()
            blocks.append(Block("pagebreak"))
        elif stripped == "<!-- repeat-header -->":
            flush()
            repeat_next = True
        elif stripped == "<!-- landscape -->":
            flush()
            landscape_next = True
        elif m := HEADING_LINE.match(stripped):
            flush()
            level = len(m.group(1))
            blocks.append(Block("title" if level == 1 else "heading", m.group(2).strip(), level - 1))
        elif stripped.startswith("|"):
            flush()
            rows: list[list[str]] = []
            while i < len(lines) and lines[i].strip().startswith("|"):
                row_line = lines[i].strip()
                if not SEPARATOR_ROW.match(row_line):
                    rows.append(split_row(row_line))
                i += 1
            width = max(len(r) for r in rows)
            rows = [r + [""] * (width - len(r)) for r in rows]
            blocks.append(Block("table", rows=rows, repeat_header=repeat_next, landscape=landscape_next))
            repeat_next = landscape_next = False
            continue
        elif m := ITEM_LINE.match(stripped):
            flush()
            blocks.append(Block("item", m.group(1)))
        elif TOC_LINE.search(stripped):
            flush()
            blocks.append(Block("toc", stripped))
        elif NUMBERED_LINE.match(stripped):
            flush()
            blocks.append(Block("para", stripped))
        else:
            para.append(stripped)
        i += 1
    flush()
    return blocks


def plain(text: str) -> str:
    return text.replace("**", "")


# --------------------------------------------------------------------------- txt

def to_txt(blocks: list[Block]) -> str:
    out: list[str] = []
    for n, b in enumerate(blocks):
        if b.kind in ("title", "heading", "para", "toc"):
            out.append(plain(b.text))
            out.append("")
        elif b.kind == "item":
            out.append("- " + plain(b.text))
            if n + 1 == len(blocks) or blocks[n + 1].kind != "item":
                out.append("")
        elif b.kind == "table":
            # a merged cell is one cell on a web page, so it is one field when pasted
            out.extend("\t".join(plain(c) for c in row if c != MERGED) for row in b.rows)
            out.append("")
    while out and out[-1] == "":
        out.pop()
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------- docx

def add_runs(paragraph, text: str, bold: bool = False) -> None:
    """Add text to a paragraph, honouring **bold** spans."""
    for n, piece in enumerate(text.split("**")):
        if piece:
            run = paragraph.add_run(piece)
            if bold or n % 2 == 1:  # otherwise inherit, so heading styles stay bold
                run.bold = True


def set_cell_text(cell, text: str, bold: bool) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.paragraph_format.space_after = Pt(0)
    add_runs(paragraph, text, bold)
    for run in paragraph.runs:
        run.font.size = Pt(9)


def column_widths(rows: list[list[str]], total: int) -> list[int]:
    """Share the width by how much text each column holds, but give every column room for its longest
    word (up to 2.2 cm; longer words wrap), so a № or a deadline column is never squeezed."""
    char, pad, cap = Pt(5.4), Pt(12), Cm(2.2)
    floor, weight = [], []
    for c in range(len(rows[0])):
        cells = [plain(r[c]) for r in rows]
        longest_word = max((len(w) for cell in cells for w in cell.split()), default=1)
        floor.append(min(longest_word * char + pad, cap))
        weight.append(max(sum(len(cell) for cell in cells) / len(cells), 1.0))
    widths: dict[int, float] = {}
    while True:  # columns whose share is below their floor get the floor; the rest share what is left
        free = [c for c in range(len(weight)) if c not in widths]
        left = total - sum(widths.values())
        share = {c: left * weight[c] / sum(weight[k] for k in free) for c in free}
        short = [c for c in free if share[c] < floor[c]]
        if not short or len(short) == len(free):
            widths.update({c: max(share[c], 0) for c in free} if not short else {c: floor[c] for c in free})
            break
        widths.update({c: floor[c] for c in short})
    return [int(widths[c]) for c in range(len(weight))]


def style_document(doc) -> None:
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.top_margin = section.bottom_margin = Cm(2.0)
    section.left_margin, section.right_margin = Cm(2.5), Cm(1.5)
    normal = doc.styles["Normal"]
    normal.font.name = BODY_FONT
    normal.font.size = Pt(12)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:cs"), BODY_FONT)
    normal.paragraph_format.space_after = Pt(6)
    for name, size in (("Title", 16), ("Heading 1", 14), ("Heading 2", 13), ("Heading 3", 12)):
        style = doc.styles[name]
        style.font.name = BODY_FONT
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.italic = False
        style.font.color.rgb = RGBColor(0, 0, 0)
        rfonts = style.element.get_or_add_rPr().get_or_add_rFonts()
        for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            rfonts.attrib.pop(qn(attr), None)
        rfonts.set(qn("w:cs"), BODY_FONT)
    title = doc.styles["Title"]
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    ppr = title.element.get_or_add_pPr()
    for border in ppr.findall(qn("w:pBdr")):  # the template underlines the title; real ones do not
        ppr.remove(border)


def add_autonumbering(doc) -> str:
    """Add a multilevel decimal list (1. / 1.1. / 1.1.1.) to the numbering part; return its numId."""
    numbering = doc.part.numbering_part.element
    abstract_ids = [int(a.get(qn("w:abstractNumId"))) for a in numbering.findall(qn("w:abstractNum"))]
    num_ids = [int(n.get(qn("w:numId"))) for n in numbering.findall(qn("w:num"))]
    abstract_id, num_id = str(max(abstract_ids, default=-1) + 1), str(max(num_ids, default=0) + 1)

    abstract = OxmlElement("w:abstractNum")
    abstract.set(qn("w:abstractNumId"), abstract_id)
    multi = OxmlElement("w:multiLevelType")
    multi.set(qn("w:val"), "multilevel")
    abstract.append(multi)
    for ilvl, text in enumerate(("%1.", "%1.%2.", "%1.%2.%3.")):
        lvl = OxmlElement("w:lvl")
        lvl.set(qn("w:ilvl"), str(ilvl))
        for tag, val in (("w:start", "1"), ("w:numFmt", "decimal"), ("w:lvlText", text), ("w:lvlJc", "left")):
            el = OxmlElement(tag)
            el.set(qn("w:val"), val)
            lvl.append(el)
        ppr = OxmlElement("w:pPr")
        ind = OxmlElement("w:ind")
        ind.set(qn("w:left"), str(567 + 284 * ilvl))
        ind.set(qn("w:hanging"), str(567 + 284 * ilvl))
        ppr.append(ind)
        lvl.append(ppr)
        abstract.append(lvl)
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:  # schema order: every abstractNum before the first num
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    num = OxmlElement("w:num")
    num.set(qn("w:numId"), num_id)
    ref = OxmlElement("w:abstractNumId")
    ref.set(qn("w:val"), abstract_id)
    num.append(ref)
    numbering.append(num)
    return num_id


def set_numpr(paragraph, num_id: str, ilvl: int) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    numpr = OxmlElement("w:numPr")
    lvl = OxmlElement("w:ilvl")
    lvl.set(qn("w:val"), str(ilvl))
    nid = OxmlElement("w:numId")
    nid.set(qn("w:val"), num_id)
    numpr.append(lvl)
    numpr.append(nid)
    ppr.insert(1 if ppr.find(qn("w:pStyle")) is not None else 0, numpr)


class AutoNumberChecker:
    """Checks that the numbers written in the source are the ones Word's numbering will show."""

    def __init__(self, name: str) -> None:
        self.name, self.counters = name, [0, 0, 0]

    def take(self, number: str, ilvl: int) -> None:
        parts = [int(p) for p in number.split(".")]
        if len(parts) != ilvl + 1:
            raise SystemExit(f"{self.name}: heading number {number} does not fit level {ilvl + 1}")
        self.counters[ilvl] += 1
        self.counters[ilvl + 1:] = [0] * (len(self.counters) - ilvl - 1)
        if parts != self.counters[: ilvl + 1]:
            raise SystemExit(f"{self.name}: heading {number} would be numbered "
                             f"{'.'.join(map(str, self.counters[: ilvl + 1]))} by Word")


RU_STYLE_NAMES = {"Title": ("a3", "Название"), "Heading1": ("1", "Заголовок 1"),
                  "Heading2": ("2", "Заголовок 2"), "Heading3": ("3", "Заголовок 3")}


def localize_styles(doc) -> None:
    """Rename Title/Heading N to the Russian names (and ids) a localized editor writes."""
    styles = doc.styles.element
    for style in styles.findall(qn("w:style")):
        old = style.get(qn("w:styleId"))
        if old in RU_STYLE_NAMES:
            new_id, new_name = RU_STYLE_NAMES[old]
            style.set(qn("w:styleId"), new_id)
            style.find(qn("w:name")).set(qn("w:val"), new_name)
    ids = {old: new for old, (new, _) in RU_STYLE_NAMES.items()}
    for root in (styles, doc.element.body):
        for tag in ("w:pStyle", "w:basedOn", "w:next", "w:link"):
            for el in root.iter(qn(tag)):
                if el.get(qn("w:val")) in ids:
                    el.set(qn("w:val"), ids[el.get(qn("w:val"))])


def add_page_break(doc) -> None:
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def turn_page(doc, landscape: bool) -> None:
    """Start a new section on a new page, landscape or back to portrait (A4 either way)."""
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    long_side, short_side = Cm(29.7), Cm(21.0)
    section.page_width, section.page_height = (long_side, short_side) if landscape else (short_side, long_side)


def merge_marked_cells(table, r: int, row: list[str]) -> None:
    """Merge each run of `<` cells into the cell on its left (a priority row across the plan)."""
    c = 0
    while c < len(row):
        end = c
        while end + 1 < len(row) and row[end + 1] == MERGED:
            end += 1
        if end > c:
            table.cell(r, c).merge(table.cell(r, end))
        c = end + 1


def mark_repeat_header(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    trpr.append(header)


def build_docx(name: str, blocks: list[Block], mode: str, meta: dict) -> bytes:
    doc = Document()
    style_document(doc)
    num_id = add_autonumbering(doc) if mode == "autonumber" else None
    checker = AutoNumberChecker(name)
    before_first_break = True

    for b in blocks:
        if b.kind == "pagebreak":
            add_page_break(doc)
            before_first_break = False
        elif b.kind == "title":
            if mode == "plain":
                p = doc.add_paragraph()
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
                add_runs(p, b.text, bold=True)
                for run in p.runs:
                    run.font.size = Pt(16)
            else:
                p = doc.add_paragraph(style="Title")
                add_runs(p, b.text)
        elif b.kind == "heading":
            if mode == "plain":
                p = doc.add_paragraph()
                p.paragraph_format.keep_with_next = True
                p.paragraph_format.space_before = Pt(12)
                add_runs(p, b.text, bold=True)
                continue
            text, number = b.text, None
            if mode == "autonumber" and (m := HEADING_NUMBER.match(b.text)):
                number, text = m.group(1), m.group(2)
            p = doc.add_paragraph(style=f"Heading {b.level}")
            add_runs(p, text)
            if number is not None:
                checker.take(number, b.level - 1)
                set_numpr(p, num_id, b.level - 1)
        elif b.kind == "item":
            p = doc.add_paragraph(style="List Bullet")
            add_runs(p, b.text)
        elif b.kind in ("para", "toc"):
            p = doc.add_paragraph()
            add_runs(p, b.text)
            if before_first_break:
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            if b.kind == "toc":
                p.paragraph_format.space_after = Pt(2)
        elif b.kind == "table":
            if b.landscape:
                turn_page(doc, landscape=True)
            table = doc.add_table(rows=len(b.rows), cols=len(b.rows[0]))
            table.style = doc.styles["Table Grid"]
            table.autofit = False
            section = doc.sections[-1]
            text_width = section.page_width - section.left_margin - section.right_margin
            for c, width in enumerate(column_widths(b.rows, text_width)):
                table.columns[c].width = width
                for cell in table.columns[c].cells:
                    cell.width = width
            for r, row in enumerate(b.rows):
                for c, cell_text in enumerate(row):
                    if cell_text != MERGED:
                        set_cell_text(table.cell(r, c), cell_text, bold=(r == 0))
                merge_marked_cells(table, r, row)
            if b.repeat_header:
                mark_repeat_header(table.rows[0])
            doc.add_paragraph().paragraph_format.space_after = Pt(0)
            if b.landscape:
                turn_page(doc, landscape=False)

    if mode == "styles-ru":
        localize_styles(doc)

    cp = doc.core_properties
    title = next((b.text for b in blocks if b.kind == "title"), name)
    cp.title, cp.subject = plain(title), "psedcheck corpus: " + name
    cp.author = cp.last_modified_by = "psedcheck corpus"
    cp.keywords, cp.category = "ПСЭР, СЭӨП, PSED", ""
    cp.comments = meta.get("description", "")[:255]  # the core-properties limit
    cp.language = {"ru": "ru-RU", "ky": "ky-KG", "en": "en-US"}[meta["language"]]
    cp.created = cp.modified = cp.last_printed = FIXED_TIME
    cp.revision = 1

    raw = io.BytesIO()
    doc.save(raw)
    return normalize_zip(raw.getvalue())


def normalize_zip(data: bytes) -> bytes:
    """Rewrite a ZIP with fixed timestamps so identical content gives identical bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


# --------------------------------------------------------------------------- pdf

PDF_DATE = re.compile(rb"(/(?:CreationDate|ModDate)\s*\(D:)\d{14}")
PDF_ID = re.compile(rb"/ID\s*\[\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*\]")
PDF_CHECKSUM = re.compile(rb"/DocChecksum\s*/([0-9A-Fa-f]+)")
XMP_DATE = re.compile(rb"(<xmp:(?:CreateDate|ModifyDate|MetadataDate)>)([^<]+)(</xmp:)")


@functools.cache
def lo_profile() -> Path:
    """One LibreOffice user profile per build run, removed at exit, so soffice never meets a desktop session's lock."""
    profile = Path(tempfile.gettempdir()) / f"lo-profile-{os.getpid()}"
    atexit.register(shutil.rmtree, profile, True)
    return profile


def pdf_from_docx(docx_bytes: bytes, stem: str) -> bytes:
    with tempfile.TemporaryDirectory(prefix="psed-build-") as tmp:
        tmpdir = Path(tmp)
        src = tmpdir / f"{stem}.docx"
        src.write_bytes(docx_bytes)
        profile = lo_profile()
        cmd = ["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
               "--convert-to", "pdf", "--outdir", str(tmpdir), str(src)]
        result = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
        pdf = tmpdir / f"{stem}.pdf"
        if result.returncode != 0 or not pdf.exists():
            raise SystemExit(f"soffice failed for {stem}: {result.stdout}{result.stderr}")
        return normalize_pdf(pdf.read_bytes(), docx_bytes)


def normalize_pdf(data: bytes, docx_bytes: bytes) -> bytes:
    """Replace dates, the file /ID and /DocChecksum by fixed values of the same length (xref offsets stay valid)."""
    data = PDF_DATE.sub(rb"\g<1>20240115090000", data)
    digest = hashlib.sha256(docx_bytes).hexdigest().upper().encode()

    def fixed_id(m: re.Match) -> bytes:
        a, b = m.group(1), m.group(2)
        return m.group(0).replace(a, digest[: len(a)]).replace(b, digest[: len(b)])

    data = PDF_ID.sub(fixed_id, data)
    data = PDF_CHECKSUM.sub(lambda m: m.group(0).replace(m.group(1), digest[-len(m.group(1)):]), data)

    def xmp(m: re.Match) -> bytes:
        stamp = b"2024-01-15T09:00:00Z" + b" " * 40
        return m.group(1) + stamp[: len(m.group(2))] + m.group(3)

    return XMP_DATE.sub(xmp, data)


def scan_from_pdf(pdf_bytes: bytes, docx_bytes: bytes) -> bytes:
    """Rasterise a PDF (poppler's pdftoppm) into an image-only PDF, as a scanner would deliver it.
    The DOCX hash goes in /Subject, so the scan is rebuilt only when the text changed."""
    from PIL import Image

    with tempfile.TemporaryDirectory(prefix="psed-scan-") as tmp:
        src = Path(tmp) / "in.pdf"
        src.write_bytes(pdf_bytes)
        subprocess.run(["pdftoppm", "-r", str(SCAN_DPI), "-gray", "-png", str(src), str(Path(tmp) / "page")],
                       check=True, capture_output=True, timeout=600)
        pages = [Image.open(p) for p in sorted(Path(tmp).glob("page-*.png"))]
        out = io.BytesIO()
        pages[0].save(out, "PDF", resolution=SCAN_DPI, save_all=True, append_images=pages[1:],
                      subject=scan_subject(docx_bytes), creationDate=FIXED_TIME.timetuple(), modDate=FIXED_TIME.timetuple(),
                      producer="psedcheck corpus")
        for page in pages:
            page.close()
    return out.getvalue()


def scan_subject(docx_bytes: bytes) -> str:
    return "docx-sha256:" + hashlib.sha256(docx_bytes).hexdigest()


def scan_is_current(path: Path, docx_bytes: bytes) -> bool:
    return path.exists() and scan_subject(docx_bytes).encode() in path.read_bytes()


def pdf_is_current(pdf_path: Path, docx_bytes: bytes) -> bool:
    """A built PDF carries the hash of its DOCX in its /ID, so LibreOffice runs only when needed."""
    if not pdf_path.exists():
        return False
    m = PDF_ID.search(pdf_path.read_bytes())
    return bool(m) and hashlib.sha256(docx_bytes).hexdigest().upper().encode().startswith(m.group(1))


# --------------------------------------------------------------------------- driver

def load_manifest(root: Path = CORPUS) -> list[dict]:
    entries = yaml.safe_load((root / "manifest.yaml").read_text(encoding="utf-8"))["programmes"]
    for e in entries:
        bad = set(e["forms"]) - set(FORMS)
        if bad:
            raise SystemExit(f"manifest: {e['name']}: unknown forms {sorted(bad)}")
        if {"pdf", "scan"} <= set(e["forms"]):
            raise SystemExit(f"manifest: {e['name']}: `pdf` and `scan` would both write {e['name']}.pdf")
        needs_docx = {"docx", "pdf", "scan"} & set(e["forms"])
        if needs_docx and e.get("docx_headings") not in HEADING_MODES:
            raise SystemExit(f"manifest: {e['name']}: docx_headings must be one of {HEADING_MODES}")
    return entries


def write_if_changed(path: Path, data: bytes) -> bool:
    if path.exists() and path.read_bytes() == data:
        return False
    path.write_bytes(data)
    return True


def build(entry: dict, root: Path = CORPUS, force: bool = False) -> list[str]:
    name = entry["name"]
    source = root / "sources" / f"{name}.md"
    built = root / "built"
    text = source.read_text(encoding="utf-8")
    blocks = parse(text)
    done: list[str] = []
    forms = set(entry["forms"])
    if "md" in forms and write_if_changed(built / f"{name}.md", text.encode("utf-8")):
        done.append("md")
    if "txt" in forms and write_if_changed(built / f"{name}.txt", to_txt(blocks).encode("utf-8")):
        done.append("txt")
    if forms & {"docx", "pdf", "scan"}:
        docx_bytes = build_docx(name, blocks, entry["docx_headings"], entry)
        if "docx" in forms and write_if_changed(built / f"{name}.docx", docx_bytes):
            done.append("docx")
        pdf_path = built / f"{name}.pdf"
        if "pdf" in forms and (force or not pdf_is_current(pdf_path, docx_bytes)):
            if write_if_changed(pdf_path, pdf_from_docx(docx_bytes, name)):
                done.append("pdf")
        if "scan" in forms and (force or not scan_is_current(pdf_path, docx_bytes)):
            if write_if_changed(pdf_path, scan_from_pdf(pdf_from_docx(docx_bytes, name), docx_bytes)):
                done.append("scan")
    return done


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", action="append", metavar="NAME", help="build only this programme (repeatable)")
    parser.add_argument("--force", action="store_true", help="re-run LibreOffice even if the DOCX is unchanged")
    args = parser.parse_args(argv)
    if not shutil.which("soffice"):
        print("warning: soffice not found; PDF forms cannot be built", file=sys.stderr)
    sets = [(root, entry) for root in SETS for entry in load_manifest(root)]
    names = {entry["name"] for _, entry in sets}
    for only in args.only or []:
        if only not in names:
            raise SystemExit(f"--only {only}: not in a manifest ({', '.join(sorted(names))})")
    for root, entry in sets:
        if args.only and entry["name"] not in args.only:
            continue
        (root / "built").mkdir(exist_ok=True)
        done = build(entry, root, force=args.force)
        print(f"{entry['name']}: {', '.join(done) if done else 'up to date'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
