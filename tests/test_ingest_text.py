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
        "Айыл аймагында 5 120 адам жашайт, анын ичинде 2 610 аял жана 2 510 эркек.",
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
