"""A document's blocks as the analysis reads them, with no spaCy: each paragraph's sentences, each
block's language, and work_out, which asks a Facts for every costly result analyse() will ask of
some blocks. So another process can work them out: the split analysis' helper (engine/split.py),
or the reader, whose spaCy-free part it does while this process still loads spaCy (facts.Plain,
batch/readahead.py)."""
from __future__ import annotations

import re

from ..lang.words import alternation
from ..model.document import Block, Document, Section
from .facts import Facts

_SENTENCE_SPLIT = re.compile(r"(?<=[.!?…])\s+(?=[«\"(]?[A-ZА-ЯЁӨҮҢ0-9])")
# Abbreviations a place or person name follows: «в с. Чон-Терек», «г. Кара-Балта», «ул. Ленина».
_ABBREVIATION_END = re.compile(rf"(?:^|[\s(«]){alternation('name_abbreviations', whole_words=False)}\.$", re.IGNORECASE)


def sentences(text: str) -> list[str]:
    parts: list[str] = []
    for part in _SENTENCE_SPLIT.split(text):
        part = part.strip()
        if not part:
            continue
        if parts and _ABBREVIATION_END.search(parts[-1]):
            parts[-1] = f"{parts[-1]} {part}"  # «…в Доме культуры с. Чон-Терек» is one sentence
        else:
            parts.append(part)
    return parts


def text_language(document: Document, section: Section, block: Block, facts: Facts) -> str:
    return facts.language(block.text, section.language or document.language or "ru")


def table_language(section: Section, block: Block, facts: Facts) -> str:
    return facts.language(block.text, section.language or "ru")


def work_out(document: Document, blocks: list[tuple[Section, Block]], facts: Facts) -> None:
    """Asks `facts` for the costly results analyse() will ask for these blocks (to compute them in
    another process: engine/split.py). A result asked for and not used costs time, never correctness."""
    for section, block in blocks:
        if block.is_table:
            lang = table_language(section, block, facts)
            facts.places_of_parts(list(block.table.header), lang)
            for row in block.table.body:
                facts.places_of_parts(list(row), lang)
                for text in row:
                    facts.measure(text)
        else:
            parts = sentences(block.text)
            facts.places_of_parts(parts, text_language(document, section, block, facts))
            for part in parts:
                facts.measure(part)
