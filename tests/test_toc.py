"""A table of contents is never evidence: a section it promises that the body lacks is missing."""
from __future__ import annotations

import pytest

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


# A contents list with no heading and no page numbers: a run of headings with no body between them
# whose titles recur later. Written as a DOCX without styles (bold numbered lines), a PDF made from it
# by LibreOffice, and text pasted from a website.
_CONTENTS = ["1. Введение", "2. Анализ текущей ситуации", "3. SWOT-анализ", "4. Видение развития",
             "5. План мероприятий", "6. Мониторинг и оценка"]
_BODY = [("1. Введение", "Программа разработана рабочей группой айыл окмоту в 2023 году с участием жителей."),
         ("2. Анализ текущей ситуации", "Население айылного аймака составляет 6 420 человек, из них женщин 3 250."),
         ("5. План мероприятий", "В 2025 году айыл окмоту отремонтирует школу за 1 200 тыс. сом из местного бюджета.")]
_TITLE = "ПРОГРАММА СОЦИАЛЬНО-ЭКОНОМИЧЕСКОГО РАЗВИТИЯ АК-САЙСКОГО АЙЫЛНОГО АЙМАКА НА 2024–2028 ГОДЫ"


def _unstyled_docx(path):
    d = new_document()
    d.add_paragraph().add_run(_TITLE).bold = True
    for line in _CONTENTS:
        d.add_paragraph().add_run(line).bold = True
    for heading, text in _BODY:
        d.add_paragraph().add_run(heading).bold = True
        d.add_paragraph(text)
    d.save(path)
    return path


def _pasted_text(path):
    lines = [_TITLE, ""] + _CONTENTS + [""]
    for heading, text in _BODY:
        lines += [heading, text, ""]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def _pdf(path):
    import subprocess

    from .conftest import require_tool

    source = _unstyled_docx(path.with_suffix(".docx"))
    subprocess.run([require_tool("soffice"), "--headless", "--convert-to", "pdf", "--outdir", str(path.parent),
                    str(source)], capture_output=True, timeout=180, check=True)
    return path


@pytest.mark.parametrize("make, name", [(_unstyled_docx, "c.docx"), (_pasted_text, "c.txt"), (_pdf, "c.pdf")])
def test_a_contents_list_without_page_numbers_promises_but_is_no_section(make, name, checker, tmp_path):
    report = checker.check(make(tmp_path / name))
    assert report.error is None, report.error
    status = {f.rule: f for f in report.findings}
    for rule in ("structure-swot", "structure-vision", "structure-monitoring"):  # only promised
        assert status[rule].status.value == "missing", (rule, status[rule].status)
        assert status[rule].note and "table of contents" in status[rule].note
    assert status["structure-introduction"].status.value != "missing"  # the body's own sections stay


def test_headings_whose_titles_do_not_recur_are_no_contents_list(checker, tmp_path):
    """A skeleton draft: headings with nothing under them are sections left empty, not a contents list."""
    path = tmp_path / "skeleton.txt"
    path.write_text("\n".join([_TITLE, ""] + _CONTENTS + ["", "Текст программы будет подготовлен позже."]),
                    encoding="utf-8")
    report = checker.check(path)
    swot = next(f for f in report.findings if f.rule == "structure-swot")
    assert not (swot.note and "table of contents" in swot.note)
