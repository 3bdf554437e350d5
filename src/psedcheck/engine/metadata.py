"""The municipality and the programme period, read off the title area for report headers."""
from __future__ import annotations

import re

from .units import Analysis
from .figures import YEAR_SPAN
from ..rulebook import ids

# A place name is one capitalised word, hyphens included: Таш-Булакского, Кара-Балта, Jany-Aryk.
_NAME = r"([A-ZА-ЯЁӨҮҢ][\w’'-]+)"
_MUNICIPALITY = [
    re.compile(_NAME + r"\s+(?i:айыл\w*|сельск\w*)\s+(?i:аймак\w*|аймаг\w*|округ\w*)"),
    re.compile(r"(?i:город|города|городу|шаары|шаарынын|шаарын|г\.)\s+" + _NAME),
    re.compile(_NAME + r"\s+(?i:шаар\w*|ayil aimak|aiyl aimak|town|city|rural municipality)"),
    re.compile(r"(?i:ayil aimak|aiyl aimak|municipality|town|city) of\s+" + _NAME),
]
_GENERIC = re.compile(r"\b(Айыл\w*|Аймак\w*|Аймаг\w*|Шаар\w*|Город\w*|Айыльн\w*|Айылн\w*)\b")
_RU_AIMAK = re.compile(r"айыл(?:ь)?н\w+ аймак\w*", re.IGNORECASE)


def title_metadata(analysis: Analysis) -> tuple[str | None, str | None]:
    text = " ".join(_readable(u.text) for u in analysis.units if u.canonical == ids.TITLE)[:3000]
    period = None
    if m := YEAR_SPAN.search(text):
        period = f"{m.group(1)}–{m.group(2)}"
    municipality = None
    for pattern in _MUNICIPALITY:
        if m := pattern.search(text):
            municipality = nominative(m.group(0).strip())
            break
    return municipality, period


def _readable(line: str) -> str:
    """A title set in capitals, in title case with the generic words lower-cased, so that the
    capitalised place name stands out: «ЧОҢ-ТАЛАА АЙЫЛ АЙМАГЫ» → «Чоң-Талаа айыл аймагы»."""
    if not line.isupper():
        return line
    words = ("-".join(part.capitalize() for part in word.split("-")) for word in line.lower().split())
    return _GENERIC.sub(lambda m: m.group(1).lower(), " ".join(words))


def nominative(name: str) -> str:
    """«Таш-Булакского айылного аймака» → «Таш-Булакский айылный аймак», «города Ош» → «город Ош»;
    Kyrgyz and English names stay as written."""
    if re.match(r"(?i)город\w*\s", name):
        return "город " + name.split(maxsplit=1)[1]
    if re.search(r"айыл аймаг\w*$", name):
        return re.sub(r"аймаг\w*$", "аймагы", name)  # аймагын, аймагынын → аймагы
    if not _RU_AIMAK.search(name):
        return name
    first, _ = name.split(maxsplit=1)
    if first.endswith(("ского", "цкого")):
        first = first[:-3] + "ий"  # -ского → -ский
    return f"{first} айылный аймак"
