"""What changed between two reports of the same programme: per rule, the old and new status, the
parts (aspects) now met or no longer met, and the quotes that appeared or disappeared.

Only the report model is read, so a saved JSON report, a fresh check and a recorded version compare alike.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from enum import Enum

from ..model.findings import STATUS_VALUE, AspectResult, DocumentReport, Evidence, Finding, Severity, Status

_SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
_NOT_WORD = re.compile(r"[\W_]+")


class Direction(str, Enum):
    IMPROVED = "improved"
    REGRESSED = "regressed"
    UNCHANGED = "unchanged"
    ADDED = "added"  # the rule is in the new report only (another rule set version)
    REMOVED = "removed"


@dataclass(frozen=True)
class RuleChange:
    rule: str
    family: str
    severity: Severity
    title: str
    old: Status | None
    new: Status | None
    aspects_gained: tuple[AspectResult, ...] = ()  # as in the new report: the quote that now meets it
    aspects_lost: tuple[AspectResult, ...] = ()  # as in the old report: the quote that used to meet it
    evidence_gained: tuple[Evidence, ...] = ()
    evidence_lost: tuple[Evidence, ...] = ()

    @property
    def direction(self) -> Direction:
        if self.old is None:
            return Direction.ADDED
        if self.new is None:
            return Direction.REMOVED
        delta = STATUS_VALUE[self.new] - STATUS_VALUE[self.old]
        return Direction.IMPROVED if delta > 0 else Direction.REGRESSED if delta < 0 else Direction.UNCHANGED

    @property
    def changed(self) -> bool:
        """A status or a part of the requirement changed (a quote alone does not count: the same
        sentence reads a little differently from a PDF than from the DOCX it was made from)."""
        return self.direction is not Direction.UNCHANGED or bool(self.aspects_gained or self.aspects_lost)


@dataclass(frozen=True)
class ReportDiff:
    old: DocumentReport
    new: DocumentReport
    rules: tuple[RuleChange, ...]  # every rule: the new report's order, then those it no longer has

    def having(self, direction: Direction) -> list[RuleChange]:
        return [r for r in self.rules if r.direction is direction]

    @property
    def changes(self) -> list[RuleChange]:
        return [r for r in self.rules if r.changed]

    @property
    def parts_changed(self) -> list[RuleChange]:
        """Same status, but a part of the requirement appeared or disappeared."""
        return [r for r in self.rules if r.direction is Direction.UNCHANGED and r.changed]

    @property
    def regressed(self) -> bool:
        return any(r.direction is Direction.REGRESSED for r in self.rules)


def diff_reports(old: DocumentReport, new: DocumentReport) -> ReportDiff:
    """Both reports must hold findings (no `error`)."""
    before = {f.rule: f for f in old.findings}
    after = {f.rule: f for f in new.findings}
    rules = [_compare(before.get(f.rule), f) for f in new.findings]
    rules += [_compare(f, None) for f in old.findings if f.rule not in after]
    return ReportDiff(old, new, tuple(rules))


def by_importance(changes: list[RuleChange]) -> list[RuleChange]:
    """Error rules first, then warnings and notes; the rule set's order within each."""
    return sorted(changes, key=lambda r: _SEVERITY_ORDER[r.severity])


def _compare(old: Finding | None, new: Finding | None) -> RuleChange:
    shown = new or old
    met_before = {a.id: a for a in (old.aspects if old else ()) if a.met}
    met_after = {a.id: a for a in (new.aspects if new else ()) if a.met}
    labels = {a.id: a.label for a in (new.aspects if new else ())}  # a saved report may be in another language
    quotes_before = {_key(e): e for e in (old.evidence if old else ())}
    quotes_after = {_key(e): e for e in (new.evidence if new else ())}
    both = old is not None and new is not None  # a rule on one side only: its status says it all
    return RuleChange(
        shown.rule, shown.family, shown.severity, shown.title, old.status if old else None, new.status if new else None,
        aspects_gained=tuple(a for i, a in met_after.items() if i not in met_before) if both else (),
        aspects_lost=tuple(replace(a, label=labels.get(i, a.label)) for i, a in met_before.items()
                           if i not in met_after) if both else (),
        evidence_gained=tuple(e for k, e in quotes_after.items() if k not in quotes_before) if both else (),
        evidence_lost=tuple(e for k, e in quotes_before.items() if k not in quotes_after) if both else (),
    )


def _key(evidence: Evidence) -> str:
    """A quote compared by its words: line breaks, hyphens, quotes marks and the «…» of a cut quote aside."""
    return " ".join(_NOT_WORD.sub(" ", evidence.text.casefold().replace("ё", "е")).split())
