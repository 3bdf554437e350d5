"""What the readable reports (HTML, Markdown, terminal) say alike, in the report language.

Only the report model and ui.yaml are read here: no parser, no spaCy.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePath

from ..model.findings import DocumentReport, Evidence, Failure, Finding, Report, Severity, Status
from ..i18n import accepted_formats, catalogue, note_text, ui

STATUSES = (Status.PASS, Status.WEAK, Status.MISSING)
MARK = {Status.PASS: "✔", Status.WEAK: "◐", Status.MISSING: "✘"}


@dataclass(frozen=True)
class FamilyGroup:
    family: str
    title: str
    findings: tuple[Finding, ...]

    def count(self, status: Status) -> int:
        return sum(1 for f in self.findings if f.status is status)


@dataclass(frozen=True)
class OutlineEntry:
    """A canonical section of the methodology and whether the document has it."""

    id: str
    title: str
    found: bool


def families(doc: DocumentReport, lang: str) -> list[FamilyGroup]:
    """Findings grouped by family, in the rule set's order (the order findings come in)."""
    groups: dict[str, list[Finding]] = {}
    for finding in doc.findings:
        groups.setdefault(finding.family, []).append(finding)
    return [FamilyGroup(fam, family_title(fam, lang), tuple(items)) for fam, items in groups.items()]


def family_title(family: str, lang: str) -> str:
    key = f"family_{family}"
    return ui(key, lang) if key in catalogue() else family


def status_label(status: Status | str, lang: str) -> str:
    return ui(f"status_{Status(status).value}", lang)


def language_name(code: str | None, lang: str) -> str:
    key = f"lang_{code}"
    return ui(key, lang) if code and key in catalogue() else ui("lang_unknown", lang)


def checked_date(report: Report) -> str:
    year, month, day = report.checked.split("-")
    return ui("date", report.lang, year=year, month=month, day=day)


def where(evidence: Evidence, lang: str) -> str:
    """«p. 5, 3. SWOT analysis» (page and section heading), plus a note when the text was OCRed."""
    parts = [f"{ui('page', lang)} {evidence.page}" if evidence.page else None, evidence.section]
    text = ", ".join(p for p in parts if p)
    if evidence.ocr:
        text = f"{text} ({ui('ocr_text', lang)})" if text else ui("ocr_text", lang)
    return text


def failure_text(failure: Failure, lang: str) -> str:
    key = "failure_" + failure.code.replace("-", "_")
    if key == "failure_unsupported":
        return ui(key, lang, formats=accepted_formats())
    return ui(key if key in catalogue() else "failure_other", lang)




def file_name(doc: DocumentReport) -> str:
    return PurePath(doc.path).name or doc.path


def outline(doc: DocumentReport, report: Report) -> list[OutlineEntry]:
    """The methodology's sections in canonical order, each marked found when a heading names it."""
    present = {s.id for s in doc.sections if s.id}
    if doc.municipality or doc.period:  # read off the title area, which has no heading of its own
        present.add("title")
    return [OutlineEntry(c.id, c.title, c.id in present) for c in report.canonical_sections]


def canonical_title(section_id: str | None, report: Report) -> str | None:
    if not section_id:
        return None
    return next((c.title for c in report.canonical_sections if c.id == section_id), section_id)


# --- The verdict, worded as --fail-on judges it, and the order a reviewer reads findings in ---

FIX_FIRST = (Severity.ERROR, Severity.WARNING)  # severities whose gaps come first, blocking ones on top
# A figure worth marking: 12 400, 3,5, 85 %, 2028 (a lone digit such as a section number is not one)
_FIGURE = re.compile(r"\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:[.,]\d+)?(?:\s?%)?|\d+[.,]\d+(?:\s?%)?|\d+\s?%|\d{2,}")


@dataclass(frozen=True)
class Verdict:
    """What a document's report says first: a word for the tables and a sentence for the report."""

    key: str  # clear | blocking | not-judged | not-checked | not-a-programme (the dashboard's and xlsx's classes)
    word: str  # «blocking gaps: 3»
    threshold: str  # «a missing required rule blocks»
    note: str | None  # required rules partly met that do not block, or the open ones under `never`
    blocking: tuple[Finding, ...]

    @property
    def sentence(self) -> str:
        return f"{self.word[:1].upper()}{self.word[1:]} ({self.threshold})"


