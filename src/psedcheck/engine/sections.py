"""Canonical section ids: what each heading names, inherited down the outline."""
from __future__ import annotations

from dataclasses import replace

from ..lang.detect import decide, votes
from ..model.document import Document
from ..rulebook import ids
from .matcher import SECTION_PREFIX, TOPIC_PREFIX, ConceptMatcher


def heading_languages(heading: str, lang: str) -> list[str]:
    """The languages to read a heading in, in turn: its section's; the heading's own, when it says
    (a Kyrgyz template filled in Russian keeps «I БӨЛҮМ. КИРИШҮҮ» over Russian text); then Russian,
    since Kyrgyz and English drafts often keep Russian headings."""
    return list(dict.fromkeys([lang, decide(votes(heading), lang), "ru"]))


def classify_heading(matcher: ConceptMatcher, heading: str, lang: str, prefix: str = SECTION_PREFIX) -> str | None:
    """The canonical section a heading names: the longest section alias (or topic) it contains, in
    the first of its languages that finds one."""
    for language in heading_languages(heading, lang):
        best = None
        for name, length in matcher.spans(heading, language):
            if name.startswith(prefix) and (best is None or length > best[1]):
                best = (name[len(prefix):], length)
        if best:
            return best[0]
    return None


def named_sections(matcher: ConceptMatcher, heading: str, lang: str) -> frozenset[str]:
    """Every canonical section a heading names: «Видение и стратегическая цель» is vision and goals."""
    for language in heading_languages(heading, lang):
        names = {name[len(SECTION_PREFIX):] for name, _ in matcher.spans(heading, language)
                 if name.startswith(SECTION_PREFIX)}
        if names:
            return frozenset(names)
    return frozenset()


def assign_sections(document: Document, matcher: ConceptMatcher) -> Document:
    """The document with each section's canonical id: from the heading, else inherited from the
    enclosing section, else from a topic the heading names; the title area (everything before the
    first recognised section) is "title". Needs the sections' languages (lang/detect.assign_languages)."""
    stack: list[tuple[int, str | None, frozenset[str]]] = []
    seen_canonical = False
    sections = []
    for section in document.sections:
        lang = section.language or "ru"
        own = classify_heading(matcher, section.heading, lang) if section.heading else None
        while stack and stack[-1][0] >= section.level:
            stack.pop()
        inherited = next((cid for _, cid, _ in reversed(stack) if cid), None)
        inherited_covers = next((covers for _, cid, covers in reversed(stack) if cid), frozenset())
        topic = None
        if section.heading and not own and not inherited and seen_canonical:
            topic = classify_heading(matcher, section.heading, lang, TOPIC_PREFIX)
        canonical = own or inherited or topic
        if canonical and canonical != ids.TITLE:
            seen_canonical = True
        if not canonical and not seen_canonical:
            canonical = ids.TITLE
        named = named_sections(matcher, section.heading, lang) if own else frozenset()
        covers = (named or inherited_covers) | {canonical} if canonical else frozenset()
        sections.append(replace(section, canonical=canonical, covers=covers))
        stack.append((section.level, own or inherited or topic, covers))
    return replace(document, sections=sections)
