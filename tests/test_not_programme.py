"""A council decision, a report or a budget sent instead of a programme is said to be that (a notice in
every output, exit code 5), never scored as a failed programme; no programme ever gets the notice.

Real wording: the openings of real published documents in ../shared/domain/real-openings/, the
corpus programmes, and DOCX files made with python-docx.
"""
from __future__ import annotations

import csv
import json
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from psedcheck.cli import EXIT_NOT_COMPLIANT, EXIT_NOT_PROGRAMME, EXIT_OK, main
from psedcheck.engine.doctype import classify
from psedcheck.engine.sections import assign_sections
from psedcheck.lang.detect import assign_languages
from psedcheck.reading import read

from .conftest import ROOT, require_shared

# What a person reads in each opening (README of real-openings): 03 is a decision header over the
# strategic plan's own title and preamble, with no operative part, so it is read as the plan.
OPENINGS = {
    "03_sary-oi_strategic-plan_2013_ky.txt": None,
    "04_kara-balta_psep_2018-2023_ru.txt": None,
    "09_bishkek_strategic-priorities_2014-2018_ru.txt": "decision",
    "12_sary-kolot_plan-budget-decision_2023_ky.txt": "decision",
    "13_KZ_zhambyl-oblast_program_2021-2025_ru.txt": None,
    "14_KZ_aktobe-oblast_plan_2021-2025_ru.txt": None,
    "15_KZ_astana-city_plan_2021-2025_ru.txt": None,
    "16_KZ_zhezkazgan-city_program_2011-2015_en.txt": None,
    "18_kara-balta_9-month-report_2022_ru.txt": "report",
}


def opening(tmp_path: Path, name: str) -> Path:
    """The document's own text of a real opening (after its SOURCE… header), as a text file."""
    text = (require_shared() / "domain" / "real-openings" / name).read_text(encoding="utf-8")
    body = text.split("\n\n", 1)[1].replace("[... excerpt ends here ...]", "").rstrip() + "\n"
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return path


def kind_of(path: Path, checker) -> str | None:
    report, document = read(path)
    assert document is not None, report.error
    found = classify(assign_sections(assign_languages(document), checker.matcher))
    return found.kind if found else None


@pytest.mark.parametrize("name", sorted(OPENINGS))
def test_real_openings_are_read_as_a_person_would(tmp_path, checker, name):
    assert kind_of(opening(tmp_path, name), checker) == OPENINGS[name]


def test_no_corpus_programme_gets_the_notice(checker):
    documents = sorted(p for folder in (ROOT / "corpus" / "built", ROOT / "corpus" / "blind" / "built")
                       for p in folder.iterdir() if p.suffix in (".docx", ".pdf", ".txt", ".md", ".odt"))
    assert len(documents) >= 40
    kinds = {}
    for path in documents:
        report, document = read(path)
        if document is None:  # the scan needs OCR, which this test does not run
            assert report.error.code == "scanned", path
            continue
        kinds[path.name] = classify(assign_sections(assign_languages(document), checker.matcher))
    assert len(kinds) >= 40
    assert {name: kind for name, kind in kinds.items() if kind} == {}


def test_a_programme_cut_after_its_approving_decision_stays_a_programme(tmp_path, checker):
    """Title page, the kenesh's ТОКТОМ with «ТОКТОМ КЫЛАТ: 1. … бекитилсин», then the start of the
    introduction: the programme's title above the decision makes it the programme, however short."""
    source = (ROOT / "corpus" / "blind" / "sources" / "blind-ky-ru-mixed.md").read_text(encoding="utf-8")
    decision_end = source.index("## КИРИШҮҮ")
    for cut in (decision_end + 20, decision_end + 400, decision_end + 3000):
        path = tmp_path / f"cut-{cut}.md"
        path.write_text(source[:cut], encoding="utf-8")
        assert kind_of(path, checker) is None, cut
    decision_only = source[source.index("**КӨК-ОЙ АЙЫЛДЫК КЕҢЕШИНИН"):source.index("<!-- pagebreak -->", decision_end - 40)]
    path = tmp_path / "decision-only.md"
    path.write_text(decision_only, encoding="utf-8")
    assert "ТОКТОМ КЫЛАТ" in decision_only and "КИРИШҮҮ" not in decision_only
    assert kind_of(path, checker) == "decision"


