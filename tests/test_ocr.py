"""Scanned PDFs go through Tesseract: nearly the verdicts of the text version, only the scanned pages
of a mixed PDF, evidence marked as OCR text, and nothing written or left behind."""
from __future__ import annotations

import hashlib

import pytest

from psedcheck.ingest.ocr import runner as ocr_module
from .in_words import CheckerInWords
from psedcheck.ingest.ocr.runner import Ocr

from .conftest import ROOT, require_tool

SHORT = ROOT / "corpus" / "built" / "ky-declarative.pdf"  # 4 pages, Kyrgyz: ң, ө, ү must survive
STEP = {"missing": 0, "weak": 1, "pass": 2}


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def image_pdf(source, target, dpi: int = 200):
    """The pages of `source` as pictures only, as a scanner would give them."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(source))
    images = [pdf[i].render(scale=dpi / 72, grayscale=True).to_pil().convert("L") for i in range(len(pdf))]
    pdf.close()
    images[0].save(target, "PDF", save_all=True, append_images=images[1:], resolution=dpi)
    return target


def mixed_pdf(text_pdf, scan_pdf, target, scanned: set[int]):
    """Page n (1-based) from the scan when n is in `scanned`, from the text PDF otherwise."""
    import pypdfium2 as pdfium

    text, scan = pdfium.PdfDocument(str(text_pdf)), pdfium.PdfDocument(str(scan_pdf))
    mixed = pdfium.PdfDocument.new()
    for n in range(1, len(text) + 1):
        mixed.import_pages(scan if n in scanned else text, [n - 1])
    mixed.save(str(target))
    for pdf in (mixed, text, scan):
        pdf.close()
    return target




@pytest.fixture(scope="module")
def ocr_checker(rulebook):
    require_tool("tesseract")
    return CheckerInWords(rulebook, "en", Ocr(jobs=2, progress=False))


def test_a_scanned_programme_gets_nearly_the_verdicts_of_its_text(tmp_path, scratch, checker, ocr_checker):
    scan = image_pdf(SHORT, tmp_path / "scan.pdf")
    before = digest(scan)
    text, scanned = checker.check(SHORT), ocr_checker.check(scan)
    assert text.error is None and scanned.error is None, scanned.error
    assert scanned.ocr_pages == [1, 2, 3, 4]
    steps = {f.rule: STEP[f.status.value] for f in text.findings}
    apart = {f.rule: (f.status.value, steps[f.rule]) for f in scanned.findings if STEP[f.status.value] != steps[f.rule]}
    assert all(abs(STEP[status] - step) <= 1 for status, step in apart.values()), apart
    assert len(apart) <= len(steps) // 10, apart
    evidence = [e for f in scanned.findings for e in f.evidence]
    assert evidence and all(e.ocr for e in evidence)
    assert any(c in e.text for e in evidence for c in "ңөү"), "the Kyrgyz letters were lost"
    assert digest(scan) == before
    assert not list(scratch.iterdir())


def test_a_mixed_pdf_ocrs_only_its_scanned_pages(tmp_path, scratch, ocr_checker):
    scan = image_pdf(SHORT, tmp_path / "scan.pdf")
    mixed = mixed_pdf(SHORT, scan, tmp_path / "mixed.pdf", {2, 4})
    report = ocr_checker.check(mixed)
    assert report.error is None, report.error
    assert report.ocr_pages == [2, 4]
    evidence = [e for f in report.findings for e in f.evidence if e.page]
    assert {e.ocr for e in evidence} == {True, False}
    assert all(e.ocr == (e.page in (2, 4)) for e in evidence), [(e.page, e.ocr) for e in evidence]
    assert not list(scratch.iterdir())


def test_an_ocr_that_runs_too_long_stops_with_a_timeout(tmp_path, scratch, rulebook):
    require_tool("tesseract")
    scan = image_pdf(SHORT, tmp_path / "scan.pdf")
    report = CheckerInWords(rulebook, "en", Ocr(jobs=1, progress=False, timeout=0.05)).check(scan)
    assert report.error is not None and report.error.code == "timeout", report.error
    assert "OCR of page" in report.error.message
    assert not list(scratch.iterdir())


def test_without_tesseract_a_scan_is_a_clear_scanned_error(tmp_path, rulebook, monkeypatch):
    from PIL import Image, ImageDraw

    page = Image.new("L", (1240, 1754), 255)
    ImageDraw.Draw(page).text((100, 100), "ПРОГРАММА", fill=0)
    scan = tmp_path / "scan.pdf"
    page.save(scan, "PDF", resolution=150)
    monkeypatch.setattr(ocr_module.shutil, "which", lambda name: None)
    report = CheckerInWords(rulebook, "en", Ocr()).check(scan)
    assert report.error is not None and report.error.code == "scanned"
    assert "needs OCR" in report.error.message and "tesseract" in report.error.message


def test_no_ocr_leaves_a_scan_unread(tmp_path, checker):
    scan = image_pdf(SHORT, tmp_path / "scan.pdf", dpi=72)
    report = checker.check(scan)  # the session checker has no OCR
    assert report.error is not None and report.error.code == "scanned"
