"""check(path) -> DocumentReport: the pure pipeline, ingest → language → NLP → rules."""
from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from .engine.matcher import ConceptMatcher
from .engine.sections import assign_sections
from .engine.split import analyse_split, evaluate_split
from .engine.evaluate import evaluate_rule
from .engine.doctype import classify
from .model.document import Document
from .model.findings import DocumentReport, SectionInfo
from .lang.detect import assign_languages, languages_assigned
from .engine.metadata import title_metadata
from .reading import Read, read
from .rulebook import Rulebook, load_rulebook


class Checker:
    """A rule book with its compiled matchers, reused for every document of a run."""

    def __init__(self, rulebook: Rulebook | None = None, ocr=None, cores: int = 1):
        self.rulebook = rulebook or load_rulebook()
        self.matcher = ConceptMatcher(self.rulebook)
        self.ocr = ocr
        self.cores = cores  # one document's analysis may use this many processes (engine/split.py)

    def check(self, path: str | Path, prefetched: Read | None = None,
              ahead: Callable[[], dict] | None = None) -> DocumentReport:
        """Checks one file; an unreadable one yields a report with `error` set, never an exception.
        `prefetched` is the reading of the file already done elsewhere, `ahead` what that reader
        worked out of it since (batch/readahead.py)."""
        begun, document = prefetched or read(Path(path), self.ocr)
        return begun if document is None else self.judge(begun, document, ahead)

    def judge(self, begun: DocumentReport, document: Document, ahead: Callable[[], dict] | None = None) -> DocumentReport:
        """The report of a read document: each stage makes a new value (the document with its
        languages, then its sections' ids, the analysis, the findings), and the report is made
        once, from the reading's begun report, at the end. `ahead()` gives the spaCy-free results
        a reader has worked out meanwhile (engine/facts.Plain), asked for when the analysis starts."""
        timings = dict(begun.timings)
        started = time.perf_counter()
        if not languages_assigned(document):  # a reader may have done it (batch/readahead.py)
            document = assign_languages(document)
        timings["language"] = time.perf_counter() - started
        started = time.perf_counter()
        document = assign_sections(document, self.matcher)
        analysis = analyse_split(document, self.matcher, self.cores, ahead() if ahead else None)
        timings["nlp"] = time.perf_counter() - started
        started = time.perf_counter()
        findings = evaluate_split(self.rulebook.rules, lambda rule: evaluate_rule(rule, analysis), analysis, self.cores)
        timings["rules"] = time.perf_counter() - started
        municipality, period = title_metadata(analysis)
        return replace(
            begun, findings=findings, timings=timings, language=document.language, pages=document.pages,
            ocr_pages=list(document.ocr_pages), municipality=municipality, period=period,
            sections=[SectionInfo(s.heading, s.canonical, s.page, s.level, s.language) for s in document.sections if s.heading],
            not_programme=classify(document),  # a decision, report or budget: said so, not judged
        )
