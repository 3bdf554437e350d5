"""Reading one file into a Document, with its hash and timing: the part of a check that needs no spaCy."""
from __future__ import annotations

import hashlib
import time
from pathlib import Path
from typing import Optional

from .model.document import Document
from .model.errors import InputError
from .model.findings import DocumentReport, Failure
from .ingest import read_document

Read = tuple[DocumentReport, Optional[Document]]  # the report begun, and the Document when it could be read


def read(path: Path, ocr=None) -> Read:
    """The report started for `path`, and its Document, or None with the report's `error` set."""
    report = DocumentReport(path=str(path), format=path.suffix.lower().lstrip(".") or None)
    try:
        report.sha256 = sha256_of(path)
        started = time.perf_counter()
        document = read_document(path, ocr)
        report.timings["ingest"] = time.perf_counter() - started
    except InputError as exc:
        report.error = Failure(exc.code, exc.message)
        return report, None
    except OSError as exc:
        report.error = Failure("unreadable", f"{path.name}: {exc.strerror or exc}")
        return report, None
    return report, document


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()
