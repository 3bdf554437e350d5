"""A finding's facts put into whole sentences of the report language, from the rule's texts.

The engine writes no words: a finding says which rule, its status, the aspects met with their
quotes, what a thin action-plan column lacks and what the document admits. Here, and only here,
those facts become the rule's title, message, fix, source and note and the aspects' labels, in the
language asked for, when a report is composed (`compose`) or a saved one is told again
(`phrase_document`). So a cached or saved report re-renders in any language.

A message may hold `{lacking}`: one sentence per aspect not met, written in the rule file under the
aspect (`lacking`), with the action-plan table's column detail after it. Messages and fixes may
hold place words — `{place}`, `{place_gen}`, `{council_gen}`, `{executive}` … — that follow the
type of municipality the title names: an ayil aimak, a city, or, when it does not say, the
neutral «municipality». The words of each type live in locale/ui.yaml (`place_gen_city` …).
"""
from __future__ import annotations

import re
from dataclasses import replace

from .. import __version__
from ..i18n import ui
from ..model.findings import DocumentReport, Finding, Report, Status
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


def compose(documents: list[DocumentReport], rulebook, lang: str, **options) -> Report:
    """The report of a run: every document's findings in words of `lang`, with the rule set's title
    and its sections in the same language."""
    return Report(__version__, rulebook.id, lang, [phrase_document(d, rulebook, lang) for d in documents],
                  ruleset_title=rulebook.meta.title.get(lang), canonical_sections=rulebook.canonical_sections(lang),
                  **options)


def phrase_document(doc: DocumentReport, rulebook, lang: str) -> DocumentReport:
    """The document's findings in words of `lang`. A finding of a rule this rule set lacks (a saved
    report of another version) keeps the words it was saved with."""
    if not doc.findings:
        return doc
    rules = rulebook.rules_by_id
    kind = municipality_kind(doc.municipality)
    sources = rulebook.meta.sources
    findings = [phrase(f, rules[f.rule], sources[rules[f.rule].source.ref].get(lang), kind, lang)
                if f.rule in rules else f for f in doc.findings]
    return replace(doc, findings=findings)


def phrase(finding: Finding, rule, source_title: str, kind: str, lang: str) -> Finding:
    """One finding in words: `kind` is the municipality's (aimak, city or any) for the place words."""
    aspects = rule.aspects
    labels = {a.id: aspects[a.id].label.get(lang) if a.id in aspects else a.label or a.id for a in finding.aspects}
    unmet = [_unmet_label(labels[a.id], a.detail, lang) for a in finding.aspects if not a.met]
    found = [labels[a.id] for a in finding.aspects if a.met]
    template = {Status.PASS: rule.message.pass_, Status.WEAK: rule.message.weak,
                Status.MISSING: rule.message.missing}[finding.status].get(lang)
    words = place_words(kind, lang)
    admitted = finding.admitted or ""
    message = fill(template, {**words, "missing": ", ".join(unmet) or "—", "found": ", ".join(found) or "—",
                              "admitted": admitted, "lacking": lacking(rule, finding.aspects, lang)})
    note = ui("admits", lang, quote=admitted) if admitted and "{admitted}" not in template else None
    if finding.toc_only:
        note = " ".join(filter(None, [note, ui("toc_only", lang)]))
    return replace(finding, title=rule.title.get(lang), message=message,
                   fix=None if finding.status is Status.PASS else fill(rule.fix.get(lang), words),
                   source=f"{source_title or rule.source.ref}, {rule.source.where(lang)}", note=note,
                   aspects=tuple(replace(a, label=labels[a.id]) for a in finding.aspects))


def _unmet_label(label: str, detail: str | None, lang: str) -> str:
    if detail == "absent":
        return ui("column_absent", lang, label=label)
    return ui("column_sparse", lang, label=label, filled=detail) if detail else label


def lacking(rule, aspects, lang: str) -> str:
    """The sentences of the aspects not met, in the rule's order; for an action-plan column that is
    absent or thinly filled, the sentence that says so instead."""
    sentences = []
    for result in aspects:
        if result.met or result.id not in rule.aspects:
            continue
        aspect = rule.aspects[result.id]
        label = aspect.label.get(lang)
        sentence = aspect.lacking.get(lang) if aspect.lacking else None
        detail = result.detail
        if detail == "absent":
            sentences.append(ui("column_absent_sentence", lang, label=label))
        elif detail:  # the column is there, but too few rows fill it
            filled, total = detail.split("/")
            sentences.append(ui("column_sparse_sentence", lang, label=label, filled=filled, total=total))
        else:
            sentences.append(sentence or label)
    return " ".join(s for s in sentences if s)
