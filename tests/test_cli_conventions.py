"""The command line as its ecosystem expects: subcommands (check, rules, explain), --select and
--ignore, settings set once (psedcheck.toml, the user file, PSEDCHECK_LANG), a terminal report that
leads with the verdict and fits the terminal, a batch as a table, and usage errors before any work."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from psedcheck.cli import main
from psedcheck.rulebook import load_rulebook

from .conftest import ROOT

BUILT = ROOT / "corpus" / "built"
HALF_SWOT = "## SWOT-анализ\nСильные стороны: земля. Слабые стороны: вода.\n"


def invoke(*args, env=None):
    return CliRunner().invoke(main, [str(a) for a in args], env=env)


@pytest.fixture(autouse=True)
def no_settings(tmp_path, monkeypatch):
    """Every test starts in an empty folder with an empty user config folder and no PSEDCHECK_LANG."""
    home = tmp_path / "config-home"
    home.mkdir()
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home))
    monkeypatch.delenv("PSEDCHECK_LANG", raising=False)
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    return home


@pytest.fixture
def half_swot(tmp_path):
    path = tmp_path / "p.md"
    path.write_text(HALF_SWOT, encoding="utf-8")
    return path


# --- subcommands -------------------------------------------------------------------------------

def test_check_is_the_default_command_and_can_be_named(half_swot):
    short = invoke(half_swot, "--format", "json")
    named = invoke("check", half_swot, "--format", "json")
    assert short.exit_code == named.exit_code == 1
    strip = lambda out: re.sub(r'"checked": "[^"]*"', "", out)  # noqa: E731
    assert strip(short.stdout) == strip(named.stdout)


def test_rules_lists_every_rule_in_the_chosen_language():
    book = load_rulebook()
    result = invoke("rules", "--lang", "ru", env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    for rule in book.rules:
        line = next(line for line in result.stdout.splitlines() if line.startswith(rule.id + " "))
        assert rule.title.ru in line
    assert "обязательное" in result.stdout and f"Правил в наборе psed-2018: {len(book.rules)}." in result.stdout


def test_rules_as_json():
    result = invoke("rules", "--format", "json", "--lang", "ky")
    data = json.loads(result.stdout)
    book = load_rulebook()
    assert data["lang"] == "ky" and [r["id"] for r in data["rules"]] == [r.id for r in book.rules]
    swot = next(r for r in data["rules"] if r["id"] == "structure-swot")
    assert swot == {"id": "structure-swot", "family": "structure", "severity": "error", "title": "SWOT-талдоо",
                    "scope": ["swot"]}


def test_explain_gives_rationale_outcomes_fix_source_and_examples():
    rule = next(r for r in load_rulebook().rules if r.id == "gender-budget")
    result = invoke("explain", "gender-budget", "--lang", "ru", env={"COLUMNS": "300"})
    assert result.exit_code == 0, result.output
    text = result.stdout
    flat = " ".join(text.split())
    assert text.startswith(f"gender-budget — {rule.title.ru}\n")
    for part in ("Зачем это нужно", "Что проверяется", "Что означает результат", "Как исправить", "Примеры",
                 rule.rationale.ru, rule.source.where("ru"), "✔ выполнено — найдено всё перечисленное выше.",
                 "◐ частично —", "✘ отсутствует —", "«План мероприятий», «Финансирование»"):
        assert " ".join(part.split()) in flat, part
    for aspect in rule.aspects.values():
        assert f"• {aspect.label.ru}" in text
    example = next(e for e in rule.examples if e.lang == "ru")
    assert example.text.splitlines()[0] in text


def test_explain_an_unknown_rule_is_a_usage_error():
    result = invoke("explain", "gender-budgets", "--lang", "ru")
    assert result.exit_code == 2
    assert "нет правила или группы «gender-budgets»" in result.stderr


# --- --select and --ignore ---------------------------------------------------------------------

def report_of(*args):
    result = invoke(BUILT / "ru-gappy.txt", "--format", "json", "-q", *args)
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)["documents"][0]


def test_select_by_family_and_ignore_by_id_shape_findings_and_score():
    everything = report_of()
    chosen = report_of("--select", "gender,structure-swot", "--ignore", "gender-budget")
    ids = [f["rule"] for f in chosen["findings"]]
    expected = [f["rule"] for f in everything["findings"]
                if (f["family"] == "gender" or f["rule"] == "structure-swot") and f["rule"] != "gender-budget"]
    assert ids == expected and "gender-budget" not in ids
    weight = {"error": 3, "warning": 2, "info": 1}
    value = {"pass": 1.0, "weak": 0.5, "missing": 0.0}
    kept = chosen["findings"]
    score = round(100 * sum(weight[f["severity"]] * value[f["status"]] for f in kept) /
                  sum(weight[f["severity"]] for f in kept), 1)
    assert chosen["summary"]["score"] == score != everything["summary"]["score"]


def test_the_report_names_the_rules_left_out():
    result = invoke(BUILT / "ru-gappy.txt", "--ignore", "migration", "--lang", "ru", "-q",
                    env={"COLUMNS": "200"})
    assert "Исключены из проверки: migration-data, migration-remittances" in result.stdout
    assert "migration-data ·" not in result.stdout and "· migration-data" not in result.stdout


def test_an_unknown_rule_name_is_refused_before_any_check(half_swot):
    result = invoke(half_swot, "--select", "gendr", "--lang", "ru")
    assert result.exit_code == 2 and result.stdout == ""
    assert "«gendr» — не правило и не группа правил набора psed-2018" in result.stderr
    assert invoke(half_swot, "--select", "gender", "--ignore", "gender").exit_code == 2


# --- settings set once -------------------------------------------------------------------------

def test_project_file_in_a_parent_folder_sets_language_and_threshold(tmp_path, half_swot, monkeypatch):
    (tmp_path / "psedcheck.toml").write_text('lang = "ru"\nfail_on = "never"\nignore = ["structure-title"]\n',
                                             encoding="utf-8")
    deeper = tmp_path / "work" / "district"
    deeper.mkdir()
    monkeypatch.chdir(deeper)
    result = invoke(half_swot)
    assert result.exit_code == 0  # fail_on = never
    assert "Порог не задан" in result.stdout and "Исключены из проверки: structure-title." in result.stdout
    assert invoke(half_swot, "--fail-on", "weak").exit_code == 1  # the command line wins


def test_user_file_then_project_file_then_environment_then_option(tmp_path, half_swot, no_settings):
    user = no_settings / "psedcheck" / "psedcheck.toml"
    user.parent.mkdir(parents=True)
    user.write_text('lang = "ky"\n', encoding="utf-8")
    assert "Баа:" in invoke(half_swot).stdout  # the user file
    (tmp_path / "work" / "psedcheck.toml").write_text('lang = "ru"\n', encoding="utf-8")
    assert "Оценка:" in invoke(half_swot).stdout  # the project file over the user file
    assert "Score:" in invoke(half_swot, env={"PSEDCHECK_LANG": "en"}).stdout  # the environment
    assert "Баа:" in invoke(half_swot, "--lang", "ky", env={"PSEDCHECK_LANG": "en"}).stdout
    assert "Правил в наборе" in invoke("rules").stdout  # settings reach the other commands too


@pytest.mark.parametrize("text, problem", [
    ('lang = "de"\n', "lang must be one of en, ru, ky, not 'de'"),
    ('colour = true\n', "unknown setting «colour»"),
    ('jobs = 0\n', "jobs must be a whole number of at least 1"),
    ('select = "gender"\n', "select must be a list"),
    ('lang = "ru\n', "not valid TOML"),
])
def test_a_bad_settings_file_is_a_usage_error_naming_the_file(tmp_path, half_swot, text, problem):
    path = tmp_path / "work" / "psedcheck.toml"
    path.write_text(text, encoding="utf-8")
    result = invoke(half_swot)
    assert result.exit_code == 2 and result.stdout == ""
    assert str(path) in result.stderr and problem in result.stderr


# --- the terminal report -----------------------------------------------------------------------

def terminal(path, columns, *args):
    env = {k: v for k, v in os.environ.items() if k not in ("PSEDCHECK_LANG",)}
    env["COLUMNS"] = str(columns)
    run = subprocess.run([sys.executable, "-m", "psedcheck", str(path), "--lang", "ru", "-q", *args],
                         capture_output=True, text=True, env=env)
    assert run.returncode in (0, 1), run.stderr
    return run.stdout


def test_terminal_fits_60_columns_without_breaking_a_word():
    narrow, wide = terminal(BUILT / "ru-gappy.txt", 60), terminal(BUILT / "ru-gappy.txt", 10_000)
    assert max(len(line) for line in narrow.splitlines()) <= 60
    assert max(len(line) for line in wide.splitlines()) > 200  # the width is followed, not fixed
    words = lambda text: set(re.findall(r"\S+", text.replace("─", " ")))  # noqa: E731
    assert words(narrow) - words(wide) == set()  # no fragment of a broken word
    assert len(narrow.splitlines()) > len(wide.splitlines())


def test_the_verdict_and_score_lead_and_the_gaps_come_before_the_rules_met():
    lines = terminal(BUILT / "ru-gappy.txt", 120).splitlines()
    assert lines[2].startswith("✘ Блокирующих замечаний: ")
    assert lines[3].strip() == "(блокирует отсутствие обязательного требования)"
    assert lines[4].strip().startswith("Оценка: ")
    text = "\n".join(lines)
    assert text.index("Исправить в первую очередь") < text.index("Выполненные требования:")
    hidden = terminal(BUILT / "ru-gappy.txt", 120, "--hide-pass")
    assert "Выполненные требования:" not in hidden and "Выполненные требования не показаны:" in hidden


def test_fail_on_is_said_as_it_is_meant(half_swot):
    lenient = invoke(half_swot, "--select", "structure-swot", env={"COLUMNS": "200"})
    assert lenient.exit_code == 0
    assert "✔ No blocking gaps" in lenient.stdout and "(a missing required rule blocks)" in lenient.stdout
    assert "Required rules only partly met: 1 (they do not block at this threshold)." in lenient.stdout
    strict = invoke(half_swot, "--select", "structure-swot", "--fail-on", "weak", env={"COLUMNS": "200"})
    assert strict.exit_code == 1
    assert "✘ Blocking gaps: 1" in strict.stdout
    assert "(a required rule that is missing or only partly met blocks)" in strict.stdout


# --- batches -----------------------------------------------------------------------------------

@pytest.fixture
def folder(tmp_path):
    import shutil

    root = tmp_path / "district"
    root.mkdir()
    for name in ("ru-strong.md", "ru-gappy.txt"):
        shutil.copy(BUILT / name, root)
    (root / "README.md").write_text("# Папка района\nСюда кладём программы.\n", encoding="utf-8")
    (root / "notes.txt").write_text("позвонить в айыл окмоту\n", encoding="utf-8")
    (root / "broken.docx").write_bytes(b"not a zip")
    return root


def test_a_batch_reads_as_a_table_and_skips_what_is_no_programme(folder):
    result = invoke(folder, "--lang", "ru", "-j", "1", env={"COLUMNS": "120"})
    assert result.exit_code == 4  # the broken file
    rows = {line.split()[0]: line for line in result.stdout.splitlines() if line.split()[:1] and "." in line.split()[0]}
    assert set(rows) == {"broken.docx", "ru-gappy.txt", "ru-strong.md"}
    assert "не проверена" in rows["broken.docx"] and "Файл повреждён" in rows["broken.docx"]
    assert "блокирующих замечаний нет" in rows["ru-strong.md"]
    assert re.search(r"блокирующих замечаний: \d+ +\d+,\d +\d+ \d+ \d+ +\S", rows["ru-gappy.txt"])
    assert "Документов: 3; без блокирующих замечаний: 1; с блокирующими замечаниями: 1; не проверены: 1." in result.stdout
    assert "psedcheck: пропущены, это не программы: README.md, notes.txt" in result.stderr
    assert "psedcheck: corrupt: broken.docx: Файл повреждён, прочитать его нельзя." in result.stderr
    full = invoke(folder, "--lang", "ru", "-j", "1", "--full", env={"COLUMNS": "120"})
    assert full.stdout.count("Исправить в первую очередь") == 1 and full.stdout.count("Выполненные требования:") == 2


def test_the_ocr_page_counter_speaks_the_report_language(tmp_path, capfd):
    from psedcheck.i18n import ui
    from psedcheck.batch.jobs import ocr_for_run
    from psedcheck.reading import read

    from .conftest import require_tool
    from .test_ocr import SHORT, image_pdf, mixed_pdf

    require_tool("tesseract")
    scan = image_pdf(SHORT, tmp_path / "scan.pdf")
    two = mixed_pdf(SHORT, scan, tmp_path / "two-scanned.pdf", {1, 2})  # two pages to count
    ocr = ocr_for_run(2, 1, True, ui("ocr_counter", "ru"))
    ocr.progress = True  # as on a terminal
    report, document = read(two, ocr)
    assert document is not None, report.error
    counted = capfd.readouterr().err
    assert "psedcheck: распознавание two-scanned.pdf: страница 2/2" in counted and "page" not in counted


@pytest.mark.parametrize("after", [0.3, 0.8, 1.5])
def test_ctrl_c_ends_a_check_and_its_reader_without_a_traceback(tmp_path, after):
    """Ctrl-C reaches the whole process group (the reader working ahead too): one short line, a
    non-zero exit, no traceback from either process, and nothing of the run left behind."""
    import signal
    import time

    sentence = "Число женщин-предпринимателей в айыл аймаке выросло до 120 человек, мигрантов — до 1 350. "
    long = tmp_path / "long.md"
    long.write_text("# Анализ ситуации\n\n" + "\n\n".join(sentence * 4 for _ in range(6000)), encoding="utf-8")
    process = subprocess.Popen([sys.executable, "-m", "psedcheck", str(long), "--no-history", "--format", "json"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, start_new_session=True)
    time.sleep(after)
    os.killpg(process.pid, signal.SIGINT)
    try:
        _, err = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
    assert process.returncode != 0 and "Traceback" not in err, err
    deadline = time.monotonic() + 10
    while _session_members(process.pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _session_members(process.pid)


def _session_members(session: int) -> list[int]:
    """The processes still alive in a session (Linux /proc; zombies are gone already)."""
    members = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if os.getsid(int(entry.name)) == session and "Z" not in (entry / "stat").read_text().split(")")[1][:3]:
                    members.append(int(entry.name))
            except (OSError, IndexError):
                continue
    return members
