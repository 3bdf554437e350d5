"""Every inline example of every rule gets the status it states, through the production path."""
from __future__ import annotations

import pytest

from psedcheck.rulebook import load_rulebook

RULEBOOK = load_rulebook()
# An example flagged `known_miss` documents a case psedcheck still gets wrong; it is expected to
# fail, strictly: once it passes, the flag must go (the report says "XPASS(strict)").
EXAMPLES = [
    pytest.param(rule.id, i, ex, id=f"{rule.id}-{ex.lang}-{ex.status}-{i}",
                 marks=[pytest.mark.xfail(strict=True, reason=ex.known_miss)] if ex.known_miss else [])
    for rule in RULEBOOK.rules
    for i, ex in enumerate(rule.examples)
]


@pytest.mark.parametrize("rule_id, index, example", EXAMPLES)
def test_example_gets_its_status(rule_id, index, example, checker, tmp_path):
    path = tmp_path / f"{rule_id}-{index}.md"
    path.write_text(example.text, encoding="utf-8")
    report = checker.check(path)
    assert report.error is None, report.error
    finding = next(f for f in report.findings if f.rule == rule_id)
    assert finding.status.value == example.status, (
        f"{rule_id} example {index} ({example.lang}) expected {example.status}, got {finding.status.value}: "
        f"{finding.message} evidence={[e.text for e in finding.evidence]}"
    )
