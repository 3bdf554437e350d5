"""psedcheck diff: two real drafts (python-docx) where the gender requirements go from missing to pass."""
from __future__ import annotations

import json
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from psedcheck.cli import main
from psedcheck.history.diff import Direction, diff_reports
from psedcheck.history.diff_render import render
from psedcheck.model.findings import Status

from .conftest import ROOT
from .docs import add_table

WOMEN_IN_GROUP = "Из 15 членов рабочей группы 6 женщин, в том числе председатель женского совета."
WOMEN_COURSES = "Курсы кройки и шитья для 40 безработных женщин"


def programme(path: Path, final: bool) -> Path:
    """The same Russian programme as a first draft (nothing about women) or after the gender expert's
    comments (women counted in the working group, a measure for women in the plan)."""
    d = docx.Document()
    d.add_paragraph("Программа социально-экономического развития Таш-Булакского айылного аймака на 2024–2028 годы")
    d.add_heading("1. Введение", 1)
    d.add_paragraph("Программа разработана рабочей группой из 15 человек и обсуждена на публичных слушаниях.")
    if final:
        d.add_paragraph(WOMEN_IN_GROUP)
    d.add_heading("2. Анализ текущей ситуации", 1)
    d.add_paragraph("Численность населения составляет 12 400 человек, протяжённость дорог 48 км.")
    d.add_heading("3. План мероприятий", 1)
    rows = [["Мероприятие", "Срок", "Ответственный", "Стоимость, тыс. сом"],
            ["Ремонт школы в селе Ак-Суу", "2025", "Айыл окмоту", "900,0"]]
    if final:
        rows.append([WOMEN_COURSES, "2025", "Айыл окмоту, женсовет", "150,0"])
    add_table(d, rows)
    d.save(str(path))
    return path


@pytest.fixture(scope="module")
def drafts(tmp_path_factory):
    folder = tmp_path_factory.mktemp("drafts")
    return programme(folder / "проект.docx", final=False), programme(folder / "итог.docx", final=True)


@pytest.fixture(scope="module")
def reports(drafts, checker_in):
    checker = checker_in("ru")
    return checker.check(drafts[0]), checker.check(drafts[1])


def run(*args, history: Path | None = None):
    env = {"PSEDCHECK_HISTORY": str(history) if history else "off"}
    return CliRunner().invoke(main, [str(a) for a in args], env=env)


def test_gender_participation_goes_from_missing_to_pass_with_its_parts(reports):
    diff = diff_reports(*reports)
    change = next(r for r in diff.rules if r.rule == "gender-participation")
    assert (change.old, change.new, change.direction) == (Status.MISSING, Status.PASS, Direction.IMPROVED)
    assert {a.id for a in change.aspects_gained} == {"involved", "counted"}
    assert all(WOMEN_IN_GROUP in a.evidence[0].text for a in change.aspects_gained)
    assert change.aspects_lost == ()
    measures = next(r for r in diff.rules if r.rule == "gender-measures")
    assert (measures.old, measures.new) == (Status.MISSING, Status.PASS)
    assert any(WOMEN_COURSES in a.evidence[0].text for a in measures.aspects_gained)
    assert not diff.regressed and diff.new.score > diff.old.score
    # what no sentence of the drafts touches stays as it was
    assert next(r for r in diff.rules if r.rule == "migration-data").direction is Direction.UNCHANGED


def test_the_other_way_round_is_a_regression_that_names_the_lost_parts(reports):
    diff = diff_reports(reports[1], reports[0])
    change = next(r for r in diff.rules if r.rule == "gender-participation")
    assert change.direction is Direction.REGRESSED and diff.regressed
    assert {a.id for a in change.aspects_lost} == {"involved", "counted"}
    assert WOMEN_IN_GROUP in change.aspects_lost[0].evidence[0].text  # the quote that used to meet it


