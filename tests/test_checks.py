"""The kinds of check (engine/checks.py): each rule file says which kind it is, and the kind alone
decides how what the rule found becomes pass, weak or missing. Each test runs one real document
through the real rule book, then through a copy where only that rule's `check:` is changed."""
from __future__ import annotations

import shutil

import pytest

from psedcheck.api import Checker
from psedcheck.engine.checks import CHECKS
from psedcheck.rulebook import RulebookError, load_rulebook
from psedcheck.rulebook.loader import bundled_root
from psedcheck.rulebook.schema import CHECK_KINDS


def test_every_kind_of_the_schema_has_its_code():
    assert set(CHECKS) == CHECK_KINDS


def _status(checker, tmp_path, text: str, rule: str):
    path = tmp_path / "doc.md"
    path.write_text(text, encoding="utf-8")
    return next(f for f in checker.check(path).findings if f.rule == rule)


def _with_kind(tmp_path, rule_file: str, old: str, new: str) -> Checker:
    """A checker over a copy of the rule set where one rule's `check:` line is changed."""
    folder = tmp_path / "rules"
    shutil.copytree(bundled_root() / "psed-2018", folder / "psed-2018")
    path = folder / "psed-2018" / rule_file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    return Checker(load_rulebook(folder, "psed-2018"))


# «Механизм реализации» names the monitoring section without a word the rule counts as a mention
_SECTION_HEADING_ONLY = ("# Программа развития Ак-Суйского айылного аймака на 2024–2028 годы\n\n"
                         "## 9. Механизм реализации\n\n## 10. Приложения\nТаблицы прилагаются.\n")


def test_a_section_heading_alone_makes_a_section_check_weak(checker, tmp_path):
    assert _status(checker, tmp_path, _SECTION_HEADING_ONLY, "structure-monitoring").status.value == "weak"
    as_content = _with_kind(tmp_path, "structure/structure-monitoring.yaml", "check: section\n", "check: content\n")
    assert _status(as_content, tmp_path, _SECTION_HEADING_ONLY, "structure-monitoring").status.value == "missing"


_DENIAL = "# Программа развития Ак-Суйского айылного аймака на 2024–2028 годы\n\n## Анализ текущей ситуации\nДанные о численности населения в разрезе пола в айыл окмоту не ведутся.\n"


def test_a_data_check_quotes_a_denial_as_an_admission(checker, tmp_path):
    finding = _status(checker, tmp_path, _DENIAL, "gender-disaggregated-data")
    assert finding.status.value == "weak" and finding.note and "не ведутся" in finding.note
    as_content = _with_kind(tmp_path, "gender/gender-disaggregated-data.yaml", "check: data\n", "check: content\n")
    assert not (_status(as_content, tmp_path, _DENIAL, "gender-disaggregated-data").note or "")


_MIGRATION_OUTSIDE_SWOT = ("# Программа развития Ак-Суйского айылного аймака на 2024–2028 годы\n\n"
                           "## Анализ текущей ситуации\nОколо 900 жителей работают в России.\n\n"
                           "## SWOT-анализ\n| Сильные стороны | Слабые стороны |\n|---|---|\n"
                           "| Пастбища | Изношенный водопровод |\n")


def test_a_presence_check_is_pass_or_missing(checker, tmp_path):
    assert _status(checker, tmp_path, _MIGRATION_OUTSIDE_SWOT, "migration-swot").status.value == "missing"
    as_content = _with_kind(tmp_path, "migration/migration-swot.yaml", "check: presence\n", "check: content\n")
    assert _status(as_content, tmp_path, _MIGRATION_OUTSIDE_SWOT, "migration-swot").status.value == "weak"


@pytest.mark.parametrize("key", ["table: {min_columns: 3, min_fill: 0.5}\n", "pass_needs_section: true\n"])
def test_keys_of_the_section_kind_are_refused_on_another(tmp_path, key):
    folder = tmp_path / "rules"
    shutil.copytree(bundled_root() / "psed-2018", folder / "psed-2018")
    path = folder / "psed-2018" / "gender" / "gender-budget.yaml"
    path.write_text(path.read_text(encoding="utf-8") + key, encoding="utf-8")
    with pytest.raises(RulebookError) as err:
        load_rulebook(folder, "psed-2018")
    assert "check: section" in str(err.value)


def test_an_unknown_kind_is_refused(tmp_path):
    folder = tmp_path / "rules"
    shutil.copytree(bundled_root() / "psed-2018", folder / "psed-2018")
    path = folder / "psed-2018" / "gender" / "gender-budget.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "check: existence\n", encoding="utf-8")
    with pytest.raises(RulebookError) as err:
        load_rulebook(folder, "psed-2018")
    assert "check" in str(err.value)