# --- DOCX files made with python-docx ---

def _docx(path: Path, parts: list) -> Path:
    """parts: ("h", text, level), ("p", text) or ("t", rows)."""
    document = docx.Document()
    for part in parts:
        if part[0] == "h":
            document.add_heading(part[1], level=part[2])
        elif part[0] == "p":
            document.add_paragraph(part[1])
        else:
            rows = part[1]
            table = document.add_table(rows=len(rows), cols=len(rows[0]))
            for r, row in enumerate(rows):
                for c, value in enumerate(row):
                    table.cell(r, c).text = value
    document.save(path)
    return path


DECISION = [
    ("p", "КЫРГЫЗСКАЯ РЕСПУБЛИКА"), ("p", "АК-СУЙСКИЙ АЙЫЛНЫЙ КЕНЕШ"),
    ("p", "РЕШЕНИЕ"), ("p", "от 12 марта 2025 года № 14/2"), ("p", "с. Ак-Суу"),
    ("p", "Об утверждении Программы социально-экономического развития Ак-Суйского айылного аймака на 2025–2028 годы"),
    ("p", "Заслушав информацию главы айыл окмоту Ак-Суйского айылного аймака о проекте Программы социально-"
          "экономического развития на 2025–2028 годы и руководствуясь Законом Кыргызской Республики «О местном "
          "самоуправлении», Ак-Суйский айылный кенеш РЕШИЛ:"),
    ("p", "1. Утвердить Программу социально-экономического развития Ак-Суйского айылного аймака на 2025–2028 годы "
          "(прилагается)."),
    ("p", "2. Айыл окмоту ежегодно предусматривать в местном бюджете средства на мероприятия Программы."),
    ("p", "3. Контроль за исполнением настоящего решения возложить на постоянную комиссию по бюджету."),
    ("p", "Председатель айылного кенеша                А. Токтосунов"),
]

PROGRAMME = [
    ("p", "Приложение к решению Ак-Суйского айылного кенеша от 12 марта 2025 года № 14/2"),
    ("h", "Программа социально-экономического развития Ак-Суйского айылного аймака на 2025–2028 годы", 1),
    ("h", "1. Анализ текущей ситуации", 2),
    ("p", "На 1 января 2025 года в айылном аймаке проживает 8 412 человек, из них женщин – 4 260, мужчин – 4 152. "
          "Основу экономики составляет животноводство; 1 140 жителей работают за пределами страны."),
    ("h", "2. SWOT-анализ", 2),
    ("t", [["Сильные стороны", "Слабые стороны"], ["Пастбища 18 400 га, 3 школы", "Износ водопровода 70 %"],
           ["Возможности", "Угрозы"], ["Программы донорских организаций", "Отток молодёжи в трудовую миграцию"]]),
    ("h", "3. Стратегические цели и задачи", 2),
    ("p", "Цель 1. Обеспечить жителей питьевой водой: заменить 12 км водопровода к 2027 году."),
    ("h", "4. План мероприятий", 2),
    ("t", [["Мероприятие", "Срок", "Ответственный", "Стоимость, тыс. сом", "Источник"],
           ["Замена водопровода в с. Ак-Суу", "2026", "Айыл окмоту", "14 000", "Республиканский бюджет"]]),
]


def _run(args: list[str]):
    return CliRunner().invoke(main, [*args, "--no-history"], catch_exceptions=False)