def test_command_json_lists_the_improvements_with_their_aspects(drafts):
    result = run("diff", *drafts, "--format", "json", "--lang", "ru")
    assert result.exit_code == 0, result.output + result.stderr
    data = json.loads(result.stdout)
    change = next(c for c in data["changes"] if c["rule"] == "gender-participation")
    assert (change["old"], change["new"], change["direction"]) == ("missing", "pass", "improved")
    assert {a["id"] for a in change["aspects_gained"]} == {"involved", "counted"}
    assert change["aspects_lost"] == []
    assert "gender-participation" in data["rules"]["improved"] and data["rules"]["regressed"] == []
    assert data["old"]["summary"]["score"] < data["new"]["summary"]["score"]
    assert data["new"]["municipality"] == "Таш-Булакский айылный аймак"
    assert all(c["rule"] not in data["rules"]["unchanged"] or c["aspects_gained"] or c["aspects_lost"]
               for c in data["changes"])


def test_a_regression_exits_1_and_fail_on_never_does_not(drafts):
    assert run("diff", drafts[1], drafts[0], "--format", "json").exit_code == 1
    assert run("diff", drafts[1], drafts[0], "--fail-on", "never").exit_code == 0
    assert run("diff", drafts[0], drafts[1]).exit_code == 0
    # --fail-on missing: no regression, but the final draft still misses error rules (SWOT, financing …)
    assert run("diff", drafts[0], drafts[1], "--fail-on", "missing").exit_code == 1


def test_terminal_in_russian_and_kyrgyz_says_what_improved(drafts):
    ru = run("diff", *drafts, "--lang", "ru").stdout
    assert "Стало лучше:" in ru and "Стало хуже:" not in ru
    assert "✘ отсутствует → ✔ выполнено" in ru
    assert "теперь есть: сколько женщин участвовало" in ru
    assert "6 женщин" in ru
    assert ru.index("Стало лучше:") < ru.index("Без изменений:")
    ky = run("diff", *drafts, "--lang", "ky").stdout
    assert "Жакшырды:" in ky and "эми бар: канча аял катышканы" in ky
    for english in ("Improved", "now met", "Score", "Unchanged"):
        assert english not in ru and english not in ky


def test_markdown_heads_the_groups_and_quotes_what_appeared(drafts, tmp_path):
    out = tmp_path / "изменения.md"
    result = run("diff", *drafts, "--format", "markdown", "--lang", "ru", "-o", out)
    assert result.exit_code == 0 and result.stdout == ""
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Изменения между двумя редакциями: проект.docx → итог.docx")
    assert "## Стало лучше:" in text and "- ➕ теперь есть: женщины в подготовке программы" in text
    assert "  > «Курсы кройки и шитья для 40 безработных женщин | 2025 | Айыл окмоту, женсовет | 150,0» — 3. План" in text


def test_html_is_a_standalone_page_with_the_improvements_first(drafts, tmp_path):
    """`--format html`: one file to send or open offline, in the report language, with no script and
    nothing from outside; the improved rules come first with the parts they gained and their quotes."""
    from html.parser import HTMLParser

    out = tmp_path / "изменения.html"
    result = run("diff", *drafts, "--format", "html", "--lang", "ky", "-o", out)
    assert result.exit_code == 0
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and '<html lang="ky">' in page
    assert "default-src 'none'" in page and "<script" not in page and "http" not in page.split("<body>")[1]
    assert "Эки редакциянын ортосундагы өзгөрүүлөр" in page

    class Changes(HTMLParser):
        def __init__(self):
            super().__init__()
            self.groups, self.rules = [], []

        def handle_starttag(self, tag, attrs):
            attrs = dict(attrs)
            if "data-group" in attrs:
                self.groups.append(attrs["data-group"])
            if "data-rule" in attrs:
                self.rules.append((self.groups[-1], attrs["data-rule"], attrs["data-old"], attrs["data-new"]))

    parsed = Changes()
    parsed.feed(page)
    assert parsed.groups[0] == "diff_improved"
    assert ("diff_improved", "gender-participation", "missing", "pass") in parsed.rules
    assert "Курсы кройки и шитья для 40 безработных женщин" in page


