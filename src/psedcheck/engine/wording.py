"""Rule texts as whole sentences in the report language.

A message may hold `{lacking}`: one sentence per aspect not met, written in the rule file under the
aspect (`lacking`), with the action-plan table's column detail after it. Messages and fixes may
hold place words — `{place}`, `{place_gen}`, `{council_gen}`, `{executive}` … — that follow the
type of municipality the title names: an ayil aimak, a city, or, when it does not say, the
neutral «municipality». The words of each type live in locale/ui.yaml (`place_gen_city` …).
"""
from __future__ import annotations

import re

from ..i18n import ui
from ..rulebook.loader import PLACE_WORDS

KINDS = ("aimak", "city", "any")
_PLACEHOLDER = re.compile(r"\{(\w+)\}")
_CITY = re.compile(r"(?i)\b(?:город\w*|г\.|шаар\w*|city|town)")
_AIMAK = re.compile(r"(?i)(?:аймак\w*|аймаг\w*|aimak|aymak|rural municipality)")


def municipality_kind(name: str | None) -> str:
    """`city`, `aimak`, or `any` when the title names no municipality of a known type."""
    if not name:
        return "any"
    if _AIMAK.search(name):
        return "aimak"
    return "city" if _CITY.search(name) else "any"


def place_words(kind: str, lang: str) -> dict[str, str]:
    return {word: ui(f"{word}_{kind}", lang) for word in PLACE_WORDS}


def fill(text: str, values: dict[str, str]) -> str:
    """Puts the known placeholders in; anything else in braces stays as written. The sentences of
    {lacking} come from the rule file and may hold place words themselves."""
    if "lacking" in values:
        values = {**values, "lacking": fill(values["lacking"], {k: v for k, v in values.items() if k != "lacking"})}
    return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), text)


def fill_generic(text: str, lang: str) -> str:
    """A rule text for no particular document (`psedcheck explain`)."""
    return fill(text, place_words("any", lang))


def lacking(rule, met, details: dict[str, str], lang: str) -> str:
    """The sentences of the aspects not met, in the rule's order; for an action-plan column that is
    absent or thinly filled, the sentence that says so instead."""
    sentences = []
    for name, aspect in rule.aspects.items():
        if name in met:
            continue
        label = aspect.label.get(lang)
        sentence = aspect.lacking.get(lang) if aspect.lacking else None
        detail = details.get(name)
        if detail == "absent":
            sentences.append(ui("column_absent_sentence", lang, label=label))
        elif detail:  # the column is there, but too few rows fill it
            filled, total = detail.split("/")
            sentences.append(ui("column_sparse_sentence", lang, label=label, filled=filled, total=total))
        else:
            sentences.append(sentence or label)
    return " ".join(s for s in sentences if s)
