"""What the readable reports (HTML, Markdown, terminal) say alike, in the report language.

Only the report model and ui.yaml are read here: no parser, no spaCy.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath

from ..model.findings import DocumentReport, Evidence, Failure, Finding, Report, Status
from ..i18n import catalogue, ui

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
