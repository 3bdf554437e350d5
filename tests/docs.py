"""Builds real test documents with python-docx (and LibreOffice for PDFs): no parser is mocked."""
from __future__ import annotations

import subprocess
from pathlib import Path

import docx
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn


def add_table(document, rows):
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    table.style = "Table Grid"
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    return table


def page_break(document):
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def numbered(document, text, style, num_id, ilvl=0):
    """A paragraph numbered by Word's automatic numbering (the number is not in its text)."""
    paragraph = document.add_paragraph(text, style=style)
    ppr = paragraph._p.get_or_add_pPr()
    numpr = OxmlElement("w:numPr")
    lvl = OxmlElement("w:ilvl")
    lvl.set(qn("w:val"), str(ilvl))
    nid = OxmlElement("w:numId")
    nid.set(qn("w:val"), str(num_id))
    numpr.append(lvl)
    numpr.append(nid)
    ppr.append(numpr)
    return paragraph


def add_decimal_numbering(document) -> int:
    """A multi-level decimal list ("1.", "1.1.") in the numbering part; returns its numId."""
    numbering = document.part.numbering_part.element
    abstract = OxmlElement("w:abstractNum")
    abstract.set(qn("w:abstractNumId"), "90")
    for ilvl, text in enumerate(["%1.", "%1.%2.", "%1.%2.%3."]):
        lvl = OxmlElement("w:lvl")
        lvl.set(qn("w:ilvl"), str(ilvl))
        for tag, val in (("w:start", "1"), ("w:numFmt", "decimal"), ("w:lvlText", text)):
            el = OxmlElement(tag)
            el.set(qn("w:val"), val)
            lvl.append(el)
        abstract.append(lvl)
    numbering.insert(0, abstract)
    num = OxmlElement("w:num")
    num.set(qn("w:numId"), "90")
    ref = OxmlElement("w:abstractNumId")
    ref.set(qn("w:val"), "90")
    num.append(ref)
    numbering.append(num)
    return 90


def bold_paragraph(document, text):
    paragraph = document.add_paragraph()
    paragraph.add_run(text).bold = True
    return paragraph


def convert(soffice: str, source: Path, outdir: Path, kind: str = "pdf") -> Path:
    """Converts with LibreOffice headless (pdf, doc, odt, rtf ...), with its own profile so that
    parallel runs do not collide."""
    profile = outdir / "lo-profile"
    subprocess.run(
        [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore", "--convert-to", kind,
         "--outdir", str(outdir), str(source)],
        check=True, capture_output=True, timeout=180,
    )
    return outdir / f"{source.stem}.{kind}"


def to_pdf(soffice: str, source: Path, outdir: Path) -> Path:
    return convert(soffice, source, outdir, "pdf")


def new_document():
    return docx.Document()
