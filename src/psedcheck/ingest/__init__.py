"""Format front-ends: each turns one file into a Document; rules never see the format."""
from __future__ import annotations

from pathlib import Path

from ..model.document import Document
from ..model.errors import Empty, NotFound, Unsupported

READERS = {".pdf": "pdf", ".docx": "docx", ".odt": "odt", ".doc": "legacy", ".rtf": "legacy",
           ".txt": "txt", ".md": "md", ".markdown": "md"}
SUPPORTED = tuple(READERS)


def read_document(path: str | Path, ocr=None) -> Document:
    """Reads a supported file; raises an InputError subclass with a one-line message otherwise."""
    path = Path(path)
    if not path.exists():
        raise NotFound(f"{path}: no such file")
    if path.is_dir():
        raise Unsupported(f"{path}: is a folder, not a document")
    kind = READERS.get(path.suffix.lower())
    if kind is None:
        raise Unsupported(
            f"{path.name}: unsupported file type '{path.suffix or '(none)'}' (psedcheck reads {', '.join(SUPPORTED)})"
        )
    if path.stat().st_size == 0:
        raise Empty(f"{path.name}: the file is empty (0 bytes)")
    if kind == "pdf":
        from .pdf import read_pdf

        document = read_pdf(path, ocr)
    elif kind == "docx":
        from .docx import read_docx

        document = read_docx(path)
    elif kind == "odt":
        from .odt import read_odt

        document = read_odt(path)
    elif kind == "legacy":  # .doc and .rtf, through LibreOffice
        from .legacy import read_legacy

        document = read_legacy(path)
    else:
        from .text import read_text

        document = read_text(path, markdown=kind == "md")
    if document.is_empty:
        raise Empty(f"{path.name}: the document has no text")
    return document
