"""The report model: what reporters read. No third-party imports, so a saved report re-renders anywhere."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import Enum


class Status(str, Enum):
    PASS = "pass"
    WEAK = "weak"
    MISSING = "missing"


class Severity(str, Enum):
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"


STATUS_VALUE = {Status.PASS: 1.0, Status.WEAK: 0.5, Status.MISSING: 0.0}
SEVERITY_WEIGHT = {Severity.ERROR: 3, Severity.WARNING: 2, Severity.INFO: 1}
# --fail-on: which statuses of an error-severity (required) rule block a programme.
BLOCKING = {"never": frozenset(), "missing": frozenset({Status.MISSING}),
            "weak": frozenset({Status.MISSING, Status.WEAK})}


@dataclass(frozen=True)
class Evidence:
    text: str
    page: int | None = None
    section: str | None = None
    ocr: bool = False


@dataclass(frozen=True)
class AspectResult:
    """One part of a requirement (a deadline, a cost, a breakdown by sex) and whether the document meets it."""

    id: str
    required: bool  # needed for pass (false where the rule passes on any N of its aspects)
    met: bool
    evidence: tuple[Evidence, ...] = ()
    detail: str | None = None  # an action-plan column not met: "absent", or "filled/total" rows
    label: str = ""  # words in the report language, put in by reporters/wording.py


@dataclass(frozen=True)
class Finding:
    """What the engine found for one rule, as facts in no language; reporters/wording.py puts them
    into words (title, message, fix, source, note, aspect labels) in the report language, so a saved
    or cached report is told again in any language."""

    rule: str
    family: str
    status: Status
    severity: Severity
    evidence: tuple[Evidence, ...] = ()
    aspects: tuple[AspectResult, ...] = ()
    admitted: str | None = None  # the quote where the document admits a lack, e.g. «данные отсутствуют»
    toc_only: bool = False  # the rule's sections are listed in the contents but not in the text
    # the words, empty until phrased
    title: str = ""
    message: str = ""
    fix: str | None = None
    source: str = ""
    note: str | None = None


@dataclass(frozen=True)
class SectionInfo:
    title: str
    id: str | None
    page: int | None
    level: int = 1
    language: str | None = None


@dataclass(frozen=True)
class NotProgramme:
    """What a document is instead of a programme (engine/doctype.py): every output says so and
    none scores it as a failed programme."""

    kind: str  # decision | report | budget
    evidence: tuple[str, ...] = ()  # the lines that show it: the operative formula and a clause, or the title


@dataclass(frozen=True)
class Failure:
    """Why a document could not be checked: a stable code and a one-line message."""

    code: str
    message: str
    values: tuple[tuple[str, str], ...] = ()  # a note's values, to tell it in the report language


@dataclass
class DocumentReport:
    path: str
    format: str | None = None
    sha256: str | None = None
    language: str | None = None
    pages: int | None = None
    sections: list[SectionInfo] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    error: Failure | None = None
    ocr_pages: list[int] = field(default_factory=list)
    municipality: str | None = None
    period: str | None = None
    timings: dict[str, float] = field(default_factory=dict)
    notes: list[Failure] = field(default_factory=list)  # about the reading, e.g. the encoding, bytes replaced
    not_programme: NotProgramme | None = None  # a council decision, a report or a budget, not a programme

    def count_status(self, status: Status | str) -> int:
        return sum(1 for f in self.findings if f.status is Status(status))

    @property
    def score(self) -> float:
        """Severity-weighted share of the checklist met: pass 1, weak ½, missing 0."""
        total = sum(SEVERITY_WEIGHT[f.severity] for f in self.findings)
        got = sum(SEVERITY_WEIGHT[f.severity] * STATUS_VALUE[f.status] for f in self.findings)
        return round(100 * got / total, 1) if total else 0.0

    def blocking(self, threshold: str) -> list[Finding]:
        """The findings that break --fail-on, in report order: `missing` = error rules missing,
        `weak` = also weak, `never` = none. A document that is no programme has none: it is not judged as one."""
        if self.error or self.not_programme:
            return []
        bad = BLOCKING[threshold]
        return [f for f in self.findings if f.severity is Severity.ERROR and f.status in bad]

    def fails(self, threshold: str) -> bool:
        """Whether this document breaks --fail-on (has a blocking gap)."""
        return bool(self.blocking(threshold))


@dataclass(frozen=True)
class CanonicalSection:
    """A section the methodology expects (sections.yaml), titled in the report language."""

    id: str
    title: str


@dataclass
class Report:
    tool_version: str
    ruleset: str
    lang: str
    documents: list[DocumentReport]
    ruleset_title: str | None = None  # the rule set's title in the report language
    canonical_sections: list[CanonicalSection] = field(default_factory=list)  # sections.yaml order
    checked: str = field(default_factory=lambda: date.today().isoformat())
    fail_on: str = "missing"  # what blocks, so every output words the verdict as the exit code judges it
    ignored: tuple[str, ...] = ()  # rules left out by --select / --ignore, for the report to say so
