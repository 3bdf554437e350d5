"""The one NLP pass over a document: units (sentences, table rows, headings) with their concepts.

Every rule reads the same units, so each text is tokenized, normalised and matched once. A unit
knows its section (and that section's canonical id), page, figures, and whether it only declares
an intention («будет обеспечено») or denies the data («данные отсутствуют»).
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from ..lang.function_words import ANAPHORS
from ..model.document import Block, Document, Section
from . import figures
from .blocks import sentences, table_language, text_language
from .facts import Facts
from .matcher import ConceptMatcher
from ..rulebook import ids
from .sections import classify_heading

_RUN_IN_WORDS = 5
_EMPTY_CELL = re.compile(r"^[\s\-–—_.,/]*$")
# A bare label: up to three words with a number or a colon and nothing said («Стратегическая цель 1.»,
# «Задача 1.1.», «1-артыкчылык.», «Goal 2:», «Маселелер:»).
_LABEL = re.compile(r"^\s*(?:\d+(?:\.\d+)*[.)-]?\s*)?(?:[^\W\d_]+[\s-]*){1,3}(?:№\s*)?(?:\d+(?:\.\d+)*|[IVX]+)?\s*[.:)]?\s*$")
_LABEL_WORDS = 3
_LABEL_CHARS = 60
_SWOT_POINT = re.compile(r";\s+|\n+")  # the points a quadrant cell lists
_ITEM_NUMBER = re.compile(r"^\s*\d{1,3}(?:\.\d{1,3})*\.?\s*$")


def is_label(text: str) -> bool:
    """A bare label («Задача 1.1.», «Goal 2:»), or an item number standing alone («3.1.»): it says nothing."""
    stripped = text.strip()
    if _ITEM_NUMBER.match(stripped):
        return True
    if len(stripped) > _LABEL_CHARS:  # a label is short; and the pattern would backtrack on a long sentence
        return False
    return bool(_LABEL.match(stripped)) and (stripped.endswith(":") or any(c.isdigit() for c in stripped))


@dataclass(frozen=True)
class Cell:
    text: str
    header: frozenset[str]  # concepts of the column header
    concepts: frozenset[str]
    figures: frozenset[str]

    @property
    def filled(self) -> bool:
        """Holds content: not empty, not a blank form, not a placeholder («уточняется», «аныкталат»)."""
        if _EMPTY_CELL.match(self.text) or figures.is_blank(self.text):
            return False
        return not (ids.PLACEHOLDER in self.concepts and "count" not in self.figures)


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
    placeholder: bool = False  # stands where content should be: fills no aspect
    label: bool = False  # a bare label, or a cell that only names a SWOT quadrant
    ocr: bool = False
    cells: tuple[Cell, ...] = ()
    numbers: int = 0  # how many counts the text holds
    table_id: int | None = None
    places: tuple[tuple[str, int, int], ...] = ()  # (concept, start, end) of each concept the text itself holds
    paragraph: int | None = None  # the block a sentence belongs to: sentences of one paragraph share it

    @property
    def canonical(self) -> str | None:
        return self.section.canonical

    @property
    def covers(self) -> frozenset[str]:
        return self.section.covers

    @property
    def is_content(self) -> bool:
        """Says something: a sentence or a table row that is neither a bare label nor a placeholder."""
        return self.kind in ("sentence", "row") and not (self.label or self.placeholder)


@dataclass
class Analysis:
    document: Document
    units: list[Unit]
    toc_sections: set[str] = field(default_factory=set)
    figure_window: int = 8  # words between a figure and what it quantifies (ruleset.yaml)
    _positions: dict[int, int] | None = field(default=None, repr=False)
    _by_scope: dict = field(default_factory=dict, repr=False, compare=False)  # units_in's index
    _by_concept: dict[str, list[int]] | None = field(default=None, repr=False, compare=False)  # holding's index

    def following(self, unit: Unit) -> Unit | None:
        """The sentence after a sentence when it goes on about the subject of the first: in the same
        paragraph, or in the same section opening with an anaphor («Их тратят…», «Аларга…»)."""
        if self._positions is None:
            self._positions = {id(u): i for i, u in enumerate(self.units)}
        i = self._positions.get(id(unit))
        after = self.units[i + 1] if i is not None and i + 1 < len(self.units) else None
        if after is None or unit.kind != "sentence" or after.kind != "sentence" or after.section is not unit.section:
            return None
        if after.paragraph is not None and after.paragraph == unit.paragraph:
            return after
        first = after.text.split(maxsplit=1)[0].strip("«\"(,.:;").lower() if after.text.strip() else ""
        return after if first in ANAPHORS else None

    def units_in(self, sections: frozenset[str]) -> list[Unit]:
        """The units of any of these sections, in order: an index made once per scope and document,
        since rules share scopes (read-only: callers filter it, never change it)."""
        found = self._by_scope.get(sections)
        if found is None:
            found = self._by_scope[sections] = [u for u in self.units if u.covers & sections]
        return found

    def holding(self, concepts: Iterable[str]) -> list[Unit]:
        """The units that hold any of these concepts, in order."""
        index = self._concept_index()
        lists = [index[name] for name in concepts if name in index]
        positions = lists[0] if len(lists) == 1 else sorted({i for found in lists for i in found})
        return [self.units[i] for i in positions]

    def rarest(self, concepts: Iterable[str]) -> str:
        """The concept held by the fewest units (a group's units are among that one's)."""
        index = self._concept_index()
        return min(concepts, key=lambda name: (len(index.get(name, ())), name))

    def _concept_index(self) -> dict[str, list[int]]:
        """Concept -> the positions of the units holding it. Rules look for a few concepts among
        thousands of units; the index is made once per document."""
        if self._by_concept is None:
            self._by_concept = {}
            for position, unit in enumerate(self.units):
                for name in unit.concepts:
                    self._by_concept.setdefault(name, []).append(position)
        return self._by_concept

    def present_sections(self) -> set[str]:
        return {c for s in self.document.sections for c in s.covers}

    def sections_with_heading(self) -> set[str]:
        return {c for s in self.document.sections if s.heading for c in s.covers}


def analyse(document: Document, matcher: ConceptMatcher, facts: Facts | None = None) -> Analysis:
    """`facts` may hold results worked out ahead (engine/split.py); by default all are computed here."""
    facts = facts or Facts(matcher)
    units: list[Unit] = []
    passed = _passed_down(document, matcher)
    carried, carried_from = frozenset(), None  # a label paragraph («Приоритет 1.») names the next one
    for table_id, (section, block) in enumerate(document.blocks()):
        if block.is_table:
            units.extend(_table_units(section, block, facts, table_id, passed.get(id(section), frozenset())))
            carried = frozenset()
        else:
            lang = text_language(document, section, block, facts)
            parts = sentences(block.text)
            places = facts.places_of_parts(parts, lang)
            concepts = [frozenset(name for name, _, _ in p) for p in places]
            lead = carried if carried_from is section else None
            if len(parts) > 1 and (is_label(parts[0]) or
                                   len(parts[0].split()) <= _RUN_IN_WORDS and not figures.counts(parts[0])):
                lead = concepts[0] | (lead or frozenset())  # «Денежные переводы. По данным опроса ...»
            # a label sentence («Приоритет 3.») names the sentence after it, in this paragraph or the next
            named = [frozenset()] + [c if is_label(p) else frozenset() for p, c in zip(parts, concepts)][:-1]
            carried, carried_from = (concepts[-1], section) if parts and is_label(parts[-1]) else (frozenset(), None)
            above = passed.get(id(section), frozenset())
            for sentence, own, where, label in zip(parts, concepts, places, named):
                # a run-in heading names the topic of every sentence after it
                topic = (lead or frozenset()) | label
                unit = _unit(sentence, "sentence", section, block, own | topic, facts, where, paragraph=table_id)
                if above and unit.is_content:
                    unit = replace(unit, concepts=unit.concepts | above)
                units.append(unit)
    for section in document.sections:
        if section.heading:
            lang = section.language or "ru"
            units.append(Unit(section.heading, "heading", section, section.page,
                              matcher.concepts(section.heading, lang), figures.kinds(section.heading),
                              ocr=section.page in document.ocr_pages))
            units.extend(_stated_in_heading(section, matcher, lang, section.page in document.ocr_pages))
    toc = {classify_heading(matcher, entry, document.language or "ru") for entry in document.toc}
    return Analysis(document, units, {t for t in toc if t}, matcher.figure_window)


def _stated_in_heading(section: Section, matcher: ConceptMatcher, lang: str, ocr: bool) -> list[Unit]:
    """«Goal 1. Decent livelihoods at home», «Цель 1. Рост доходов населения»: a heading that opens with
    a label of a goal, priority, task or risk states one; what follows the label is content, named by it."""
    parts = sentences(section.heading)
    if len(parts) < 2 or not is_label(parts[0]):
        return []
    places = matcher.places_of_parts(parts, lang)
    named = frozenset(n for n, _, _ in places[0]) & matcher.label_concepts
    if not named:
        return []
    rest = " ".join(parts[1:])
    own = frozenset(n for p in places[1:] for n, _, _ in p)
    found, numbers = figures.measure(rest)
    return [Unit(rest, "sentence", section, section.page, own | named, found, ocr=ocr, numbers=numbers)]


def _passed_down(document: Document, matcher: ConceptMatcher) -> dict[int, frozenset[str]]:
    """For each section (by id), the label concepts its heading passes to the text under it."""
    labels = matcher.label_concepts
    if not labels:
        return {}
    passed = {}
    for section in document.sections:
        if section.heading and len(section.heading.split()) <= _LABEL_WORDS + 1:
            found = matcher.concepts(section.heading, section.language or "ru") & labels
            if found:
                passed[id(section)] = found
    return passed


def _unit(text: str, kind: str, section: Section, block: Block, concepts: frozenset[str], facts: Facts,
          places: tuple[tuple[str, int, int], ...] = (), paragraph: int | None = None) -> Unit:
    found, numbers = facts.measure(text)
    has_data = "count" in found
    return Unit(
        text, kind, section, block.page, concepts, found,
        declarative=ids.DECLARATIVE in concepts and not has_data,
        negated=ids.NEGATION in concepts and not has_data,
        placeholder=ids.PLACEHOLDER in concepts and not has_data,
        label=is_label(text),
        ocr=block.ocr, numbers=numbers, places=places, paragraph=paragraph,
    )


def _table_units(section: Section, block: Block, facts: Facts, table_id: int,
                 above: frozenset[str] = frozenset()) -> list[Unit]:
    table, matcher = block.table, facts.matcher
    lang = table_language(section, block, facts)
    header_concepts = facts.concepts_of_parts(list(table.header), lang)
    units = [Unit(" | ".join(table.header), "header", section, block.page,
                  frozenset().union(*header_concepts) if header_concepts else frozenset(),
                  frozenset(), ocr=block.ocr, table_id=table_id)]
    if ids.SWOT in section.covers:
        units.extend(_swot_cells(section, block, facts, lang, header_concepts, above))
        return units
    for row in table.body:
        cells, numbers = [], 0
        for i, (text, own) in enumerate(zip(row, facts.concepts_of_parts(list(row), lang))):
            head = header_concepts[i] if i < len(header_concepts) else frozenset()
            # the row's number («7», «2.1.») in its first cell is an item number, not a figure
            cell_figures, cell_numbers = (frozenset(), 0) if i == 0 and _ITEM_NUMBER.match(text) \
                else facts.measure(text)
            if ids.COST in head and "count" in cell_figures:  # «450,000» under «Cost, KGS» is money
                cell_figures, cell_numbers = cell_figures - {"count"} | {"amount"}, 0
            cells.append(Cell(text, head, own, cell_figures))
            numbers += cell_numbers
        # a filled cell is what a label header names: «Засуха» under «Риск» is a risk
        labels = matcher.label_concepts
        concepts = frozenset().union(*(c.concepts | c.header & labels if c.filled else c.concepts for c in cells)) if cells else frozenset()
        found = frozenset().union(*(c.figures for c in cells)) if cells else frozenset()
        text = " | ".join(row)
        units.append(Unit(
            text, "row", section, block.page, concepts, found,
            declarative=ids.DECLARATIVE in concepts and "count" not in found,
            negated=ids.NEGATION in concepts and "count" not in found,
            ocr=block.ocr, cells=tuple(cells), table_id=table_id,
            numbers=numbers,
        ))
    return units


def _swot_cells(section: Section, block: Block, facts: Facts, lang: str,
                header_concepts: list[frozenset[str]], above: frozenset[str]) -> list[Unit]:
    """A SWOT grid: each point of a filled cell is a point of its quadrant. The quadrant is named by the cell
    itself, the label cell at the start of its row, the label row above it, or the column header;
    a cell that only names a quadrant («Возможности») is a label, not a point."""
    labels = facts.matcher.label_concepts
    column = [c & labels for c in header_concepts]
    units = []
    for row in block.table.body:
        own = facts.concepts_of_parts(list(row), lang)
        is_label_cell = [bool(o & labels) and len(t.split()) <= _LABEL_WORDS for t, o in zip(row, own)]
        filled = [i for i, t in enumerate(row) if t.strip()]
        if filled and all(is_label_cell[i] for i in filled):  # a label row: «Возможности | Угрозы»
            column = [own[i] & labels if i < len(row) and is_label_cell[i] else c for i, c in enumerate(column)]
            column += [own[i] & labels for i in range(len(column), len(row))]
            continue
        row_label = frozenset()
        for i, (text, concepts) in enumerate(zip(row, own)):
            if _EMPTY_CELL.match(text):  # «–» says nothing
                continue
            if is_label_cell[i]:
                row_label = concepts & labels  # «Угрозы | –»: the cells after it are threats
                continue
            quadrant = row_label or (column[i] if i < len(column) else frozenset()) or above
            units.extend(_swot_points(text, section, block, facts, lang, quadrant))
    return units


def _swot_points(text: str, section: Section, block: Block, facts: Facts, lang: str,
                 quadrant: frozenset[str]) -> list[Unit]:
    """The points of one quadrant cell («Изношенный водопровод (54 % охвата); отток молодежи на
    заработки»), each a unit with its own places: a figure counts only beside what it quantifies,
    and a point is described by what it says itself, not by its neighbours in the cell."""
    points = [p.strip() for p in _SWOT_POINT.split(text) if not _EMPTY_CELL.match(p)]
    units = []
    for point, places in zip(points, facts.places_of_parts(points, lang)):
        unit = _unit(point, "sentence", section, block, frozenset(name for name, _, _ in places), facts, places)
        if unit.is_content and quadrant:
            unit = replace(unit, concepts=unit.concepts | quadrant)
        units.append(unit)
    return units