def test_a_decision_alone_is_said_to_be_one_in_every_format(tmp_path):
    path = _docx(tmp_path / "reshenie.docx", DECISION)
    terminal = _run([str(path), "--lang", "ru"])
    assert terminal.exit_code == EXIT_NOT_PROGRAMME, terminal.output
    assert "Это решение (постановление) кенеша, а не программа." in terminal.output
    assert "айылный кенеш РЕШИЛ: 1. Утвердить Программу социально-экономического развития" in " ".join(terminal.output.split())
    assert "/100" not in terminal.output and "Исправить в первую очередь" not in terminal.output

    result = _run([str(path), "--format", "json", "-o", str(tmp_path / "r.json")])
    assert result.exit_code == EXIT_NOT_PROGRAMME
    data = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    document = data["documents"][0]
    note = next(n for n in document["notes"] if n["code"] == "not-a-programme")
    assert note["kind"] == "decision" and note["message"] == "This is a council decision, not a programme."
    assert any("Утвердить Программу" in e["text"] for e in note["evidence"])
    assert document["summary"]["scored"] is False and len(document["findings"]) >= 29  # still there
    _valid(data)

    markdown = _run([str(path), "--format", "markdown", "--lang", "ky"])
    assert "Бул кеңештин токтому, программа эмес." in markdown.output
    assert "/100" not in markdown.output and "## " not in markdown.output  # no score, no lists of gaps

    _run([str(path), "--format", "html", "-o", str(tmp_path / "r.html"), "--lang", "en"])
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert 'class="not-programme"' in page and "This is a council decision, not a programme." in page
    assert 'class="score-value"' not in page  # no score box
    assert '<details class="not-programme-checklist">' in page and 'class="finding status-missing"' in page


def test_a_programme_that_opens_with_its_approving_decision_is_checked_as_a_programme(tmp_path):
    path = _docx(tmp_path / "programma.docx", DECISION + PROGRAMME)
    result = _run([str(path), "--format", "json"])
    assert result.exit_code in (EXIT_OK, EXIT_NOT_COMPLIANT), result.output
    document = json.loads(result.output)["documents"][0]
    assert not [n for n in document.get("notes", []) if n["code"] == "not-a-programme"]
    assert "scored" not in document["summary"]


def test_reports_and_budgets_are_told_apart(tmp_path, checker):
    report = _docx(tmp_path / "maalymat.docx", [
        ("h", "Ак-Суу айыл аймагынын 2024-жылдын 9 айындагы социалдык-экономикалык өнүгүүсүнүн жыйынтыгы боюнча "
              "маалымат", 1),
        ("p", "2024-жылдын 9 айында жергиликтүү бюджеттин кирешелери 18 240,5 миң сомду түздү, бул пландын 96,3 "
              "пайызы. Чыгашалар 16 112,0 миң сомду түздү."),
        ("t", [["Көрсөткүч", "Бекитилген план", "Аткарылышы"], ["Кирешелер", "18 940,0", "18 240,5"],
               ["Чыгашалар", "17 600,0", "16 112,0"]]),
    ])
    budget = _docx(tmp_path / "byudzhet.docx", [
        ("h", "Местный бюджет Ак-Суйского айылного аймака на 2025 год", 1),
        ("t", [["Наименование", "Код", "Утверждено на 2025 год, тыс. сом"], ["Доходы, всего", "1", "21 400,0"],
               ["Налог на имущество", "1131", "2 310,0"], ["Расходы, всего", "2", "21 400,0"],
               ["Заработная плата", "2111", "9 870,4"]]),
        ("h", "Расходы по разделам", 2),
        ("t", [["Раздел", "Сумма, тыс. сом"], ["Образование", "6 120,0"], ["ЖКХ", "3 400,0"]]),
    ])
    approved_budget = _docx(tmp_path / "reshenie-byudzhet.docx", [
        ("p", "РЕШЕНИЕ Ак-Суйского айылного кенеша от 25 декабря 2024 года № 12/1"),
        ("p", "О местном бюджете Ак-Суйского айылного аймака на 2025 год"),
        ("p", "Ак-Суйский айылный кенеш РЕШИЛ:"),
        ("p", "1. Утвердить местный бюджет на 2025 год по доходам и расходам в сумме 21 400,0 тыс. сомов."),
        ("p", "2. Настоящее решение вступает в силу с 1 января 2025 года."),
        ("p", "Приложение 1"),
        ("t", [["Наименование", "Код", "Утверждено, тыс. сом"], ["Доходы, всего", "1", "21 400,0"],
               ["Расходы, всего", "2", "21 400,0"]]),
    ])
    assert kind_of(report, checker) == "report"
    assert kind_of(budget, checker) == "budget"
    assert kind_of(approved_budget, checker) == "budget"


