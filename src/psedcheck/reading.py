"""Reading one file into a Document, with its hash and timing: the part of a check that needs no spaCy.

Whatever the file does, the answer is a report with a coded error, never an exception: only regular
files are opened (a FIFO would block for ever), a file gone since it was listed is `not-found`, an
I/O failure `unreadable`, and memory running out (the reading process has a ceiling, see
batch/pool.py) `out-of-memory`.
"""
from __future__ import annotations

import errno
import hashlib
import os
import time
from pathlib import Path
from typing import Optional

from .model.document import Document
from .model.errors import InputError, NotFound, OutOfMemory, Unreadable, Unsupported
from .model.findings import DocumentReport, Failure
from .ingest import read_document, regular_file
from .ingest.limits import current, megabytes

Read = tuple[DocumentReport, Optional[Document]]  # the report begun, and the Document when it could be read


class NotARegularFile(Unsupported, OSError):
    """A FIFO, socket or device where a document was expected (an OSError too, so a caller that
    only hashes, like the report cache, treats it as a file it cannot read)."""


def read(path: Path, ocr=None, cores: int = 1) -> Read:
    """The report started for `path`, and its Document, or None with the report's `error` set;
    `cores` the processes a long PDF's pages may be read by."""
    report = DocumentReport(path=str(path), format=path.suffix.lower().lstrip(".") or None)
    notes: list = []
    try:
        report.sha256 = sha256_of(path)
        started = time.perf_counter()
        document = read_document(path, ocr, notes=notes, cores=cores)
        report.timings["ingest"] = time.perf_counter() - started
    except InputError as exc:
        report.error = Failure(exc.code, exc.message)
        return report, None
    except OSError as exc:
        error = os_error(path, exc)
        report.error = Failure(error.code, error.message)
        return report, None
    except MemoryError:
        error = out_of_memory(path)
        report.error = Failure(error.code, error.message)
        return report, None
    if notes:
        report.notes = [Failure(note.code, note.message, note.values) for note in notes]
    return report, document


def out_of_memory(path: Path) -> OutOfMemory:
    ceiling = current().memory
    return OutOfMemory(f"{path.name}: reading it needed more than the {megabytes(ceiling)} of memory a document may "
                       "take (--limit memory)" if ceiling else f"{path.name}: the machine ran out of memory reading it")


def os_error(path: Path, exc: OSError) -> InputError:
    """The coded error for an operating system's failure on `path`."""
    if isinstance(exc, InputError):
        return exc
    if exc.errno == errno.ENOENT:
        return NotFound(f"{path.name}: no such file (it may have been moved or deleted)")
    return Unreadable(f"{path.name}: {exc.strerror or exc}")


def sha256_of(path: Path) -> str:
    """The file's SHA-256. Opened without blocking and checked on the open descriptor, so a FIFO
    (or a file swapped for one) raises NotARegularFile instead of waiting for a writer."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    try:
        status = os.fstat(fd)
        try:
            regular_file(path, status)
        except Unsupported as exc:
            raise NotARegularFile(exc.message) from None
        digest = hashlib.sha256()
        with os.fdopen(fd, "rb", closefd=False) as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                digest.update(chunk)
        return digest.hexdigest()
    finally:
        os.close(fd)
