"""Small hostile and odd documents, made at test time with the real libraries (and by hand where a
library would refuse to make them): shared by tests/test_hostile.py and bench/hostile.py."""
from __future__ import annotations

import io
import os
import shutil
import subprocess
import zipfile
import zlib
from pathlib import Path

PROGRAMME_RU = ("Программа социально-экономического развития айыл аймака на 2024-2028 годы.\n\n"
                "SWOT-анализ. Сильные стороны: плодородная земля, вода. Слабые стороны: отток молодёжи в "
                "трудовую миграцию.\n\nЦели и задачи: создать 25 рабочих мест для женщин и мигрантов.\n")


def docx_programme(path: Path, paragraphs: int = 5) -> Path:
    import docx

    document = docx.Document()
    document.add_heading("Программа социально-экономического развития", 1)
    for i in range(paragraphs):
        document.add_paragraph(f"Цели и задачи программы, пункт {i + 1}: развитие инфраструктуры айыл аймака.")
    document.save(path)
    return path


def _rewrite_zip(source: Path, target: Path, replace: dict[str, object]) -> Path:
    """A copy of a zip with some members replaced: bytes, or a function that writes to a stream
    (so a large member is made without holding it in memory)."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            content = replace.get(info.filename, old.read(info.filename))
            if callable(content):
                member = zipfile.ZipInfo(info.filename)
                member.compress_type = zipfile.ZIP_DEFLATED
                with new.open(member, "w", force_zip64=True) as stream:
                    content(stream)
            else:
                new.writestr(info, content)
    return target


def zip_bomb_docx(folder: Path, inflated: int = 300 << 20) -> Path:
    """A DOCX of a few MB whose document.xml inflates to `inflated` bytes: one paragraph repeated
    (valid WordprocessingML all the way, so only its size is wrong)."""
    source = docx_programme(folder / "source.docx")
    body = b"<w:p><w:r><w:t>\xd0\x90</w:t></w:r></w:p>"
    head = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w='
            b'"http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>')
    tail = b"</w:body></w:document>"

    def write(stream):
        stream.write(head)
        chunk = body * (1 << 16)
        for _ in range(max(1, (inflated - len(head) - len(tail)) // len(chunk))):
            stream.write(chunk)
        stream.write(tail)

    path = _rewrite_zip(source, folder / "bomb.docx", {"word/document.xml": write})
    source.unlink()
    return path


def nested_tables_docx(folder: Path, depth: int = 300) -> Path:
    """A DOCX whose body is a table in a table … `depth` deep."""
    source = docx_programme(folder / "source.docx")
    xml = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w='
           '"http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
           + "<w:tbl><w:tr><w:tc>" * depth + "<w:p><w:r><w:t>Цели</w:t></w:r></w:p>"
           + "</w:tc></w:tr></w:tbl>" * depth + "</w:body></w:document>")
    path = _rewrite_zip(source, folder / "nested.docx", {"word/document.xml": xml.encode()})
    source.unlink()
    return path


def macro_docx(folder: Path) -> Path:
    """A macro-enabled Word document (.docm's content type) saved under .docx."""
    source = docx_programme(folder / "source.docx")
    with zipfile.ZipFile(source) as archive:
        types = archive.read("[Content_Types].xml").replace(
            b"wordprocessingml.document.main+xml", b"ms-word.document.macroEnabled.main+xml")
    path = _rewrite_zip(source, folder / "macros.docx", {"[Content_Types].xml": types})
    source.unlink()
    return path


def header_only_docx(folder: Path) -> Path:
    import docx

    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "Программа социально-экономического развития айыл аймака"
    document.sections[0].footer.paragraphs[0].text = "Страница 1"
    path = folder / "header-only.docx"
    document.save(path)
    return path


def _pdf(objects: list[bytes]) -> bytes:
    """A PDF file from its numbered objects (1 is the catalog), with a correct cross-reference table."""
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def _stream(dictionary: bytes, data: bytes) -> bytes:
    return b"<< " + dictionary + b" /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"


def huge_page_pdf(folder: Path, points: int = 14400, pixels: int = 20000) -> Path:
    """One page of `points` × `points` pt filled by one 1-bit image of `pixels` × `pixels` (all white,
    so it compresses to almost nothing: 400 megapixels in about 50 KB)."""
    squeeze = zlib.compressobj(9)
    row = b"\xff" * ((pixels + 7) // 8)
    data = b"".join(squeeze.compress(row) for _ in range(pixels)) + squeeze.flush()
    content = b"q %d 0 0 %d 0 0 cm /Im0 Do Q" % (points, points)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Resources << /XObject << /Im0 5 0 R >> >> "
        b"/Contents 4 0 R >>" % (points, points),
        _stream(b"", content),
        _stream(b"/Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray "
                b"/BitsPerComponent 1 /Filter /FlateDecode" % (pixels, pixels), data),
    ]
    path = folder / "huge-page.pdf"
    path.write_bytes(_pdf(objects))
    return path


def latin1_cyrillic_pdf(folder: Path) -> Path:
    """Text in Windows-1251 codes shown with a Latin font and no Unicode map: what an old Cyrillic
    font gives, extracting as «Ïðîãðàììà ñîöèàëüíî-ýêîíîìè÷åñêîãî ðàçâèòèÿ»."""
    lines = [line for line in PROGRAMME_RU.splitlines() if line][:6]
    text = b"BT /F1 11 Tf 60 780 Td 14 TL " + b" ".join(
        b"(" + line[:90].encode("cp1251").replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
        + b") '" for line in lines) + b" ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> "
        b"/Contents 4 0 R >>",
        _stream(b"", text),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    path = folder / "latin1-cyrillic.pdf"
    path.write_bytes(_pdf(objects))
    return path


def no_tounicode_pdf(folder: Path, soffice: str) -> Path:
    """A real programme page made by LibreOffice, with every font's ToUnicode map taken out: pdfium
    then extracts glyph numbers (control characters), while the page still shows Cyrillic."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject

    work = folder / "lo"
    work.mkdir(exist_ok=True)
    docx_programme(work / "programme.docx", paragraphs=12)
    subprocess.run([soffice, f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(work), str(work / "programme.docx")],
                   capture_output=True, timeout=180, check=True)
    reader, writer = PdfReader(work / "programme.pdf"), PdfWriter()
    for page in reader.pages:
        fonts = page["/Resources"]["/Font"]
        for name in fonts:
            font = fonts[name].get_object()
            if "/ToUnicode" in font:
                del font[NameObject("/ToUnicode")]
        writer.add_page(page)
    path = folder / "no-tounicode.pdf"
    with path.open("wb") as fh:
        writer.write(fh)
    shutil.rmtree(work)
    return path


def text_in(folder: Path, name: str, encoding: str, bom: bool = False) -> Path:
    data = PROGRAMME_RU.replace("\n", "\r\n").encode(encoding)
    if bom:
        data = {"utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff", "utf-8": b"\xef\xbb\xbf"}[encoding] + data
    path = folder / name
    path.write_bytes(data)
    return path


def utf8_with_strays(folder: Path) -> Path:
    data = PROGRAMME_RU.encode("utf-8")
    cut = data.index("SWOT".encode())
    path = folder / "strays.txt"
    path.write_bytes(data[:cut] + b"\xff\xfe\xc3" + data[cut:])  # three stray bytes, as a bad copy leaves
    return path


def big_text(folder: Path, size: int = 200 << 20) -> Path:
    """A text file of `size` bytes (a sparse write: nothing this large is held in memory)."""
    path = folder / "big.txt"
    line = PROGRAMME_RU.encode()
    with path.open("wb") as fh:
        for _ in range(size // (len(line) * 1024)):
            fh.write(line * 1024)
    return path


def many_paragraphs(folder: Path, count: int = 100_000) -> Path:
    path = folder / "many.md"
    with path.open("w", encoding="utf-8") as fh:
        fh.write("# Программа развития\n\n")
        for i in range(count):
            fh.write(f"Мероприятие {i}: ремонт арыка.\n\n")
    return path


def fifo(folder: Path) -> Path:
    path = folder / "pipe.pdf"
    os.mkfifo(path)
    return path
