"""The municipality and the programme period, read off the title area for report headers."""
from __future__ import annotations

import re

from .analysis import Analysis
from .figures import YEAR_SPAN

_NAME = r"([A-ZА-ЯЁӨҮҢ][\w’'-]+(?:[ -][A-ZА-ЯЁӨҮҢ][\w’'-]+)?)"
_MUNICIPALITY = [
    re.compile(_NAME + r"\s+(?:айыл\w*|сельск\w*)\s+(?:аймак\w*|аймаг\w*|округ\w*)"),
    re.compile(r"(?:айыл\w*|сельск\w*)\s+(?:аймак\w*|аймаг\w*|округ\w*)\s+«?" + _NAME),
    re.compile(r"(?:город\w*|города|г\.)\s+" + _NAME),
    re.compile(_NAME + r"\s+(?:шаар\w*|town|city|ayil aimak|rural municipality)", re.IGNORECASE),
    re.compile(r"(?:ayil aimak|municipality|town) of\s+" + _NAME, re.IGNORECASE),
]


def title_metadata(analysis: Analysis) -> tuple[str | None, str | None]:
    text = " ".join(u.text for u in analysis.units if u.canonical == "title")[:3000]
    period = None
    if m := YEAR_SPAN.search(text):
        period = f"{m.group(1)}–{m.group(2)}"
    municipality = None
    for pattern in _MUNICIPALITY:
        if m := pattern.search(text):
            municipality = m.group(0).strip()
            break
    return municipality, period
