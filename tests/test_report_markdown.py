"""The Markdown report: headings, the family table, every finding, the outline; document text escaped."""
from __future__ import annotations

import re

import pytest

from psedcheck.model.findings import Status
from psedcheck.reporters import render
from psedcheck.reporters.markdown import escape

from .drafts import report_of, russian_draft


@pytest.fixture(scope="module")
def report(tmp_path_factory, rulebook, checker_in):
    draft = russian_draft(tmp_path_factory.mktemp("md") / "проект.docx")
    return report_of(rulebook, "ru", [checker_in("ru").check(draft)])


@pytest.fixture(scope="module")
def text(report):
    return render("markdown", report)


def test_header_score_and_family_table(report, text):
    doc = report.documents[0]
    assert text.startswith("# Результаты проверки ПСЭР: проект.docx\n")
    assert f"**Оценка: {doc.score:.0f}/100**" in text
    assert "| Группа требований | выполнено | слабо | отсутствует |" in text
    for family in {f.family for f in doc.findings}:
        rows = [f for f in doc.findings if f.family == family]
        counts = " | ".join(str(sum(f.status is s for f in rows)) for s in Status)
        assert re.search(rf"^\| [^|]+ \| {re.escape(counts)} \|$", text, re.M), family


def test_every_finding_with_its_status_message_and_fix(report, text):
    for f in report.documents[0].findings:
        label = {"pass": "выполнено", "weak": "слабо", "missing": "отсутствует"}[f.status.value]
        assert f"#### {'✔◐✘'[list(Status).index(f.status)]} {label}: {escape(f.title)}" in text
        assert escape(f.message) in text
        if f.fix:
            assert f"**Как исправить:** {escape(f.fix)}" in text
        for e in f.evidence:
            assert f"> «{escape(e.text)}»" in text


def test_document_text_cannot_become_markup(text):
    assert "<script>" not in text and r"\<script\>alert('psed')\</script\>" in text
    assert "\n- 1\\. Введение →" in text  # a numbered heading does not open an ordered list


def test_outline_lists_found_and_absent_sections(report, text):
    assert "### Разделы, предусмотренные методикой" in text
    assert "- ✔ есть: Введение" in text and "- ✘ не найден: Видение" in text


def test_escape():
    assert escape("**жирный** _курсив_ [ссылка](x) `код`") == r"\*\*жирный\*\* \_курсив\_ \[ссылка\](x) \`код\`"
    assert escape("2.1. Раздел", start=True) == "2.1. Раздел" and escape("1. Раздел", start=True) == r"1\. Раздел"
    assert escape("a | b", cell=True) == r"a \| b" and escape("a | b") == "a | b"
