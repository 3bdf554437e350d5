"""Small but real programme drafts (python-docx) for the report and --annotate tests."""
from __future__ import annotations

from pathlib import Path

import docx

from psedcheck import __version__
from psedcheck.model.findings import Report

from .docs import add_table

SCRIPT = "<script>alert('psed')</script>"


def russian_draft(path: Path, swot: str = "text") -> Path:
    """A Russian draft with an introduction, a situation analysis (paragraphs and a table), a SWOT
    that names only strengths (`swot="text"`), only strengths and weaknesses as a table
    (`"table"`) or no SWOT at all (`None`), and an action plan."""
    d = docx.Document()
    d.add_paragraph("Программа социально-экономического развития Таш-Булакского айылного аймака на 2024–2028 годы")
    d.add_heading("1. Введение", 1)
    d.add_paragraph(f"Программа разработана рабочей группой с участием жителей {SCRIPT} и депутатов кенеша.")
    d.add_heading("2. Анализ текущей ситуации", 1)
    d.add_paragraph("Численность населения составляет 12 400 человек, из них женщин 6 300.")
    add_table(d, [["Показатель", "Мужчины", "Женщины"], ["Население", "6100", "6300"], ["Безработные", "420", "510"]])
    d.add_paragraph("Трудовая миграция затрагивает каждую пятую семью.")
    d.add_heading(f"2.1. Инфраструктура {SCRIPT}", 2)
    d.add_paragraph("Протяжённость местных дорог 48 км, из них с твёрдым покрытием 12 км.")
    if swot == "text":
        d.add_heading("3. SWOT-анализ", 1)
        d.add_paragraph("Сильные стороны: плодородные земли, трудолюбивое население.")
    elif swot == "table":
        d.add_heading("3. SWOT-анализ", 1)
        add_table(d, [["Сильные стороны", "Слабые стороны"], ["Плодородные земли", "Отток молодёжи"]])
    d.add_heading("4. План мероприятий", 1)
    add_table(d, [["Мероприятие", "Срок", "Ответственный"], ["Ремонт школы в селе Ак-Суу", "2025", "Айыл окмоту"]])
    d.save(str(path))
    return path


def kyrgyz_draft(path: Path) -> Path:
    """A Kyrgyz draft with the same parts as the Russian one and a SWOT of strengths only."""
    d = docx.Document()
    d.add_paragraph("Таш-Булак айыл аймагынын 2024–2028-жылдарга социалдык-экономикалык өнүктүрүү программасы")
    d.add_heading("1. Киришүү", 1)
    d.add_paragraph(f"Программа жумушчу топ тарабынан жашоочулардын катышуусу менен иштелип чыкты {SCRIPT}.")
    d.add_heading("2. Учурдагы абалды талдоо", 1)
    d.add_paragraph("Калктын саны 12 400 адам, анын ичинде аялдар 6 300.")
    add_table(d, [["Көрсөткүч", "Эркектер", "Аялдар"], ["Калк", "6100", "6300"]])
    d.add_paragraph("Эмгек миграциясы ар бир бешинчи үй-бүлөгө тиешелүү.")
    d.add_heading(f"2.1. Инфраструктура {SCRIPT}", 2)
    d.add_paragraph("Жергиликтүү жолдордун узундугу 48 км.")
    d.add_heading("3. SWOT-талдоо", 1)
    d.add_paragraph("Күчтүү жактары: асыл жерлер, эмгекчил калк.")
    d.add_heading("4. Иш-чаралардын планы", 1)
    add_table(d, [["Иш-чара", "Мөөнөтү", "Жооптуу"], ["Ак-Суу айылындагы мектепти оңдоо", "2025", "Айыл өкмөтү"]])
    d.save(str(path))
    return path


def report_of(rulebook, lang: str, documents) -> Report:
    """The Report the command builds, for reporters called directly."""
    return Report(__version__, rulebook.id, lang, list(documents), ruleset_title=rulebook.meta.title.get(lang),
                  canonical_sections=rulebook.canonical_sections(lang))
