"""Offline language identification (ru / ky / en) by a per-token vote.

lingua has no Kyrgyz (stack-measurements.md §3). A token votes Kyrgyz when it has ң/ө/ү or is a
Kyrgyz function word, English when it is Latin, Russian when it is a Russian function word or
pymorphy3 knows it. Short headings inherit their neighbours' language.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from functools import lru_cache

from ..model.document import Document
from .russian import is_russian_word

_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
KY_LETTERS = set("ңөүҢӨҮ")
KY_WORDS = frozenset(
    "жана менен үчүн боюнча болуп бул ал алар анын ичинде жок бар деп дагы же ошондой эле болот "
    "мында бардык ар бир башка кийин чейин тарабынан аркылуу жыл жылы жылдар айыл аймагы аймагынын "
    "кеңеш кеңеши программасы программанын максаты калк калкы саны киши адам адамдар аялдар эркектер "
    "балдар иш иштер жергиликтүү өкмөтү абалы жогору төмөн көп аз керек эмес ошол бирге тууралуу".split()
)
RU_WORDS = frozenset(
    "и в во на по с со для из за от до не что это как или а также при о об к ко у же бы был была были "
    "будет будут его ее их который которые года году лет тыс всего том числе".split()
)
EN_WORDS = frozenset("the of and to in for on with by is are be will was were from this that".split())


@lru_cache(maxsize=200_000)
def token_vote(word: str) -> str | None:
    low = word.lower()
    if KY_LETTERS & set(word) or low in KY_WORDS:
        return "ky"
    if low in RU_WORDS:
        return "ru"
    if low in EN_WORDS or word.isascii():
        return "en"
    if len(low) >= 3 and is_russian_word(low):
        return "ru"
    return None


def votes(text: str) -> Counter:
    return Counter(v for v in map(token_vote, _WORD.findall(text)) if v)


def decide(counter: Counter, fallback: str = "ru") -> str:
    if not counter:
        return fallback
    # Kyrgyz text is full of Russian loanwords pymorphy3 knows (программа, бюджет), and Russian text
    # quotes Kyrgyz names (Жогорку Кеңеш, айыл өкмөтү): Kyrgyz needs 40 % of the ru+ky votes.
    ru, ky, en = counter["ru"], counter["ky"], counter["en"]
    if ky and ky >= 0.4 * (ru + ky) and ky + ru >= en:
        return "ky"
    return "ru" if ru >= en else "en"


def detect(text: str, fallback: str = "ru") -> str:
    return decide(votes(text), fallback)


def detect_block(text: str, default: str) -> str:
    """A paragraph's or table's own language when it has enough words to say, else the default."""
    counter = votes(text)
    return decide(counter, default) if sum(counter.values()) >= 6 else default


def assign_languages(document: Document, forced: str | None = None) -> Document:
    """The document with its language and each section's; a section of few words inherits the document's."""
    per_section = [votes(section.text) for section in document.sections]
    language = forced or decide(sum(per_section, Counter()))
    sections = [replace(section, language=forced or (decide(counter) if sum(counter.values()) >= 4 else language))
                for section, counter in zip(document.sections, per_section)]
    return replace(document, language=language, sections=sections)


def languages_assigned(document: Document) -> bool:
    """Whether assign_languages has been through the document (a reader may do it ahead)."""
    return document.language is not None and all(section.language is not None for section in document.sections)
