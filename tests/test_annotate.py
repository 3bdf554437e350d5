"""--annotate: the draft back with Word comments on its weak and missing findings, where they belong,
one comment per place; the original untouched, the copy otherwise identical, readable by python-docx
and LibreOffice; misuse refused before any check."""
from __future__ import annotations

import hashlib
import zipfile

import docx
import pytest
from click.testing import CliRunner
from docx.oxml.ns import qn

from psedcheck.reporters.comments import AUTHOR, annotate_docx
from psedcheck.cli import main
from psedcheck.model.findings import Status

from .docs import convert, to_pdf
from .drafts import kyrgyz_draft, russian_draft


def sha256(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def body_texts(path) -> tuple[list[str], list[list[list[str]]]]:
    document = docx.Document(str(path))
    paragraphs = [p.text for p in document.paragraphs]
    tables = [[[cell.text for cell in row.cells] for row in table.rows] for table in document.tables]
    return paragraphs, tables


def anchors(path) -> dict[str, tuple[str, object]]:
    """Comment text -> (the text of the paragraph its range starts in, that paragraph's table or None)."""
    document = docx.Document(str(path))
    by_id = {str(c.comment_id): c.text for c in document.comments}
    found = {}
    for start in document.element.body.iter(qn("w:commentRangeStart")):
        paragraph = next(a for a in start.iterancestors() if a.tag == qn("w:p"))
        table = next((a for a in start.iterancestors() if a.tag == qn("w:tbl")), None)
        text = "".join(t.text or "" for t in paragraph.iter(qn("w:t")))
        found[by_id[start.get(qn("w:id"))]] = (text, table)
    return found


def comment_on(found: dict, title: str):
    return next(v for k, v in found.items() if any(line.endswith(f": {title}") for line in k.splitlines()))


def starts(path) -> list:
    """Where each comment's range begins: the path of the run that follows its start mark."""
    document = docx.Document(str(path))
    tree = document.element.getroottree()
    return [tree.getpath(start.getnext()) for start in document.element.body.iter(qn("w:commentRangeStart"))]


def problems(report):
    return [f for f in report.findings if f.status is not Status.PASS]


@pytest.fixture(scope="module")
def drafts(tmp_path_factory, checker_in, rulebook):
    """Per SWOT variant: the draft, its Russian report and its annotated copy."""
    folder = tmp_path_factory.mktemp("annotate")
    made = {}
    for variant in ("text", "table", None):
        draft = russian_draft(folder / f"draft-{variant}.docx", swot=variant)
        report = checker_in("ru").check(draft)
        before = sha256(draft)
        out = folder / f"draft-{variant}-comments.docx"
        count = annotate_docx(draft, out, report, rulebook, "ru")
        made[variant] = (draft, report, out, count, before)
    return made


def test_original_is_never_modified(drafts):
    for draft, _, _, _, before in drafts.values():
        assert sha256(draft) == before


def test_every_weak_or_missing_finding_in_exactly_one_comment(drafts):
    for _, report, out, count, _ in drafts.values():
        document = docx.Document(str(out))
        comments = list(document.comments)
        assert count == len(comments) > 0
        assert len(comments) < len(problems(report))  # findings at the same place share a comment
        assert {c.author for c in comments} == {AUTHOR}
        texts = [c.text for c in comments]
        for finding in problems(report):
            holding = [t for t in texts if f": {finding.title}\n" in t]
            assert len(holding) == 1, finding.rule
            assert " ".join(finding.message.split()) in holding[0]
            assert finding.fix and " ".join(finding.fix.split()) in holding[0]
        assert len(anchors(out)) == len(comments)  # every comment is anchored in the body


def test_no_two_comments_start_at_the_same_place(drafts):
    for _, _, out, _, _ in drafts.values():
        places = starts(out)
        assert len(places) == len(set(places))


def test_a_shared_comment_names_each_fix_once_and_its_sources_at_the_end():
    from psedcheck.model.findings import Finding, Severity
    from psedcheck.reporters.comments import gathered_text

    a = Finding("r-a", "structure", Status.MISSING, Severity.ERROR, title="Первое", message="Нет первого.",
                fix="Добавьте первое.", source="Методика, р. 1")
    b = Finding("r-b", "structure", Status.WEAK, Severity.WARNING, title="Второе", message="Второе неполно.",
                fix="Дополните второе.", source="Методика, р. 1")
    text = gathered_text([a, b], "ru", [None, "Подсказка."])
    assert text.count("Добавьте первое.") == 1 and text.count("Дополните второе.") == 1
    assert text.index("✘ отсутствует: Первое") < text.index("Здесь же:") < text.index("◐ частично: Второе")
    assert text.endswith("Подсказка.\nИсточник: Методика, р. 1") and text.count("Источник:") == 1


def test_copy_is_otherwise_identical(drafts):
    for draft, _, out, _, _ in drafts.values():
        assert body_texts(out) == body_texts(draft)
        with zipfile.ZipFile(draft) as a, zipfile.ZipFile(out) as b:
            assert set(a.namelist()) <= set(b.namelist())
            assert {n for n in b.namelist() if n not in a.namelist()} <= {"word/comments.xml"}


def test_weak_comment_sits_at_the_quoted_paragraph(drafts):
    _, report, out, _, _ = drafts["text"]
    swot = next(f for f in report.findings if f.rule == "structure-swot")
    assert swot.status is Status.WEAK
    text, table = comment_on(anchors(out), swot.title)
    assert text == "Сильные стороны: плодородные земли, трудолюбивое население." and table is None


def test_weak_comment_on_a_table_sits_on_the_quoted_row(drafts):
    _, report, out, _, _ = drafts["table"]
    swot = next(f for f in report.findings if f.rule == "structure-swot")
    assert swot.status is Status.WEAK
    quoted = swot.evidence[0].text.split(" | ")[0]
    document = docx.Document(str(out))
    start_id = next(i for i, c in enumerate(document.comments) if f": {swot.title}" in c.text)
    comment_id = str(list(document.comments)[start_id].comment_id)
    start = next(s for s in document.element.body.iter(qn("w:commentRangeStart")) if s.get(qn("w:id")) == comment_id)
    end = next(e for e in document.element.body.iter(qn("w:commentRangeEnd")) if e.get(qn("w:id")) == comment_id)
    row_of = lambda node: next(a for a in node.iterancestors() if a.tag == qn("w:tr"))  # noqa: E731
    assert row_of(start) is row_of(end), "the range opens and closes in one row"
    assert quoted in "".join(t.text or "" for t in row_of(start).iter(qn("w:t")))


def test_missing_section_comment_goes_after_the_section_before_it(drafts):
    _, report, out, _, _ = drafts[None]
    swot = next(f for f in report.findings if f.rule == "structure-swot")
    assert swot.status is Status.MISSING
    comment = next(c for c in docx.Document(str(out)).comments if c.text.startswith("✘") and swot.title in c.text)
    assert "«Анализ текущей ситуации»" in comment.text  # the section that precedes SWOT in sections.yaml
    text, _ = comment_on(anchors(out), swot.title)
    assert text == "Протяжённость местных дорог 48 км, из них с твёрдым покрытием 12 км."  # its last paragraph


def test_comments_in_kyrgyz(tmp_path, checker_in, rulebook):
    draft = kyrgyz_draft(tmp_path / "долбоор.docx")
    report = checker_in("ky").check(draft)
    out = tmp_path / "долбоор-комментарий.docx"
    assert 0 < annotate_docx(draft, out, report, rulebook, "ky") <= len(problems(report))
    texts = [c.text for c in docx.Document(str(out)).comments]
    assert all(t.startswith(("◐ жарым-жартылай:", "✘ жок:")) for t in texts)
    assert all("Кантип оңдоо керек:" in t for t in texts)


def test_libreoffice_opens_the_copy_with_every_comment(tmp_path, drafts, soffice):
    _, _, out, count, _ = drafts["table"]
    pdf = to_pdf(soffice, out, tmp_path)
    assert pdf.is_file() and pdf.read_bytes().startswith(b"%PDF")
    with zipfile.ZipFile(convert(soffice, out, tmp_path, "odt")) as odt:
        content = odt.read("content.xml").decode()
    assert content.count("<office:annotation ") + content.count("<office:annotation>") == count


def test_cli_writes_the_copy(tmp_path):
    draft = russian_draft(tmp_path / "draft.docx")
    before = sha256(draft)
    out = tmp_path / "draft-comments.docx"
    result = CliRunner().invoke(main, [str(draft), "--lang", "ru", "--annotate", str(out), "--fail-on", "never", "-q"])
    assert result.exit_code == 0, result.output
    assert sha256(draft) == before and len(list(docx.Document(str(out)).comments)) > 0


def test_cli_refuses_to_write_over_the_draft_before_checking(tmp_path):
    draft = russian_draft(tmp_path / "draft.docx")
    before = sha256(draft)
    result = CliRunner().invoke(main, [str(draft), "--lang", "en", "--annotate", str(draft), "--fail-on", "never", "-q"])
    assert result.exit_code == 2 and result.stdout == ""  # no report: nothing was checked
    assert sha256(draft) == before
    assert result.stderr.strip() == "psedcheck: --annotate must name a new file; the draft itself is never changed."


def test_cli_refuses_several_inputs_or_a_pdf_before_checking(tmp_path):
    first, second = russian_draft(tmp_path / "a.docx"), russian_draft(tmp_path / "b.docx")
    out = tmp_path / "comments.docx"
    result = CliRunner().invoke(main, [str(first), str(second), "--lang", "ru", "--annotate", str(out)])
    assert result.exit_code == 2 and result.stdout == "" and not out.exists()
    assert result.stderr.strip() == "psedcheck: для --annotate нужен ровно один файл DOCX."
    pdf = tmp_path / "draft.pdf"
    pdf.write_bytes(b"%PDF-1.7 not checked at all")
    result = CliRunner().invoke(main, [str(pdf), "--lang", "ru", "--annotate", str(out)])
    assert result.exit_code == 2 and result.stdout == "" and not out.exists()
    assert result.stderr.strip() == "psedcheck: --annotate: комментарии можно добавить только в файл DOCX; draft.pdf — не DOCX."


def placement(draft, report, scope, rulebook, status=Status.MISSING):
    from psedcheck.reporters.comments import _anchor_runs, _blocks, place
    from psedcheck.model.findings import Finding, Severity

    blocks = _blocks(docx.Document(str(draft)), report.sections)
    finding = Finding("structure-x", "structure", status, Severity.ERROR, title="X", message="x", fix="x", source="x")
    where = place(finding, blocks, scope, list(rulebook.sections.sections),
                  {c.id: c.title for c in rulebook.canonical_sections("ru")}, "ru")
    return where, _anchor_runs(where.block, where.at_end)


def test_a_headed_section_of_the_scope_comes_before_the_title_area(drafts, rulebook):
    draft, report, _, _, _ = drafts["text"]
    where, _ = placement(draft, report, ["title", "process", "introduction"], rulebook)
    assert where.block.heading and where.block.text == "1. введение" and where.hint is None


def test_after_a_table_the_comment_marks_its_last_cell(drafts, rulebook):
    draft, report, _, _, _ = drafts["text"]
    where, runs = placement(draft, report, ["indicators"], rulebook)  # indicators follow the action plan
    assert where.block.is_table and where.at_end and where.hint == "По методике это должно следовать за разделом «План мероприятий»."
    assert [r.text for r in runs] == ["Айыл окмоту"]


def test_nothing_before_it_goes_to_the_start(drafts, rulebook):
    draft, report, _, _, _ = drafts["text"]
    where, _ = placement(draft, report, ["abbreviations"], rulebook)  # only the title area precedes it
    assert where.hint == "По методике это должно следовать за разделом «Титульный лист»."
    where, _ = placement(draft, report, ["no-such-section"], rulebook)
    assert where.block.text.startswith("программа социально-экономического") and where.hint == \
        "В документе нет раздела, к которому это относится."
