"""The one NLP pass over a document: units (sentences, table rows, headings) with their concepts.

Every rule reads the same units, so each text is tokenized, normalised and matched once. A unit
knows its section (and that section's canonical id), page, figures, and whether it only declares
an intention («будет обеспечено») or denies the data («данные отсутствуют»).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..lang.detect import detect_block
from ..model.document import Block, Document, Section
from . import figures
from .matcher import ConceptMatcher
from .sections import classify_heading

_SENTENCE_SPLIT = re.compile(r"(?<=[.!?…])\s+(?=[«\"(]?[A-ZА-ЯЁӨҮҢ0-9])")
_RUN_IN_WORDS = 5
_EMPTY_CELL = re.compile(r"^[\s\-–—_.,/]*$")


@dataclass(frozen=True)
class Cell:
    text: str
    header: frozenset[str]  # concepts of the column header
    concepts: frozenset[str]
    figures: frozenset[str]

    @property
    def filled(self) -> bool:
        return not _EMPTY_CELL.match(self.text) and not figures.is_blank(self.text)


@dataclass(frozen=True)
class Unit:
    text: str
    kind: str  # heading | sentence | row | header
    section: Section
    page: int | None
    concepts: frozenset[str]
    figures: frozenset[str]
    declarative: bool = False
    negated: bool = False
    ocr: bool = False
    cells: tuple[Cell, ...] = ()
    numbers: int = 0  # how many counts the text holds
    table_id: int | None = None

    @property
    def canonical(self) -> str | None:
        return self.section.canonical

    @property
    def covers(self) -> frozenset[str]:
        return self.section.covers


@dataclass
class Analysis:
    document: Document
    units: list[Unit]
    toc_sections: set[str] = field(default_factory=set)

    def present_sections(self) -> set[str]:
        return {c for s in self.document.sections for c in s.covers}

    def sections_with_heading(self) -> set[str]:
        return {c for s in self.document.sections if s.heading for c in s.covers}


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_SPLIT.split(text) if s.strip()]


def analyse(document: Document, matcher: ConceptMatcher) -> Analysis:
    units: list[Unit] = []
    for table_id, (section, block) in enumerate(document.blocks()):
        if block.is_table:
            units.extend(_table_units(section, block, matcher, table_id))
        else:
            lang = detect_block(block.text, section.language or document.language or "ru")
            parts = sentences(block.text)
            concepts = matcher.concepts_of_parts(parts, lang)
            lead = None
            if len(parts) > 1 and len(parts[0].split()) <= _RUN_IN_WORDS and not figures.counts(parts[0]):
                lead = concepts[0]  # «Денежные переводы. По данным опроса ...»
            for sentence, own in zip(parts, concepts):
                # a run-in heading names the topic of every sentence after it
                units.append(_unit(sentence, "sentence", section, block, own | lead if lead else own))
    for section in document.sections:
        if section.heading:
            lang = section.language or "ru"
            units.append(Unit(section.heading, "heading", section, section.page,
                              matcher.concepts(section.heading, lang), figures.kinds(section.heading),
                              ocr=section.page in document.ocr_pages))
    toc = {classify_heading(matcher, entry, document.language or "ru") for entry in document.toc}
    return Analysis(document, units, {t for t in toc if t})


def _unit(text: str, kind: str, section: Section, block: Block, concepts: frozenset[str]) -> Unit:
    found, numbers = figures.measure(text)
    has_data = "count" in found
    return Unit(
        text, kind, section, block.page, concepts, found,
        declarative="_declarative" in concepts and not has_data,
        negated="_negation" in concepts and not has_data,
        ocr=block.ocr, numbers=numbers,
    )


def _table_units(section: Section, block: Block, matcher: ConceptMatcher, table_id: int) -> list[Unit]:
    table = block.table
    default = section.language or "ru"
    lang = detect_block(block.text, default)
    header_concepts = matcher.concepts_of_parts(list(table.header), lang)
    units = [Unit(" | ".join(table.header), "header", section, block.page,
                  frozenset().union(*header_concepts) if header_concepts else frozenset(),
                  frozenset(), ocr=block.ocr, table_id=table_id)]
    if section.canonical == "swot":  # a SWOT grid: each cell is an item of its own quadrant
        for row in table.body:
            items = [cell for cell in row if cell.strip()]
            units.extend(_unit(cell, "sentence", section, block, own)
                         for cell, own in zip(items, matcher.concepts_of_parts(items, lang)))
        return units
    for row in table.body:
        cells, numbers = [], 0
        for i, (text, own) in enumerate(zip(row, matcher.concepts_of_parts(list(row), lang))):
            head = header_concepts[i] if i < len(header_concepts) else frozenset()
            cell_figures, cell_numbers = figures.measure(text)
            cells.append(Cell(text, head, own, cell_figures))
            numbers += cell_numbers
        concepts = frozenset().union(*(c.concepts for c in cells)) if cells else frozenset()
        found = frozenset().union(*(c.figures for c in cells)) if cells else frozenset()
        text = " | ".join(row)
        units.append(Unit(
            text, "row", section, block.page, concepts, found,
            declarative="_declarative" in concepts and "count" not in found,
            negated="_negation" in concepts and "count" not in found,
            ocr=block.ocr, cells=tuple(cells), table_id=table_id,
            numbers=numbers,
        ))
    return units
