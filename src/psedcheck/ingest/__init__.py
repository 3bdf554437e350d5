"""Format front-ends: each turns one file into a Document; rules never see the format."""
from __future__ import annotations

import os
import stat
from pathlib import Path

from ..model.document import Document
from ..model.errors import Empty, NotFound, Unreadable, Unsupported
from .limits import Limits, current

READERS = {".pdf": "pdf", ".docx": "docx", ".odt": "odt", ".doc": "legacy", ".rtf": "legacy",
           ".txt": "txt", ".md": "md", ".markdown": "md"}
SUPPORTED = tuple(READERS)
_KINDS = ((stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISDIR, "a folder"))


def regular_file(path: Path, status: os.stat_result) -> None:
    """Raises Unsupported unless `status` is a regular file's: reading a FIFO or a device would wait
    for ever or never end, so it is decided from stat, before anything opens the file."""
    if stat.S_ISREG(status.st_mode):
        return
    what = next((name for test, name in _KINDS if test(status.st_mode)), "not a regular file")
    raise Unsupported(f"{path.name}: is {what}, not a document")


def stat_of(path: Path) -> os.stat_result:
    """os.stat with the coded errors: not-found for a file that is gone, unreadable otherwise."""
    try:
        return path.stat()
    except FileNotFoundError:
        raise NotFound(f"{path.name}: no such file (it may have been moved or deleted)") from None
    except OSError as exc:
        raise Unreadable(f"{path.name}: {exc.strerror or exc}") from None


def read_document(path: str | Path, ocr=None, limits: Limits | None = None, notes: list | None = None,
                  cores: int = 1) -> Document:
    """Reads a supported file; raises an InputError subclass with a one-line message otherwise.
    `notes` (a list) receives Notes on the reading that did not stop it; `cores` the processes a
    long PDF's pages may be read by."""
    path = Path(path)
    limits = limits or current()
    kind = READERS.get(path.suffix.lower())
    status = stat_of(path)
    regular_file(path, status)
    if kind is None:
        raise Unsupported(
            f"{path.name}: unsupported file type '{path.suffix or '(none)'}' (psedcheck reads {', '.join(SUPPORTED)})"
        )
    if status.st_size == 0:
        raise Empty(f"{path.name}: the file is empty (0 bytes)")
    if kind == "pdf":
        from .pdf import read_pdf

        document = read_pdf(path, ocr, limits, notes, cores)
    elif kind == "docx":
        from .docx import read_docx

        document = read_docx(path, limits)
    elif kind == "odt":
        from .odt import read_odt

        document = read_odt(path, limits)
    elif kind == "legacy":  # .doc and .rtf, through LibreOffice
        from .legacy import read_legacy

        document = read_legacy(path)
    else:
        from .text import read_text

        document = read_text(path, markdown=kind == "md", limits=limits, notes=notes)
    if document.is_empty:
        raise Empty(f"{path.name}: the document has no text")
    return document
