"""The one NLP pass over a document: units (sentences, table rows, headings) with their concepts.

Every rule reads the same units, so each text is tokenized, normalised and matched once. A unit
knows its section (and that section's canonical id), page, figures, and whether it only declares
an intention («будет обеспечено») or denies the data («данные отсутствуют»).
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from spacy.matcher import PhraseMatcher

from . import figures
from .document import Block, Document, Section
from .language import detect_block
from .nlp import Pipeline
from .rulebook import Rulebook

SECTION_PREFIX = "§"
TOPIC_PREFIX = "¶"
SHIELD = "_shield"
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


@dataclass
class Analysis:
    document: Document
    units: list[Unit]
    toc_sections: set[str] = field(default_factory=set)

    def present_sections(self) -> set[str]:
        return {s.canonical for s in self.document.sections if s.canonical}

    def sections_with_heading(self) -> set[str]:
        return {s.canonical for s in self.document.sections if s.canonical and s.heading}


class ConceptMatcher:
    """Per-language PhraseMatchers over normalised keys, for every concept and section alias.

    Several concepts may share a term (аял is both `women` and a rule's own concept), and a
    PhraseMatcher keeps one key per pattern, so each distinct pattern gets its own key and a table
    maps it back to every concept that lists it.
    """

    def __init__(self, rulebook: Rulebook):
        self._stems = rulebook.kyrgyz_stems()
        self._named_terms = [(name, terms) for name, terms in rulebook.concepts.items()]
        self._named_terms += [(SECTION_PREFIX + sid, s.terms) for sid, s in rulebook.sections.sections.items()]
        self._named_terms += [(TOPIC_PREFIX + sid, s.topics) for sid, s in rulebook.sections.sections.items()]
        self.pipelines, self.matchers, self.owners = {}, {}, {}

    def _compile(self, lang: str) -> None:
        """Builds one language's pipeline and matcher on first use (a Russian text may need no English)."""
        pipe = Pipeline(lang, self._stems if lang == "ky" else ())
        matcher = PhraseMatcher(pipe.nlp.vocab, attr="LEMMA")
        owners: dict[str, set[str]] = {}
        patterns = {}
        unique_terms = list(dict.fromkeys(t for _, terms in self._named_terms for t in terms.get(lang) if t.strip()))
        term_docs = dict(zip(unique_terms, pipe.pipe(unique_terms)))  # a term listed by many concepts: once
        for name, terms in self._named_terms:
            for term in terms.get(lang):
                doc = term_docs.get(term)
                if doc is None or not len(doc):
                    continue
                key = "\u241f".join(t.lemma_ for t in doc)
                patterns.setdefault(key, doc)
                owners.setdefault(key, set()).add(name)
        for key, doc in patterns.items():
            matcher.add(key, [doc])
        self.pipelines[lang], self.matchers[lang] = pipe, matcher
        self.owners[lang] = {key: frozenset(names) for key, names in owners.items()}

    def _matches(self, text: str, lang: str):
        """(concept, first token, end token, doc) for each concept a match stands for.

        A match of the `_shield` concept hides the concepts inside it: «ООН-Женщины» is a donor,
        not women, and «8 Марта» is a holiday, not a measure for women.
        """
        if lang not in self.matchers:
            self._compile(lang)
        doc = self.pipelines[lang](text)
        strings, owners = doc.vocab.strings, self.owners[lang]
        found = [(name, start, end) for mid, start, end in self.matchers[lang](doc) for name in owners[strings[mid]]]
        shields = [(start, end) for name, start, end in found if name == SHIELD]
        kept = [(name, start, end) for name, start, end in found
                if name != SHIELD and not any(s <= start and end <= e for s, e in shields)]
        return kept, doc

    def spans(self, text: str, lang: str) -> list[tuple[str, int]]:
        """(concept, matched token count) for each concept found in the text."""
        found, _ = self._matches(text, lang)
        return [(name, end - start) for name, start, end in found]

    def concepts(self, text: str, lang: str) -> frozenset[str]:
        return frozenset(name for name, _ in self.spans(text, lang))

    def concepts_of_parts(self, parts: list[str], lang: str) -> list[frozenset[str]]:
        """The concepts of each part (the sentences of a paragraph, the cells of a row), found in one
        pass over the parts joined by line breaks, which no term crosses."""
        starts, offset = [], 0
        for part in parts:
            starts.append(offset)
            offset += len(part) + 1
        found, doc = self._matches("\n".join(parts), lang)
        result: list[set[str]] = [set() for _ in parts]
        for name, start, _ in found:
            result[bisect_right(starts, doc[start].idx) - 1].add(name)
        return [frozenset(r) for r in result]


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_SPLIT.split(text) if s.strip()]


def classify_heading(matcher: ConceptMatcher, heading: str, lang: str, prefix: str = SECTION_PREFIX) -> str | None:
    """The canonical section a heading names: the longest section alias (or topic) it contains."""
    best = None
    for name, length in matcher.spans(heading, lang):
        if name.startswith(prefix) and (best is None or length > best[1]):
            best = (name[len(prefix):], length)
    if best is None and lang != "ru":  # Kyrgyz and English drafts often keep Russian headings
        return classify_heading(matcher, heading, "ru", prefix)
    return best[0] if best else None


def assign_sections(document: Document, matcher: ConceptMatcher) -> None:
    """Canonical ids: from the heading, else inherited from the enclosing section, else from a topic
    the heading names; the title area (everything before the first recognised section) is "title"."""
    stack: list[tuple[int, str | None]] = []
    seen_canonical = False
    for section in document.sections:
        lang = section.language or "ru"
        own = classify_heading(matcher, section.heading, lang) if section.heading else None
        while stack and stack[-1][0] >= section.level:
            stack.pop()
        inherited = next((cid for _, cid in reversed(stack) if cid), None)
        topic = None
        if section.heading and not own and not inherited and seen_canonical:
            topic = classify_heading(matcher, section.heading, lang, TOPIC_PREFIX)
        section.canonical = own or inherited or topic
        if section.canonical and section.canonical != "title":
            seen_canonical = True
        if not section.canonical and not seen_canonical:
            section.canonical = "title"
        stack.append((section.level, own or inherited or topic))


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