def test_a_saved_json_report_stands_for_the_old_draft(drafts, tmp_path):
    saved = tmp_path / "old.json"
    assert run(drafts[0], "--format", "json", "--lang", "ru", "-o", saved).exit_code == 1  # the draft misses error rules
    from_json = json.loads(run("diff", saved, drafts[1], "--format", "json", "--lang", "ru").stdout)
    from_docx = json.loads(run("diff", *drafts, "--format", "json", "--lang", "ru").stdout)
    assert from_json["changes"] == from_docx["changes"] and from_json["rules"] == from_docx["rules"]


def test_the_same_draft_twice_has_no_change(drafts, rulebook):
    result = run("diff", drafts[0], drafts[0], "--lang", "en")
    assert result.exit_code == 0
    assert "No requirement changed its status or its parts." in result.stdout
    assert f"Unchanged: {len(rulebook.rules)}" in result.stdout
    data = json.loads(run("diff", drafts[0], drafts[0], "--format", "json").stdout)
    assert data["changes"] == [] and len(data["rules"]["unchanged"]) == len(rulebook.rules)


def test_bad_input_gets_a_coded_error_and_no_traceback(drafts, tmp_path):
    broken = tmp_path / "report.json"
    broken.write_text("{not json", encoding="utf-8")
    two = tmp_path / "two.json"
    two.write_text(json.dumps({"documents": [{"path": "a"}, {"path": "b"}]}), encoding="utf-8")
    before = drafts[1].read_bytes()
    cases = [
        (("diff", broken, drafts[1]), 4, "psedcheck: corrupt: report.json: not a psedcheck JSON report"),
        (("diff", two, drafts[1]), 4, "psedcheck: corrupt: two.json: a JSON report to compare must hold exactly one document"),
        (("diff", tmp_path / "нет.docx", drafts[1]), 4, "psedcheck: not-found:"),
        (("diff", drafts[0]), 2, "give two files (OLD NEW), or --previous FILE alone"),
        (("diff", drafts[0], drafts[1], "-o", drafts[1]), 2, "-o must not name an input"),
    ]
    for args, code, message in cases:
        result = run(*args)
        assert result.exit_code == code and message in result.stderr, (args, result.stderr)
        assert isinstance(result.exception, SystemExit) and "Traceback" not in result.stderr
    assert drafts[1].read_bytes() == before


def test_previous_compares_with_the_last_recorded_version(drafts, tmp_path):
    history = tmp_path / "history.sqlite3"
    assert run("diff", "--previous", drafts[1], history=history).exit_code == 4  # nothing recorded yet
    assert "no-previous" in run("diff", "--previous", drafts[1], history=history).stderr
    run(drafts[0], "--lang", "ru", history=history)  # the first draft is checked and so recorded
    result = run("diff", "--previous", drafts[1], "--format", "json", history=history)
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["old"]["path"].startswith("проект.docx (")
    assert "gender-participation" in data["rules"]["improved"]
    # the final draft is now recorded too: compared again, its previous version is still the draft
    again = json.loads(run("diff", "--previous", drafts[1], "--format", "json", history=history).stdout)
    assert again["old"]["path"].startswith("проект.docx (")


@pytest.mark.parametrize("name", ["ru-strong", "ky-migration", "ru-long-tables"])
def test_a_programme_against_its_own_pdf_changes_little(name):
    """The corpus PDFs are LibreOffice's prints of the DOCX: the same programme in another format."""
    built = ROOT / "corpus" / "built"
    result = run("diff", built / f"{name}.docx", built / f"{name}.pdf", "--format", "json", "--no-ocr")
    assert result.exit_code in (0, 1), result.stderr
    data = json.loads(result.stdout)
    assert data["old"]["format"] == "docx" and data["new"]["format"] == "pdf"
    assert len(data["changes"]) <= 2, [c["rule"] for c in data["changes"]]


def test_render_groups_regressions_before_the_unchanged(reports):
    text = render(diff_reports(reports[1], reports[0]), "terminal", "en", "0", "psed-2018", width=10_000)
    assert text.index("Regressed:") < text.index("Unchanged:")
    assert "− no longer met: сколько женщин участвовало" in text  # the labels are the reports' (ru)
