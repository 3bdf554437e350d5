"""The rule set keeps the catalog contract, and broken rule files are refused with file and field."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys

import pytest

from psedcheck.rulebook import RulebookError, load_rulebook
from psedcheck.rulebook.loader import bundled_root

from .conftest import require_shared


def catalog_rows():
    rows = {}
    for line in (require_shared() / "domain" / "rule-catalog.md").read_text(encoding="utf-8").splitlines():
        if line.startswith("| ") and not line.startswith(("| id", "|---")):
            cells = [c.strip() for c in line.strip("|").split("|")]
            rows[cells[0]] = cells[1]
    return rows


def test_every_catalog_rule_exists_with_its_severity(rulebook):
    rows = catalog_rows()
    assert rows, "the catalog could not be read"
    have = {r.id: r.severity for r in rulebook.rules}
    assert sorted(have) == sorted(rows)
    for rid, severity in rows.items():
        assert have[rid] == severity, rid


@pytest.mark.parametrize("lang", ["ru", "ky", "en"])
def test_every_rule_has_pass_and_missing_examples_in_each_language(rulebook, lang):
    lacking = []
    for rule in rulebook.rules:
        statuses = {ex.status for ex in rule.examples if ex.lang == lang}
        for needed in ("pass", "missing"):
            if needed not in statuses:
                lacking.append(f"{rule.id}: no {needed} example in {lang}")
    assert not lacking, "\n".join(lacking)


def _copy_ruleset(tmp_path):
    target = tmp_path / "psed-2018"
    shutil.copytree(bundled_root() / "psed-2018", target)
    return target


def test_unknown_field_names_file_and_field(tmp_path):
    folder = _copy_ruleset(tmp_path)
    path = folder / "structure" / "structure-swot.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\nthreshold: 3\n", encoding="utf-8")
    with pytest.raises(RulebookError) as err:
        load_rulebook(tmp_path, "psed-2018")
    assert err.value.path.endswith("structure-swot.yaml")
    assert err.value.field == "threshold"


def test_unknown_concept_and_section_are_refused(tmp_path):
    folder = _copy_ruleset(tmp_path)
    path = folder / "structure" / "structure-swot.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("need: [swot-threat]", "need: [swot-threats]"), encoding="utf-8")
    with pytest.raises(RulebookError) as err:
        load_rulebook(tmp_path, "psed-2018")
    assert "swot-threats" in str(err.value) and "aspects.threats.when.0.need.0" in str(err.value)
    path.write_text(text.replace("scope: [swot]", "scope: [analysis]"), encoding="utf-8")
    with pytest.raises(RulebookError) as err:
        load_rulebook(tmp_path, "psed-2018")
    assert err.value.field == "scope.0"


def test_broken_yaml_gives_exit_3_and_names_the_file(tmp_path, checker):
    folder = _copy_ruleset(tmp_path)
    (folder / "structure" / "structure-swot.yaml").write_text("id: [unclosed\n", encoding="utf-8")
    sample = tmp_path / "p.txt"
    sample.write_text("Программа развития", encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "psedcheck", str(sample), "--rules", str(tmp_path)],
                         capture_output=True, text=True)
    assert run.returncode == 3
    assert "structure-swot.yaml" in run.stderr and "Traceback" not in run.stderr
    assert re.search(r"PSED-R\d{3}", run.stderr)


@pytest.mark.parametrize("lang", ["ru", "ky", "en"])
def test_gender_migration_inclusion_rules_have_expert_depth_examples(rulebook, lang):
    """Issue 3: at least 3 pass, 2 weak (where weak exists) and 2 missing examples per language."""
    lacking = []
    for rule in rulebook.rules:
        if rule.family not in ("gender", "migration", "inclusion"):
            continue
        count = {s: sum(1 for ex in rule.examples if ex.lang == lang and ex.status == s) for s in ("pass", "weak", "missing")}
        wanted = {"pass": 3, "weak": 2 if rule.weak_allowed else 0, "missing": 2}
        lacking += [f"{rule.id}: {count[s]} {s} examples in {lang}" for s in wanted if count[s] < wanted[s]]
    assert not lacking, "\n".join(lacking)


def test_a_rule_set_without_a_section_the_engine_needs_is_refused(tmp_path):
    """The engine reads the title area and the SWOT grid apart (rulebook/ids.py): a rule set must define them."""
    folder = _copy_ruleset(tmp_path)
    path = folder / "sections.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("\n  swot:")
    end = text.index("\n  vision:")
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    for rule in folder.glob("*/*.yaml"):  # rules that name the section would fail first
        if "swot" in rule.read_text(encoding="utf-8"):
            rule.unlink()
    with pytest.raises(RulebookError) as err:
        load_rulebook(tmp_path, "psed-2018")
    assert err.value.code == "PSED-R005" and err.value.field == "sections.swot"
