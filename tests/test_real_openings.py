"""The openings of real published programmes and council decisions (../shared/domain/real-openings),
read as a person would: what each document is, its title, its approval and its link to the national
strategy, against labels an expert wrote blind (corpus/real-openings/labels.yaml)."""
from __future__ import annotations

import yaml

from psedcheck.agreement import KIND, evaluate, openings_folder

from .conftest import ROOT, require_shared

LABELS = ROOT / "corpus" / "real-openings"


def test_every_opening_is_labelled():
    require_shared()
    labelled = set(yaml.safe_load((LABELS / "labels.yaml").read_text(encoding="utf-8")))
    on_disk = {p.name for p in openings_folder(LABELS).glob("*.txt")} - {"README.md"}
    assert labelled == on_disk


def test_the_real_openings_get_the_experts_verdicts(checker):
    require_shared()
    result = evaluate(LABELS, checker)
    assert not result.errors
    assert result.per_rule[KIND] == [9, 9]  # two council decisions and a report said so, six programmes
    assert not result.disagreements, "\n".join(
        f"{d.document}: {d.rule} expert {d.expected}, got {d.got}" for d in result.disagreements)
    assert result.total == 27
