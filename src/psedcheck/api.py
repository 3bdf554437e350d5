"""check(path) -> DocumentReport: the pure pipeline, ingest → language → NLP → rules."""
from __future__ import annotations

import time
from pathlib import Path

from .engine.matcher import ConceptMatcher
from .engine.sections import assign_sections
from .engine.split import analyse_split, evaluate_split
from .engine.evaluate import evaluate_rule
from .engine.doctype import classify
from .model.findings import DocumentReport, SectionInfo
from .lang.detect import assign_languages
from .engine.metadata import title_metadata
from .reading import Read, read
from .rulebook import Rulebook, load_rulebook


class Checker:
    """A rule book with its compiled matchers, reused for every document of a run."""

    def __init__(self, rulebook: Rulebook | None = None, lang: str = "en", ocr=None, cores: int = 1):
        self.rulebook = rulebook or load_rulebook()
        self.matcher = ConceptMatcher(self.rulebook)
        self.lang = lang
        self.ocr = ocr
        self.cores = cores  # one document's analysis may use this many processes (engine/split.py)

    def check(self, path: str | Path, prefetched: Read | None = None) -> DocumentReport:
        """Checks one file; an unreadable one yields a report with `error` set, never an exception.
        `prefetched` is the reading of the file already done elsewhere (see prefetch.py)."""
        report, document = prefetched or read(Path(path), self.ocr)
        if document is not None:
            self.fill(report, document)
        return report

    def fill(self, report: DocumentReport, document) -> None:
        timings = report.timings
        started = time.perf_counter()
        assign_languages(document)
        timings["language"] = time.perf_counter() - started
        started = time.perf_counter()
        assign_sections(document, self.matcher)
        analysis = analyse_split(document, self.matcher, self.cores)
        timings["nlp"] = time.perf_counter() - started
        started = time.perf_counter()
        sources = self.rulebook.meta.sources
        report.findings = evaluate_split(
            self.rulebook.rules, lambda rule: evaluate_rule(rule, analysis, self.lang, sources[rule.source.ref].get(self.lang)),
            analysis, self.cores)
        timings["rules"] = time.perf_counter() - started
        report.not_programme = classify(document)  # a decision, report or budget: said so, not judged
        report.language = document.language
        report.pages = document.pages
        report.ocr_pages = list(document.ocr_pages)
        report.sections = [
            SectionInfo(s.heading, s.canonical, s.page, s.level, s.language) for s in document.sections if s.heading
        ]
        report.municipality, report.period = title_metadata(analysis)
