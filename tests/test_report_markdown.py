"""The Markdown report: the verdict and score first, the family table, the gaps before the rules met,
every finding with its aspects, the outline; document text escaped."""
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


def test_verdict_and_score_lead_then_the_family_table(report, text):
    doc = report.documents[0]
    assert text.startswith("# Результаты проверки ПСЭР: проект.docx\n")
    lines = [line for line in text.splitlines() if line and not line.startswith(("#", "- **"))]
    blocking = doc.blocking("missing")
    verdict = f"**✘ Блокирующих замечаний: {len(blocking)}**" if blocking else "**✔ Блокирующих замечаний нет**"
    assert lines[0] == f"{verdict} (блокирует отсутствие обязательного требования)"
    assert lines[1].startswith(f"**Оценка: {doc.score:.1f}/100** — выполнено: ".replace(".", ","))
    assert "| Группа требований | выполнено | частично | отсутствует |" in text
    for family in {f.family for f in doc.findings}:
        rows = [f for f in doc.findings if f.family == family]
        counts = " | ".join(str(sum(f.status is s for f in rows)) for s in Status)
        assert re.search(rf"^\| [^|]+ \| {re.escape(counts)} \|$", text, re.M), family


def test_gaps_come_first_blocking_ones_on_top_and_the_rules_met_last(report, text):
    doc = report.documents[0]
    fix_first, met = text.index("## Исправить в первую очередь"), text.index("## Выполненные требования:")
    gaps = [f for f in doc.findings if f.status is not Status.PASS]
    positions = [text.index(f"### {'✔◐✘'[list(Status).index(f.status)]} {escape(f.title)}\n") for f in gaps]
    assert all(fix_first < at < met for at in positions)
    blocking = {f.rule for f in doc.blocking("missing")}
    first = [f.rule for _, f in sorted(zip(positions, gaps))][:len(blocking)]
    assert set(first) == blocking
    for f in doc.findings:
        if f.status is Status.PASS:
            assert f"- ✔ **{escape(f.title)}** (`{f.rule}`) — {escape(f.message)}" in text[met:]


def test_every_gap_with_its_level_message_aspects_quotes_and_fix(report, text):
    for f in report.documents[0].findings:
        if f.status is Status.PASS:
            continue
        label = {"weak": "частично", "missing": "отсутствует"}[f.status.value]
        level = {"error": "обязательное", "warning": "рекомендуемое", "info": "желательное"}[f.severity.value]
        assert f"*{label} · {level} · `{f.rule}`*" in text
        assert escape(f.message) in text
        for a in f.aspects:
            assert f"- {'✓' if a.met else '✗'} {escape(a.label)}" in text
        if f.fix:
            assert f"**Как исправить:** {escape(f.fix)}" in text
        for e in f.evidence:
            assert "«" + escape(e.text).replace("**", "") in text.replace("**", "")


def test_figures_in_quotes_are_bold(report, text):
    quoted = [e.text for f in report.documents[0].findings for e in f.evidence if any(c.isdigit() for c in e.text)]
    assert quoted, "the draft quotes a figure"
    assert "**12 400**" in text or "**6 300**" in text


def test_hide_pass_leaves_the_rules_met_out(report):
    hidden = render("markdown", report, hide_pass=True)
    passed = [f for f in report.documents[0].findings if f.status is Status.PASS]
    assert "## Выполненные требования" not in hidden and f"Выполненные требования не показаны: {len(passed)}." in hidden


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
