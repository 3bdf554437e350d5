"""The command: exit codes, --fail-on, --output, --lang, --rules/--ruleset, formats."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest
from click.testing import CliRunner

from psedcheck.cli import main
from psedcheck.rulebook.loader import bundled_root

from .conftest import ROOT, require_shared

FULL_SWOT = ("## SWOT-анализ\n| Сильные стороны | Слабые стороны |\n|---|---|\n| Земля | Вода |\n"
             "| Возможности | Угрозы |\n| Переводы мигрантов | Сели |\n")
HALF_SWOT = "## SWOT-анализ\nСильные стороны: земля. Слабые стороны: вода.\n"
NO_SWOT = "## Введение\nПрограмма определяет цели развития на 2024-2028 годы.\n"


@pytest.fixture(scope="module")
def swot_only_rules(tmp_path_factory):
    """A copy of psed-2018 holding one error rule, so that exit 0 and 1 depend on it alone."""
    root = tmp_path_factory.mktemp("rules")
    target = root / "psed-2018"
    shutil.copytree(bundled_root() / "psed-2018", target)
    for path in target.rglob("*.yaml"):
        if path.parent != target and path.stem != "structure-swot":
            path.unlink()
    return root


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("text, fail_on, code", [
    (FULL_SWOT, "missing", 0),
    (NO_SWOT, "missing", 1),
    (NO_SWOT, "never", 0),
    (HALF_SWOT, "missing", 0),
    (HALF_SWOT, "weak", 1),
])
def test_exit_code_follows_error_rules_and_fail_on(text, fail_on, code, tmp_path, swot_only_rules):
    path = write(tmp_path, "p.md", text)
    result = invoke(path, "--rules", swot_only_rules, "--fail-on", fail_on)
    assert result.exit_code == code, result.output


def test_usage_errors_exit_2(tmp_path):
    assert invoke().exit_code == 2
    assert invoke(write(tmp_path, "p.md", FULL_SWOT), "--format", "yaml").exit_code == 2
    assert invoke(write(tmp_path, "p.md", FULL_SWOT), "--lang", "de").exit_code == 2


def test_unknown_ruleset_is_invalid_rules(tmp_path):
    result = invoke(write(tmp_path, "p.md", FULL_SWOT), "--ruleset", "psed-2031")
    assert result.exit_code == 3
    assert "psed-2031" in result.stderr and "psed-2018" in result.stderr


def test_output_file_and_language_of_messages(tmp_path, swot_only_rules):
    path = write(tmp_path, "p.md", HALF_SWOT)
    out = tmp_path / "report.json"
    result = invoke(path, "--rules", swot_only_rules, "--format", "json", "--lang", "ky", "-o", out)
    assert result.exit_code == 0 and result.stdout == ""
    finding = json.loads(out.read_text(encoding="utf-8"))["documents"][0]["findings"][0]
    assert finding["status"] == "weak"
    assert finding["message"] == "SWOT-талдоо толук эмес. Мүмкүнчүлүктөр аталган эмес. Коркунучтар аталган эмес."
    assert finding["evidence"][0]["section"] == "SWOT-анализ"


def test_terminal_report_lists_status_evidence_and_score(tmp_path, swot_only_rules):
    path = write(tmp_path, "p.md", HALF_SWOT)
    result = invoke(path, "--rules", swot_only_rules, "--lang", "ru", "--no-color")
    assert "частично · обязательное · structure-swot" in result.stdout and "SWOT-анализ" in result.stdout
    assert "«Сильные стороны: земля." in result.stdout
    assert "Оценка: 50,0/100" in result.stdout


def test_console_script_and_module_entry_point(tmp_path):
    path = write(tmp_path, "p.md", FULL_SWOT)
    module = subprocess.run([sys.executable, "-m", "psedcheck", str(path), "--format", "json"],
                            capture_output=True, text=True)
    assert module.returncode in (0, 1), module.stderr
    assert json.loads(module.stdout)["tool"]["ruleset"] == "psed-2018"
    script = shutil.which("psedcheck", path=str(ROOT.parent)) or shutil.which("psedcheck")
    if script:
        run = subprocess.run([script, "--version"], capture_output=True, text=True)
        assert run.returncode == 0 and "psedcheck" in run.stdout


def test_json_report_keeps_the_contract(tmp_path):
    checker_script = require_shared() / "tools" / "check-report.py"
    sample = ROOT / "corpus" / "built" / "ru-strong.docx"
    report = invoke(sample, "--format", "json").stdout
    check = subprocess.run([sys.executable, str(checker_script), "-"], input=report, capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr


def test_read_ahead_gives_what_reading_here_gives(tmp_path):
    from psedcheck.batch.readahead import read_ahead
    from psedcheck.reading import read

    sample = ROOT / "corpus" / "built" / "ru-strong.pdf"
    report, document = read_ahead(sample)()
    here_report, here_document = read(sample)
    assert report.sha256 == here_report.sha256 and report.error is None
    assert [s.heading for s in document.sections] == [s.heading for s in here_document.sections]
    assert [b.text for _, b in document.blocks()] == [b.text for _, b in here_document.blocks()]
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7 nothing else")
    reading = read_ahead(broken)
    report, document = reading()
    assert document is None and report.error.code == "corrupt" and reading.done()


def test_pipelines_are_built_while_the_reader_reads_and_not_after():
    from psedcheck.batch.readahead import Reading, build_while_reading

    class Matcher:
        def __init__(self):
            self.built = []

        def concepts(self, text, lang):
            self.built.append(lang)

    busy, done = Matcher(), Matcher()
    build_while_reading(busy, Reading(lambda: None, lambda: False))
    build_while_reading(done, Reading(lambda: None, lambda: True))
    assert busy.built == ["ru", "ky"] and done.built == []
