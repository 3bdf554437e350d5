"""DOCX front-end on documents built with python-docx."""
from __future__ import annotations

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

from psedcheck.ingest import read_document

from .docs import add_decimal_numbering, add_table, bold_paragraph, new_document, numbered, page_break


def test_heading_styles_and_body_order(tmp_path):
    d = new_document()
    d.add_paragraph("Программа социально-экономического развития Ак-Суйского айылного аймака на 2024-2028 годы")
    d.add_heading("1. Введение", 1)
    d.add_paragraph("Программа разработана рабочей группой.")
    d.add_heading("2. Анализ текущей ситуации", 1)
    d.add_heading("2.1. Население", 2)
    d.add_paragraph("Перед таблицей.")
    add_table(d, [["Показатель", "Мужчины", "Женщины"], ["Население", "4 380", "4 512"]])
    d.add_paragraph("После таблицы.")
    path = tmp_path / "styled.docx"
    d.save(path)
    doc = read_document(path)
    assert [(s.heading, s.level) for s in doc.sections] == [
        ("", 0), ("1. Введение", 1), ("2. Анализ текущей ситуации", 1), ("2.1. Население", 2)]
    blocks = doc.sections[3].blocks
    assert [b.text for b in blocks] == ["Перед таблицей.", "Показатель | Мужчины | Женщины\nНаселение | 4 380 | 4 512",
                                        "После таблицы."]
    assert blocks[1].table.header == ("Показатель", "Мужчины", "Женщины")


def test_localized_style_names_and_outline_levels(tmp_path):
    d = new_document()
    style = d.styles.add_style("Заголовок 1", 1)  # a Russian Word's heading style, by name
    style.font.size = Pt(14)
    d.add_paragraph("Введение", style="Заголовок 1")
    d.add_paragraph("Текст введения.")
    outlined = d.add_paragraph("SWOT-анализ")
    lvl = OxmlElement("w:outlineLvl")
    lvl.set(qn("w:val"), "1")
    outlined._p.get_or_add_pPr().append(lvl)
    d.add_paragraph("Сильные стороны: земля.")
    path = tmp_path / "localized.docx"
    d.save(path)
    doc = read_document(path)
    assert [(s.heading, s.level) for s in doc.sections] == [("Введение", 1), ("SWOT-анализ", 2)]


def test_headings_without_styles_from_bold_numbering_and_capitals(tmp_path):
    d = new_document()
    d.add_paragraph("1. ВВЕДЕНИЕ")
    d.add_paragraph("Программа определяет цели развития айылного аймака. Она рассчитана на пять лет.")
    bold_paragraph(d, "Анализ текущей ситуации")
    d.add_paragraph("В аймаке проживает 8 892 человека.")
    d.add_paragraph("2.3. Трудовая миграция")
    d.add_paragraph("За рубежом работают 1 240 жителей.")
    d.add_paragraph("3. В 2023 году построено 12 км водопровода.")  # a numbered sentence, not a heading
    path = tmp_path / "plain.docx"
    d.save(path)
    doc = read_document(path)
    headings = [(s.heading, s.level) for s in doc.sections if s.heading]
    assert headings == [("1. ВВЕДЕНИЕ", 1), ("Анализ текущей ситуации", 2), ("2.3. Трудовая миграция", 2)]
    assert doc.sections[-1].blocks[-1].text.startswith("3. В 2023 году")


def test_automatic_numbering_is_restored(tmp_path):
    d = new_document()
    num = add_decimal_numbering(d)
    numbered(d, "Введение", "Heading 1", num, 0)
    d.add_paragraph("Текст.")
    numbered(d, "Анализ текущей ситуации", "Heading 1", num, 0)
    numbered(d, "Население", "Heading 2", num, 1)
    numbered(d, "Экономика", "Heading 2", num, 1)
    path = tmp_path / "autonum.docx"
    d.save(path)
    doc = read_document(path)
    assert [s.heading for s in doc.sections] == [
        "1. Введение", "2. Анализ текущей ситуации", "2.1. Население", "2.2. Экономика"]


def test_table_of_contents_is_kept_aside(tmp_path):
    d = new_document()
    d.add_heading("Содержание", 1)
    d.add_paragraph("1. Введение .......... 3")
    d.add_paragraph("2. SWOT-анализ .......... 5")
    d.add_heading("1. Введение", 1)
    d.add_paragraph("Текст введения.")
    path = tmp_path / "toc.docx"
    d.save(path)
    doc = read_document(path)
    assert doc.toc == ["1. Введение", "2. SWOT-анализ"]
    assert [s.heading for s in doc.sections] == ["1. Введение"]


def test_page_breaks_give_pages_and_merged_cells_keep_columns(tmp_path):
    d = new_document()
    d.add_heading("План мероприятий", 1)
    table = add_table(d, [["Мероприятие", "Срок", "Ответственный"], ["Ремонт школы", "2025", "Айыл окмоту"],
                          ["Ремонт ФАП", "2026", ""]])
    table.cell(1, 2).merge(table.cell(2, 2))  # one responsible party for two rows
    page_break(d)
    d.add_heading("Мониторинг", 1)
    d.add_paragraph("Отчет ежегодно.")
    path = tmp_path / "merged.docx"
    d.save(path)
    doc = read_document(path)
    rows = doc.sections[0].blocks[0].table.rows
    assert rows[2] == ("Ремонт ФАП", "2026", "Айыл окмоту")
    assert doc.sections[1].page == 2 and doc.pages == 2


def test_an_unmarked_introduction_and_roman_chapters_are_headings(tmp_path):
    """«Введение» / «Киришүү» as a plain line, and Roman-numbered chapters, open sections."""
    from psedcheck.ingest import read_document

    from .docs import new_document

    for opening in ("Введение", "Киришүү"):
        d = new_document()
        d.add_paragraph("Программа социально-экономического развития Ак-Суйского айылного аймака на 2024-2028 годы")
        d.add_paragraph(opening)
        d.add_paragraph("Программа разработана рабочей группой айыл окмоту в 2023 году.")
        d.add_paragraph("II. Анализ текущей ситуации")
        d.add_paragraph("Население аймака составляет 6 420 человек.")
        path = tmp_path / f"{opening}.docx"
        d.save(path)
        headings = [s.heading for s in read_document(path).sections if s.heading]
        assert headings == [opening, "II. Анализ текущей ситуации"]
