"""An on-disk cache of document reports (--cache DIR): a re-run reuses the results of unchanged files.

One JSON file per result, named by a key over everything that decides it: the file's sha256 and
name (.md and .txt read the same bytes differently, and error messages name the file), the rule
set's id, version and the digest of its YAML files, the tool version and the digest of the code that
reads and judges, and the OCR setting. Not the report language: a result is stored as facts and put into words
when a report is composed (reporters/wording.py). It needs no Checker, only what one is
built from (CacheScope), so a re-run consults it before spaCy is imported. Writes are atomic (a temporary file in DIR, then os.replace), so a killed run never
leaves a half-written entry; a cache that cannot be written is skipped, never fatal.
"""
from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import __version__
from ..reading import sha256_of
from ..model.findings import DocumentReport
from ..reporters.json import document_dict, document_from_dict

# Failures that depend on the run (the time limit, a killed worker, a passing I/O error), not the file.
UNCACHED_ERRORS = {"timeout", "crashed", "internal", "unreadable", "not-found", "no-documents"}


@dataclass(frozen=True)
class CacheScope:
    """What a result depends on besides the file, as a Checker holds it (a Checker serves as well)."""
    rulebook: Any
    ocr: Any = None


def checker_fingerprint(checker: CacheScope) -> str:
    rulebook = checker.rulebook
    rules = hashlib.sha256()
    for path in sorted(rulebook.folder.rglob("*.yaml")):
        rules.update(path.relative_to(rulebook.folder).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    code = hashlib.sha256()  # a changed reader or engine changes results even under the same version
    package = Path(__file__).resolve().parent.parent
    for path in sorted(p for room in ("model", "lang", "ingest", "engine", "rulebook") for p in (package / room).rglob("*.py")):
        code.update(path.read_bytes())
    ocr = checker.ocr if checker.ocr is None else getattr(checker.ocr, "cache_key", type(checker.ocr).__qualname__)
    parts = {"tool": __version__, "ruleset": rulebook.id, "version": rulebook.meta.version,
             "rules": rules.hexdigest(), "code": code.hexdigest(), "ocr": ocr}
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


class ReportCache:
    def __init__(self, folder: str | Path, checker: CacheScope):
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.fingerprint = checker_fingerprint(checker)

    def _entry(self, path: Path, sha256: str) -> Path:
        key = hashlib.sha256(f"{self.fingerprint}\0{sha256}\0{path.name}".encode()).hexdigest()
        return self.folder / f"{key}.json"

    def get(self, path: str | Path) -> DocumentReport | None:
        """The stored report of this file's content, under its current path; None when absent or unreadable."""
        path = Path(path)
        try:
            data = json.loads(self._entry(path, sha256_of(path)).read_text(encoding="utf-8"))
            report = document_from_dict(data)
        except (OSError, ValueError, KeyError, TypeError):
            return None
        report.path = str(path)
        return report

    def put(self, report: DocumentReport) -> None:
        if not report.sha256 or (report.error and report.error.code in UNCACHED_ERRORS):
            return
        target = self._entry(Path(report.path), report.sha256)
        tmp = None
        try:
            fd, tmp = tempfile.mkstemp(dir=self.folder, prefix=".", suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(document_dict(report), fh, ensure_ascii=False)
            os.replace(tmp, target)
        except OSError:
            if tmp:
                Path(tmp).unlink(missing_ok=True)
