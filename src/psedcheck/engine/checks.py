"""The kinds of check a rule can be (`check:` in a rule file, rulebook/schema.py CheckKind): how the
aspects a rule met, its mentions and its admissions become pass, weak or missing. A new kind is a new
function here, with its own tests (tests/test_checks.py), never a new flag on every rule."""
from __future__ import annotations

from typing import Callable

from ..model.findings import Status
from ..rulebook.schema import Rule


def _enough(rule: Rule, met: dict) -> bool:
    return len(met) >= (rule.pass_aspects or len(rule.aspects))


def content(rule: Rule, outcome, analysis) -> Status:
    """Aspects met by content in the scope; anything met, mentioned or admitted is weak."""
    if _enough(rule, outcome.met):
        return Status.PASS
    if outcome.met or outcome.mentions or outcome.admissions:
        return Status.WEAK
    return Status.MISSING


def section(rule: Rule, outcome, analysis) -> Status:
    """A section of the programme: its heading alone makes weak, and with `pass_needs_section` the
    aspects make pass only where the section exists."""
    present = analysis.sections_with_heading() & set(rule.scope)
    if _enough(rule, outcome.met) and (present or not rule.pass_needs_section):
        return Status.PASS
    if outcome.met or outcome.mentions or outcome.admissions or present:
        return Status.WEAK
    return Status.MISSING


def presence(rule: Rule, outcome, analysis) -> Status:
    """Pass or missing: a SWOT either names migration or it does not."""
    return Status.PASS if _enough(rule, outcome.met) else Status.MISSING


# `data` judges like `content`; what sets it apart is which units count: a denial («данные
# отсутствуют») is an admission, never evidence (Rule.negation, read by evaluate.py).
CHECKS: dict[str, Callable[[Rule, object, object], Status]] = {
    "content": content, "section": section, "data": content, "presence": presence,
}