def verdict(doc: DocumentReport, fail_on: str, lang: str) -> Verdict:
    threshold = ui(f"threshold_{fail_on}", lang)
    if doc.error:
        return Verdict("not-checked", ui("verdict_not_checked", lang), threshold, None, ())
    if doc.not_programme:  # said what it is, not judged as a failed programme
        return Verdict("not-a-programme", ui(f"verdict_not_programme_{doc.not_programme.kind}", lang),
                       ui("not_programme_threshold", lang), None, ())
    blocking = tuple(doc.blocking(fail_on))
    required = [f for f in doc.findings if f.severity is Severity.ERROR]
    missing = sum(f.status is Status.MISSING for f in required)
    weak = sum(f.status is Status.WEAK for f in required)
    if fail_on == "never":
        note = ui("required_open_note", lang, missing=missing, weak=weak) if missing or weak else None
        return Verdict("not-judged", ui("verdict_not_judged", lang), threshold, note, ())
    note = ui("required_weak_note", lang, count=weak) if fail_on == "missing" and weak else None
    if blocking:
        return Verdict("blocking", ui("verdict_blocking", lang, count=len(blocking)), threshold, note, blocking)
    return Verdict("clear", ui("verdict_clear", lang), threshold, note, ())


@dataclass(frozen=True)
class NotProgrammeNotice:
    """What a report says of a council decision, a report or a budget in place of a score."""

    headline: str  # «This is a council decision, not a programme.»
    why: str  # «What shows it:»
    quotes: tuple[str, ...]  # the operative formula and a clause, or the report's title
    advice: str  # check the programme itself
    unscored: str  # the checklist was run, but it is no verdict


def not_programme_notice(doc: DocumentReport, lang: str) -> NotProgrammeNotice | None:
    if not doc.not_programme or doc.error:
        return None
    kind = doc.not_programme.kind
    return NotProgrammeNotice(ui(f"not_programme_{kind}", lang), ui("not_programme_why", lang),
                              doc.not_programme.evidence, ui(f"not_programme_advice_{kind}", lang),
                              ui("not_programme_unscored", lang))


def score_text(score: float, lang: str) -> str:
    """The one score format of every output: one decimal, with the language's decimal sign."""
    text = f"{score:.1f}"
    return text.replace(".", ",") if lang in ("ru", "ky") else text


@dataclass(frozen=True)
class Ordered:
    """A document's findings in reading order: what to fix first, the rest, and what is met."""

    fix_first: tuple[Finding, ...]
    rest: tuple[Finding, ...]
    passed: tuple[Finding, ...]


def ordered(doc: DocumentReport, fail_on: str = "missing") -> Ordered:
    """Fix first: blocking gaps, then required rules missing, then weak, then recommended ones
    missing, then weak; the rest: optional rules not met; then the passes. Catalogue order within."""
    blocking = {f.rule for f in doc.blocking(fail_on)}

    def rank(f: Finding) -> tuple:
        return (f.rule not in blocking, FIX_FIRST.index(f.severity), f.status is not Status.MISSING)

    gaps = [f for f in doc.findings if f.status is not Status.PASS]
    first = sorted((f for f in gaps if f.severity in FIX_FIRST), key=rank)
    rest = [f for f in gaps if f.severity not in FIX_FIRST]
    return Ordered(tuple(first), tuple(rest), tuple(f for f in doc.findings if f.status is Status.PASS))


def highlighted(text: str) -> list[tuple[str, bool]]:
    """A quote cut into (piece, is_figure): the numbers, amounts and shares that a verdict rests
    on stand out from the words around them."""
    pieces, at = [], 0
    for m in _FIGURE.finditer(text):
        if m.start() > at:
            pieces.append((text[at:m.start()], False))
        pieces.append((m.group(0), True))
        at = m.end()
    if at < len(text):
        pieces.append((text[at:], False))
    return pieces


def loose_evidence(finding: Finding) -> tuple[Evidence, ...]:
    """The finding's quotes that no aspect shows already (mentions and admissions of a weak rule)."""
    shown = {e.text for a in finding.aspects for e in a.evidence}
    return tuple(e for e in finding.evidence if e.text not in shown)


def reading_notes(doc: DocumentReport, lang: str) -> list[str]:
    """What the reading replaced or left out (the encoding, bytes, pages), in the report language."""
    return [note_text(n, lang) for n in doc.notes]


def ignored_line(report: Report) -> str | None:
    return ui("ignored_rules", report.lang, rules=", ".join(report.ignored)) if report.ignored else None
