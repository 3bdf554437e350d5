"""check(path) -> DocumentReport: the pure pipeline, ingest → language → NLP → rules."""
from __future__ import annotations

import hashlib
import time
from pathlib import Path

from .analysis import ConceptMatcher, analyse, assign_sections
from .errors import InputError
from .evaluate import evaluate_rule
from .findings import DocumentReport, Failure, SectionInfo
from .ingest import read_document
from .language import assign_languages
from .metadata import title_metadata
from .rulebook import Rulebook, load_rulebook


class Checker:
    """A rule book with its compiled matchers, reused for every document of a run."""

    def __init__(self, rulebook: Rulebook | None = None, lang: str = "en", ocr=None):
        self.rulebook = rulebook or load_rulebook()
        self.matcher = ConceptMatcher(self.rulebook)
        self.lang = lang
        self.ocr = ocr

    def check(self, path: str | Path) -> DocumentReport:
        """Checks one file; an unreadable one yields a report with `error` set, never an exception."""
        path = Path(path)
        report = DocumentReport(path=str(path), format=path.suffix.lower().lstrip(".") or None)
        timings = report.timings
        try:
            report.sha256 = _sha256(path)
            started = time.perf_counter()
            document = read_document(path, self.ocr)
            timings["ingest"] = time.perf_counter() - started
        except InputError as exc:
            report.error = Failure(exc.code, exc.message)
            return report
        except OSError as exc:
            report.error = Failure("unreadable", f"{path.name}: {exc.strerror or exc}")
            return report
        self.fill(report, document)
        return report

    def fill(self, report: DocumentReport, document) -> None:
        timings = report.timings
        started = time.perf_counter()
        assign_languages(document)
        timings["language"] = time.perf_counter() - started
        started = time.perf_counter()
        assign_sections(document, self.matcher)
        analysis = analyse(document, self.matcher)
        timings["nlp"] = time.perf_counter() - started
        started = time.perf_counter()
        sources = self.rulebook.meta.sources
        report.findings = [
            evaluate_rule(rule, analysis, self.lang, sources[rule.source.ref].get(self.lang))
            for rule in self.rulebook.rules
        ]
        timings["rules"] = time.perf_counter() - started
        report.language = document.language
        report.pages = document.pages
        report.ocr_pages = list(document.ocr_pages)
        report.sections = [
            SectionInfo(s.heading, s.canonical, s.page, s.level, s.language) for s in document.sections if s.heading
        ]
        report.municipality, report.period = title_metadata(analysis)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def check(path: str | Path, rulebook: Rulebook | None = None, lang: str = "en") -> DocumentReport:
    return Checker(rulebook, lang).check(path)
