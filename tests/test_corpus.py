"""Whole programmes of corpus/ against the expert's verdicts, and the same verdicts for every form."""
from __future__ import annotations

from pathlib import Path

import pytest

from psedcheck.agreement import corpus_documents, evaluate, load_expected

from .conftest import ROOT
from .docs import to_pdf

CORPUS = ROOT / "corpus"
# The agreement reached when this test was last tuned (see the closing note of issue 4): it may rise, never fall.
MIN_AGREEMENT = 0.98


@pytest.fixture(scope="module")
def evaluation(checker):
    return evaluate(CORPUS, checker)


def test_corpus_is_labelled():
    documents = list(corpus_documents(CORPUS))
    assert len({p.stem for p, _ in documents}) >= 12
    for path, expected in documents:
        assert len(expected) == 29, path


def test_agreement_with_the_expert(evaluation):
    assert not evaluation.errors
    assert evaluation.agreement >= MIN_AGREEMENT, f"{evaluation.agreement:.3f}"


def test_no_false_passes(evaluation):
    assert [f"{d.document} {d.rule}" for d in evaluation.false_passes] == []


@pytest.mark.parametrize("name", ["ru-strong", "ru-declarative", "ky-migration"])
def test_key_programmes_get_the_experts_gender_and_migration_verdicts(name, checker):
    expected = load_expected(CORPUS / "expected" / f"{name}.yaml")
    path = next(p for p in sorted((CORPUS / "built").glob(f"{name}.*")) if p.suffix in (".docx", ".md", ".pdf"))
    report = checker.check(path)
    got = {f.rule: f.status.value for f in report.findings if f.family in ("gender", "migration")}
    want = {rule: v["status"] for rule, v in expected.items() if rule.split("-")[0] in ("gender", "migration")}
    wrong = {rule: (want[rule], got[rule]) for rule in want if want[rule] != got[rule]}
    assert len(wrong) <= 1, wrong


def _verdicts(checker, path: Path) -> dict[str, str]:
    report = checker.check(path)
    assert report.error is None, report.error
    return {f.rule: f.status.value for f in report.findings}


def test_committed_docx_and_pdf_forms_agree(checker):
    pairs = [(p, p.with_suffix(".pdf")) for p in sorted((CORPUS / "built").glob("*.docx")) if p.with_suffix(".pdf").exists()]
    assert pairs
    for docx_path, pdf_path in pairs:
        docx_verdicts, pdf_verdicts = _verdicts(checker, docx_path), _verdicts(checker, pdf_path)
        differ = {r: (docx_verdicts[r], pdf_verdicts[r]) for r in docx_verdicts if docx_verdicts[r] != pdf_verdicts[r]}
        assert not differ, f"{docx_path.name}: {differ}"


def test_pdf_converted_now_by_libreoffice_agrees_with_its_docx(checker, soffice, tmp_path):
    source = CORPUS / "built" / "ru-strong.docx"
    copy = tmp_path / source.name
    copy.write_bytes(source.read_bytes())
    pdf = to_pdf(soffice, copy, tmp_path)
    assert _verdicts(checker, pdf) == _verdicts(checker, source)
