"""Figures in text: counts, measures (km, ha), money amounts, dates, decision numbers and year spans,
and where each number stands (a figure counts only for what it quantifies: engine/evaluate.py)."""
from __future__ import annotations

import re
from functools import lru_cache

from ..lang.words import alternation

_YEAR = r"(?:19|20)\d\d"
YEAR_SPAN = re.compile(rf"\b({_YEAR})\s*(?:-|–|—|\.\.|по|to|до)\s*({_YEAR})(?!\d)", re.IGNORECASE)
_NUMBER = re.compile(r"(?<![\w.])(\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d+)(?:[.,]\d+)?(?:\s*%)?")
_MONEY = re.compile(alternation("money"), re.IGNORECASE)
_MONTHS = alternation("months", whole_words=False)  # stems, DATE adds the ending: «марта», «апрели»
DATE = re.compile(
    rf"\b\d{{1,2}}[./]\d{{1,2}}[./](?:{_YEAR}|\d\d)\b"
    rf"|\b\d{{1,2}}[»\"”]?[-\s]*(?:{_MONTHS})\w*\s*(?:{_YEAR})?"  # «14» декабря 2023 года
    rf"|\b(?:{_MONTHS})\w*\s+\d{{1,2}},?\s+{_YEAR}"
    rf"|{_YEAR}\s*-?\s*(?:жылдын|ж\.)\s*\d{{1,2}}\s*-?\s*(?:{_MONTHS})",
    re.IGNORECASE,
)
_KY_YEAR_SPAN = re.compile(rf"{_YEAR}\s*-\s*{_YEAR}\s*-?\s*жыл")
DECISION = re.compile(r"(?:№|n[o°º]\.?|номер|номери)\s*(\d+(?:[-/]\d+)?)", re.IGNORECASE)
BLANK = re.compile(r"(?:№|от|from|no\.?)\s*_{2,}|_{3,}", re.IGNORECASE)
_DIGIT = re.compile(r"\d")
_ENUMERATION = re.compile(r"^\s*(?:\d{1,2}(?:\.\d{1,2})*[.)]|[IVX]+\.)\s+")


# After a number: a unit of length or area makes it a measure («42 км», «3 120 га»), not a count of
# people or things; an age or a duration («18–35 жаштагы», «за 5 лет») counts nothing either.
_MEASURE_UNIT = re.compile(r"\s*" + alternation("measure_units"), re.IGNORECASE)
_AGE_OR_DURATION = re.compile(r"\s*(?:[-–]\s*\d+\s*)?-?\s*" + alternation("age_or_duration"), re.IGNORECASE)
_ORDINAL = re.compile(r"-[^\W\d_]")
_YEAR_DIGITS = re.compile(_YEAR)
_YEAR_USED_AS_COUNT = re.compile(r"\s*(?:[.,]|сом|тыс|чел)")  # «2024 сом», «2024 тыс.»
# Before a number: a page, paragraph, article or chapter reference («стр. 12», «п. 3», «3-берене»).
_REFERENCE = re.compile(r"(?<!\w)" + alternation("reference_abbreviations", whole_words=False)
                        + r"\.\s*$"  # the dot is needed: «с 15 до 25 %»
                        + r"|(?<!\w)" + alternation("reference_words") + r"\s*$", re.IGNORECASE)


# A number that names the whole a part is taken from counts its own noun phrase only: «из 17
# депутатов» (adjectives, then the noun), «17 депутаттын ичинен» (the noun in the genitive).
_WHOLE_BEFORE = re.compile(r"(?<!\w)" + alternation("whole_before") + r"\s*$", re.IGNORECASE)
_RU_ADJECTIVE = r"[^\W\d_]+(?:ых|их|ой|ей|ого|его|ому|ему|ым|им|ые|ие|ая|яя|ую|юю|ое|ее)"
_PHRASE_AFTER = re.compile(rf"\s*((?:{_RU_ADJECTIVE}\s+)*[^\W\d_]+(?:-[^\W\d_]+)*)", re.IGNORECASE)
_WHOLE_AFTER = re.compile(r"\s*([^\W\d_]+(?:-[^\W\d_]+)*)\s+" + alternation("whole_after"), re.IGNORECASE)


