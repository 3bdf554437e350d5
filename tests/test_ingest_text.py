"""Plain text and Markdown front-end."""
from __future__ import annotations

from psedcheck.ingest import read_document


def test_markdown_headings_tables_lists_and_toc(tmp_path):
    path = tmp_path / "p.md"
    path.write_text(
        "# Программа развития Ак-Суйского айылного аймака на 2024-2028 годы\n\n"
        "## Содержание\n1. Введение ....... 3\n2. SWOT-анализ ....... 5\n\n"
        "## 1. Введение\nПрограмма разработана\nрабочей группой.\n\n"
        "- первый пункт;\n- второй пункт.\n\n"
        "## 2. SWOT-анализ\n| Сильные стороны | Слабые стороны |\n|---|---|\n| Земля | Вода |\n",
        encoding="utf-8")
    doc = read_document(path)
    assert doc.toc == ["1. Введение", "2. SWOT-анализ"]
    assert [(s.heading, s.level) for s in doc.sections] == [
        ("Программа развития Ак-Суйского айылного аймака на 2024-2028 годы", 1), ("1. Введение", 2),
        ("2. SWOT-анализ", 2)]
    assert [b.text for b in doc.sections[1].blocks] == [
        "Программа разработана рабочей группой.", "первый пункт;", "второй пункт."]
    assert doc.sections[2].blocks[0].table.rows == (("Сильные стороны", "Слабые стороны"), ("Земля", "Вода"))
    assert doc.pages is None


def test_plain_text_in_windows_1251_with_numbered_headings_and_form_feeds(tmp_path):
    path = tmp_path / "p.txt"
    text = ("ПРОГРАММА СОЦИАЛЬНО-ЭКОНОМИЧЕСКОГО РАЗВИТИЯ\n\n1. Введение\nПрограмма определяет цели.\n\f"
            "2. Анализ текущей ситуации\nНаселение\tМужчины\tЖенщины\nВсего\t4 380\t4 512\n")
    path.write_bytes(text.encode("cp1251"))
    doc = read_document(path)
    assert [(s.heading, s.page) for s in doc.sections if s.heading] == [
        ("ПРОГРАММА СОЦИАЛЬНО-ЭКОНОМИЧЕСКОГО РАЗВИТИЯ", 1), ("1. Введение", 1), ("2. Анализ текущей ситуации", 2)]
    assert doc.sections[-1].blocks[0].table.rows[1] == ("Всего", "4 380", "4 512")
    assert doc.pages == 2


def test_plain_text_headings_without_numbers_or_capitals(tmp_path, checker):
    """Text typed in Notepad: a short line alone between blank lines, with a longer paragraph after
    it, is a heading; a list item or a closing line is not."""
    path = tmp_path / "plain.txt"
    path.write_text("\n".join([
        "Ак-Суу айыл аймагын өнүктүрүү программасы 2025–2029",
        "",
        "Киришүү",
        "",
        "Программа айыл өкмөтүнүн жумушчу тобу тарабынан 2024-жылы калк менен биргеликте иштелип чыкты.",
        "",
        "Аймактын жалпы мүнөздөмөсү",
        "",
        "Айыл аймагында 5 120 адам жашайт, анын ичинде 2 610 аял жана 2 510 эркек. "
        "Катталган жумушсуздар – 180: аялдар – 104, эркектер – 76.",
        "",
        "1) Суу түтүгүн оңдоо",
        "",
        "Ыраазычылык менен, айыл өкмөтүнүн башчысы",
    ]), encoding="utf-8")
    document = read_document(path)
    headings = [s.heading for s in document.sections if s.heading]
    assert headings == ["Киришүү", "Аймактын жалпы мүнөздөмөсү"]
    report = checker.check(path)
    canonical = {f.rule: f.status.value for f in report.findings}
    assert canonical["structure-introduction"] != "missing"
    assert canonical["gender-disaggregated-data"] == "pass"


_OLD_STYLE = "\n".join([
    "ПРОГРАММА РАЗВИТИЯ КАРА-СУУСКОГО АЙЫЛНОГО АЙМАКА НА 2024–2027 ГОДЫ",
    "",
    "II. АНАЛИЗ СОЦИАЛЬНО-ЭКОНОМИЧЕСКОГО ПОЛОЖЕНИЯ",
    "",
    "Земельные ресурсы",
    "",
    "Общая площадь земель аймака составляет 12 400 га, из них пашни 3 100 га.",
    "",
    "V. ПЛАН МЕРОПРИЯТИЙ",
    "",
    "№\tМероприятие\tСрок\tОтветственный\tСумма, тыс. сом\tИсточник\tРезультат",
    "1. Сельское хозяйство",
    "1.1\tРемонт оросительных каналов (8 км)\t2024-2026\tАйыл окмоту\t4 800\tРеспубликанский бюджет\tОрошение 420 га",
    "1.2\tСоздание машинно-тракторной станции\t2025\tАйыл окмоту\t2 500\tМестный бюджет\tОбслуживание 300 хозяйств",
    "2. Социальная сфера",
    "2.1\tРемонт школы в селе Кара-Суу\t2025\tАйыл окмоту\t3 200\tРеспубликанский бюджет\t520 учеников в тепле",
    "",
])


def test_a_pasted_plan_with_group_rows_is_one_table_and_unmarked_titles_are_sub_sections(tmp_path, checker):
    """Text pasted from a website: a group line inside a tab-separated table («1. Сельское хозяйство»)
    spans the table instead of ending it; an unmarked title under a Roman chapter is its sub-section."""
    path = tmp_path / "oldstyle.txt"
    path.write_text(_OLD_STYLE, encoding="utf-8")
    document = read_document(path)
    tables = [b.table for _, b in document.blocks() if b.is_table]
    assert len(tables) == 1 and len(tables[0].rows) == 6
    levels = {s.heading: s.level for s in document.sections if s.heading}
    assert levels["Земельные ресурсы"] == 2 and levels["V. ПЛАН МЕРОПРИЯТИЙ"] == 1
    report = checker.check(path)
    assert {s.title: s.id for s in report.sections}["Земельные ресурсы"] == "situation-analysis"  # not financing
    plan = next(f for f in report.findings if f.rule == "structure-action-plan")
    assert plan.status.value == "pass"
    header = " | ".join(tables[0].header)
    assert all(e.text != header for a in plan.aspects for e in a.evidence)  # a filled row is quoted
