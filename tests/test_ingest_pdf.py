"""PDF front-end on PDFs that LibreOffice makes from python-docx documents."""
from __future__ import annotations

import pytest

from psedcheck.ingest import read_document

from .docs import add_table, new_document, page_break, to_pdf


@pytest.fixture(scope="module")
def programme_pdf(tmp_path_factory, soffice):
    folder = tmp_path_factory.mktemp("pdf")
    d = new_document()
    d.add_paragraph("Программа социально-экономического развития Ак-Суйского айылного аймака на 2024-2028 годы")
    page_break(d)
    d.add_heading("Содержание", 1)
    d.add_paragraph("1. Введение .......... 3")
    d.add_paragraph("2. План мероприятий .......... 4")
    page_break(d)
    d.add_heading("1. Введение", 1)
    d.add_paragraph("Программа разработана рабочей группой из 15 человек, из них 6 женщин. " * 3)
    d.add_heading("1.1. Нормативная база", 2)
    d.add_paragraph("Женщины-предприниматели получают поддержку. " * 4)
    d.add_heading("2. План мероприятий", 1)
    rows = [["Мероприятие", "Срок", "Ответственный", "Стоимость, тыс. сом", "Источник финансирования"]]
    rows += [[f"Мероприятие № {i}: ремонт арыка", "2025", "Айыл окмоту", f"{100 + i},0", "местный бюджет"]
             for i in range(1, 61)]
    add_table(d, rows)
    d.add_paragraph("Итого по плану мероприятий.")
    source = folder / "programme.docx"
    d.save(source)
    return to_pdf(soffice, source, folder)


def test_pages_headings_and_toc(programme_pdf):
    doc = read_document(programme_pdf)
    assert doc.pages >= 4
    headings = [(s.heading, s.level) for s in doc.sections if s.heading]
    assert ("1. Введение", 1) in headings and ("2. План мероприятий", 1) in headings
    assert ("1.1. Нормативная база", 2) in headings
    assert doc.toc == ["1. Введение", "2. План мероприятий"]
    intro = next(s for s in doc.sections if s.heading == "1. Введение")
    assert intro.page == 3


def test_table_that_runs_across_pages_is_one_table(programme_pdf):
    doc = read_document(programme_pdf)
    tables = [b.table for _, b in doc.blocks() if b.is_table]
    assert len(tables) == 1
    table = tables[0]
    assert table.header[0] == "Мероприятие" and len(table.header) == 5
    assert len(table.body) == 60
    assert table.body[59] == ("Мероприятие № 60: ремонт арыка", "2025", "Айыл окмоту", "160,0", "местный бюджет")
    # Cell text is not repeated as loose paragraphs, and paragraphs keep reading order around the table.
    plan = next(s for s in doc.sections if s.heading == "2. План мероприятий")
    assert [b.is_table for b in plan.blocks] == [True, False]
    assert plan.blocks[1].text == "Итого по плану мероприятий."


def test_hyphenated_compound_survives_line_ends(programme_pdf):
    doc = read_document(programme_pdf)
    text = " ".join(b.text for _, b in doc.blocks() if not b.is_table)
    assert text.count("Женщины-предприниматели") == 4


def test_numbering_depth_decides_the_outline_over_font_size(tmp_path, soffice, checker):
    """A sub-section set in a bigger font than its section («2.1.» at 16 pt under «2.» at 12 pt, after a
    16 pt list of abbreviations) is still a sub-section of the situation analysis."""
    from docx.shared import Pt

    d = new_document()

    def line(text, size, bold=True):
        run = d.add_paragraph().add_run(text)
        run.bold, run.font.size = bold, Pt(size)

    line("Программа социально-экономического развития Ак-Суйского айылного аймака на 2024-2028 годы", 12)
    line("СПИСОК СОКРАЩЕНИЙ", 16)
    line("АО – айыл окмоту; МБ – местный бюджет.", 11, bold=False)
    line("1. Введение", 12)
    line("Программа разработана рабочей группой айыл окмоту с участием жителей.", 11, bold=False)
    line("2. Анализ текущей ситуации", 12)
    line("2.1. Женщины и мужчины", 16)
    line("Население аймака 8 892 человека, из них женщин 4 512, мужчин 4 380. "
         "Среди безработных 256 женщин и 156 мужчин.", 11, bold=False)
    source = tmp_path / "sizes.docx"
    d.save(source)
    document = read_document(to_pdf(soffice, source, tmp_path))
    levels = {s.heading: s.level for s in document.sections if s.heading}
    assert levels["2.1. Женщины и мужчины"] > levels["2. Анализ текущей ситуации"]
    report = checker.check(to_pdf(soffice, source, tmp_path))
    data = next(f for f in report.findings if f.rule == "gender-disaggregated-data")
    assert data.status.value == "pass", data.message


def test_a_long_pdf_read_by_two_processes_is_the_pdf_read_by_one(programme_pdf, monkeypatch):
    from psedcheck.batch.readahead import read_ahead
    from psedcheck.ingest import pdf

    def outline(document):
        return [(s.heading, s.level, s.page, [(b.text, b.page, b.table) for b in s.blocks]) for s in document.sections]

    alone = outline(read_document(programme_pdf))
    monkeypatch.setattr(pdf, "PAGES_WORTH_SPLITTING", 2)
    assert outline(read_document(programme_pdf, cores=2)) == alone
    _, read_ahead_document = read_ahead(programme_pdf, cores=2)()  # the reader is a daemon process
    assert outline(read_ahead_document) == alone
    monkeypatch.setattr(pdf, "start_helper", lambda work: lambda: None)  # a helper that died: read here
    assert outline(read_document(programme_pdf, cores=2)) == alone
def test_a_bold_run_in_lead_is_no_heading(tmp_path, soffice):
    """«Масштаб миграции.» in bold opening a paragraph is its lead, not a heading: the paragraph stays
    under «2.3. Трудовая миграция», whose title takes none of it."""
    d = new_document()
    d.add_heading("2. Анализ текущей ситуации", 1)
    d.add_heading("2.3. Трудовая миграция", 2)
    paragraph = d.add_paragraph()
    paragraph.add_run("Масштаб миграции. ").bold = True
    paragraph.add_run("В июне 2024 года мэрия провела подворный обход: за рубежом работают 4 870 жителей, "
                      "из них женщин – 1 390.")
    d.add_heading("2.4. Экономика", 2)
    d.add_paragraph("В городе 62 малых предприятия.")
    source = tmp_path / "lead.docx"
    d.save(source)
    document = read_document(to_pdf(soffice, source, tmp_path))
    headings = [s.heading for s in document.sections if s.heading]
    assert headings == ["2. Анализ текущей ситуации", "2.3. Трудовая миграция", "2.4. Экономика"]
    migration = next(s for s in document.sections if s.heading == "2.3. Трудовая миграция")
    assert migration.blocks[0].text.startswith("Масштаб миграции. В июне 2024 года")