def test_the_batch_summary_and_dashboard_say_so_and_count_no_programme_rules(tmp_path):
    decision = _docx(tmp_path / "a-reshenie.docx", DECISION)
    programme = _docx(tmp_path / "b-programma.docx", DECISION + PROGRAMME)
    csv_path, xlsx_path = tmp_path / "s.csv", tmp_path / "s.xlsx"
    result = _run([str(decision), str(programme), "--summary", str(csv_path), "-q", "--lang", "ru"])
    assert result.exit_code == EXIT_NOT_PROGRAMME
    assert "Не программы, не оценивались (решение кенеша, отчёт или бюджет): 1." in result.output
    with csv_path.open(encoding="utf-8-sig") as fh:
        rows = list(csv.reader(fh))
    header, first, second = rows[0], rows[1], rows[2]
    at = {name: i for i, name in enumerate(header)}
    assert first[at["итог"]] == "не программа: решение кенеша"
    assert "not-a-programme" in first and "Это решение (постановление) кенеша, а не программа." in first
    assert first[at["оценка"]] == "" and float(second[at["оценка"]]) > 0
    assert all(cell == "" for cell in first[header.index("structure-swot"):])  # no rule verdicts for a decision

    _run([str(decision), str(programme), "--summary", str(xlsx_path), "-q"])
    from openpyxl import load_workbook

    book = load_workbook(xlsx_path)
    documents, rules = book.worksheets
    verdict = [c.value for c in documents[1]].index("verdict") + 1
    assert documents.cell(3, verdict).value == "not a programme: a council decision"
    assert documents.cell(3, verdict).fill.fgColor.rgb.endswith("DDEBF7")
    swot = next(r for r in rules.iter_rows(values_only=True) if r[0] == "structure-swot")
    assert sum(swot[4:7]) == 1  # only the programme counts

    index = tmp_path / "audit" / "index.html"
    _run([str(decision), str(programme), "--format", "html", "-o", str(index), "-q"])
    page = index.read_text(encoding="utf-8")
    assert 'class="verdict not-a-programme"' in page and "This is a council decision, not a programme." in page
    assert "Not programmes, not judged (a council decision, a report or a budget): 1." in page


def test_the_notice_survives_the_cache(tmp_path):
    path = _docx(tmp_path / "reshenie.docx", DECISION)
    other = _docx(tmp_path / "programma.docx", DECISION + PROGRAMME)
    outputs = []
    for run in (1, 2):
        out = tmp_path / f"run{run}.json"
        result = _run([str(path), str(other), "--cache", str(tmp_path / "cache"), "--format", "json", "-o", str(out), "-q"])
        assert result.exit_code == EXIT_NOT_PROGRAMME
        outputs.append(json.loads(out.read_text(encoding="utf-8"))["documents"])
    assert len(list((tmp_path / "cache").glob("*.json"))) == 2
    assert outputs[0] == outputs[1]
    assert outputs[1][0]["notes"][0]["kind"] == "decision" and "notes" not in outputs[1][1]


def _valid(data: dict) -> None:
    import jsonschema

    schema = json.loads((ROOT / "tests" / "contract" / "report.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(data)


def test_annotate_gives_a_decision_one_comment_saying_so(tmp_path):
    path = _docx(tmp_path / "reshenie.docx", DECISION)
    out = tmp_path / "reshenie-comments.docx"
    result = _run([str(path), "--lang", "ru", "--annotate", str(out), "-q"])
    assert result.exit_code == EXIT_NOT_PROGRAMME
    comments = [c.text for c in docx.Document(str(out)).comments]
    assert comments == ["Это решение (постановление) кенеша, а не программа.\n"
                        "Проверьте саму программу — обычно это приложение, которое утверждается решением."]
