"""A table of contents is never evidence: a section it promises that the body lacks is missing."""
from __future__ import annotations

from .docs import new_document


def test_toc_promising_swot_is_not_a_swot(checker, tmp_path):
    d = new_document()
    d.add_paragraph("Программа социально-экономического развития Ак-Суйского айылного аймака на 2024-2028 годы")
    d.add_heading("Содержание", 1)
    for line in ["1. Введение .......... 3", "2. SWOT-анализ: сильные и слабые стороны, возможности и угрозы .......... 5"]:
        d.add_paragraph(line)
    d.add_heading("1. Введение", 1)
    d.add_paragraph("Программа разработана рабочей группой айыл окмоту.")
    path = tmp_path / "toc.docx"
    d.save(path)
    report = checker.check(path)
    swot = next(f for f in report.findings if f.rule == "structure-swot")
    assert swot.status.value == "missing"
    assert swot.evidence == ()
    assert swot.note and "table of contents" in swot.note


def test_toc_styles_of_word_are_kept_aside(tmp_path):
    from psedcheck.ingest import read_document

    d = new_document()
    styles = d.styles
    toc_style = styles.add_style("TOC 1", 1)
    d.add_paragraph("Оглавление")
    d.add_paragraph("SWOT-анализ\t5", style=toc_style)
    d.add_heading("Введение", 1)
    d.add_paragraph("Текст.")
    path = tmp_path / "toc-styles.docx"
    d.save(path)
    doc = read_document(path)
    assert "SWOT-анализ" in doc.toc[-1]
    assert all("SWOT" not in b.text for _, b in doc.blocks())


def test_topic_headings_beside_the_analysis_belong_to_it(checker, tmp_path):
    path = tmp_path / "siblings.md"
    path.write_text(
        "# Программа развития Ак-Суйского айылного аймака на 2024-2028 годы\n"
        "## Анализ текущей ситуации\nНаселение 8 892 человека.\n"
        "## Трудовая миграция\nЗа рубежом работают 1 240 жителей, из них 310 женщин.\n"
        "## План мероприятий\n### Трудовая миграция\nИнформационный пункт для мигрантов.\n", encoding="utf-8")
    report = checker.check(path)
    assert [(s.title, s.id) for s in report.sections] == [
        ("Программа развития Ак-Суйского айылного аймака на 2024-2028 годы", "title"),
        ("Анализ текущей ситуации", "situation-analysis"), ("Трудовая миграция", "situation-analysis"),
        ("План мероприятий", "action-plan"), ("Трудовая миграция", "action-plan")]
