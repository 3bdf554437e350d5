"""Figures in text: counts, money amounts, dates, decision numbers and year spans."""
from __future__ import annotations

import re

_YEAR = r"(?:19|20)\d\d"
YEAR_SPAN = re.compile(rf"\b({_YEAR})\s*(?:-|–|—|\.\.|по|to|до)\s*({_YEAR})(?!\d)", re.IGNORECASE)
_NUMBER = re.compile(r"(?<![\w.])(\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d+)(?:[.,]\d+)?(?:\s*%)?")
_MONEY = re.compile(
    r"(?:сом\w*|тыс\w*|млн\w*|млрд\w*|миң\w*|миллион\w*|som\b|soms\b|kgs\b|usd\b|\$|доллар\w*|thousand|million|eur\b|евро)",
    re.IGNORECASE,
)
_MONTHS = (
    "январ|феврал|март|апрел|мая|май|июн|июл|август|сентябр|октябр|ноябр|декабр"
    "|үчтүн|бирдин|жалган|чилде|бугу|кулжа|теке|баш оона|аяк оона|тогуздун|жетинин|бештин"
    "|january|february|march|april|may|june|july|august|september|october|november|december"
)
DATE = re.compile(
    rf"\b\d{{1,2}}[./]\d{{1,2}}[./](?:{_YEAR}|\d\d)\b"
    rf"|\b\d{{1,2}}[-\s]*(?:{_MONTHS})\w*\s*(?:{_YEAR})?"
    rf"|\b(?:{_MONTHS})\w*\s+\d{{1,2}},?\s+{_YEAR}"
    rf"|{_YEAR}\s*-?\s*(?:жылдын|ж\.)\s*\d{{1,2}}\s*-?\s*(?:{_MONTHS})",
    re.IGNORECASE,
)
_KY_YEAR_SPAN = re.compile(rf"{_YEAR}\s*-\s*{_YEAR}\s*-?\s*жыл")
DECISION = re.compile(r"(?:№|n[o°º]\.?|номер|номери)\s*(\d+(?:[-/]\d+)?)", re.IGNORECASE)
BLANK = re.compile(r"(?:№|от|from|no\.?)\s*_{2,}|_{3,}", re.IGNORECASE)
_ENUMERATION = re.compile(r"^\s*(?:\d{1,2}(?:\.\d{1,2})*[.)]|[IVX]+\.)\s+")


def counts(text: str) -> list[str]:
    """Numbers that count or measure something: not years, not list numbering, not dates."""
    body = _ENUMERATION.sub("", text)
    body = DECISION.sub(" ", DATE.sub(" ", body))
    found = []
    for m in _NUMBER.finditer(body):
        value = m.group(0)
        digits = m.group(1)  # «1 910» is a count; only four digits written together can be a year
        if re.fullmatch(_YEAR, digits) and "%" not in value and not re.match(r"\s*(?:[.,]|сом|тыс|чел)", body[m.end():]):
            continue
        found.append(value)
    return found


_NONE: tuple[frozenset[str], int] = (frozenset(), 0)


def measure(text: str) -> tuple[frozenset[str], int]:
    """Which figure kinds the text holds, and how many counts: every figure test in one pass."""
    if not any(c.isdigit() for c in text):
        return _NONE  # every kind of figure has a digit (a blank «№ ___» is no figure)
    found = set()
    numbers = len(counts(text))
    if numbers:
        found.add("count")
        if _MONEY.search(text):
            found.add("amount")
    if DATE.search(text):
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