def whole_of(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Where the noun phrase stands whose whole the number text[start:end] names («из 17 депутатов
    женщин немного»: «депутатов»), or None when the number names no whole."""
    if _WHOLE_BEFORE.search(text[max(0, start - 12):start]):
        phrase = _PHRASE_AFTER.match(text, end)
        return phrase.span(1) if phrase and phrase.group(1) else (end, end)
    phrase = _WHOLE_AFTER.match(text, end)
    return phrase.span(1) if phrase else None


def _blanked(pattern: re.Pattern, text: str) -> str:
    """The text with the pattern's matches turned to spaces, so offsets stay those of the text."""
    return pattern.sub(lambda m: " " * len(m.group(0)), text)


def number_spans(text: str) -> tuple[tuple[str, int, int], ...]:
    """(kind, start, end) of each number that counts or measures something: `count` or `measure`;
    not years, not list numbering, not dates, decision numbers, references, ages or durations."""
    return _spans_and_date(text)[0]


@lru_cache(maxsize=8192)  # the rules ask again for the figures of texts the analysis measured
def _spans_and_date(text: str) -> tuple[tuple[tuple[str, int, int], ...], bool]:
    """number_spans(), and whether the text holds a date: told by blanking the dates out, where no
    list number was blanked first (a date always has digits, so blanking one changes the text)."""
    unnumbered = _blanked(_ENUMERATION, text)
    undated = _blanked(DATE, unnumbered)
    dated = undated != unnumbered if unnumbered == text else bool(DATE.search(text))
    body = _blanked(DECISION, undated)
    found = []
    # what follows a number is matched in place (pattern.match(body, end)), not on a copy of the rest
    # of the text: none of these patterns looks behind its start
    for m in _NUMBER.finditer(body):
        value, digits, end = m.group(0), m.group(1), m.end()
        # «1 910» is a count; only four digits written together can be a year
        if _YEAR_DIGITS.fullmatch(digits) and "%" not in value and not _YEAR_USED_AS_COUNT.match(body, end):
            continue
        if _REFERENCE.search(body[max(0, m.start() - 12):m.start()]):
            continue
        if "%" not in value and _AGE_OR_DURATION.match(body, end):
            continue
        if _ORDINAL.match(body, end):  # «1.3-милдет», «5-класс»: a Kyrgyz ordinal names, it does not count
            continue
        found.append(("measure" if _MEASURE_UNIT.match(body, end) else "count", m.start(), end))
    return tuple(found), dated


def amount_spans(text: str) -> list[tuple[int, int]]:
    """Numbers followed (within a few characters) by a money word, or preceded by a currency sign."""
    return [(start, end) for kind, start, end in number_spans(text)
            if kind == "count" and (_MONEY.match(text[end:end + 16].lstrip(" \u00a0\u202f.,"))
                                    or text[max(0, start - 2):start].strip() in ("$", "€"))]


def counts(text: str) -> list[str]:
    """Numbers that count something: not measures, years, list numbering, dates, ages or references."""
    return [text[start:end] for kind, start, end in number_spans(text) if kind == "count"]


_NONE: tuple[frozenset[str], int] = (frozenset(), 0)


def measure(text: str) -> tuple[frozenset[str], int]:
    """Which figure kinds the text holds, and how many counts: every figure test in one pass."""
    if not _DIGIT.search(text):
        return _NONE  # every kind of figure has a digit (a blank «№ ___» is no figure)
    found = set()
    spans, dated = _spans_and_date(text)
    numbers = sum(1 for kind, _, _ in spans if kind == "count")
    if numbers:
        found.add("count")
        if _MONEY.search(text):
            found.add("amount")
    if len(spans) > numbers:
        found.add("measure")
    if dated:
        found.update(("date", "decision"))
    elif DECISION.search(text):
        found.add("decision")
    if YEAR_SPAN.search(text) or _KY_YEAR_SPAN.search(text):
        found.add("year-span")
    return frozenset(found), numbers


def kinds(text: str) -> frozenset[str]:
    return measure(text)[0]


def is_blank(text: str) -> bool:
    """A form left unfilled, such as «№ ___ от ________»."""
    return bool(BLANK.search(text))
