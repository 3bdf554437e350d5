""".doc, .rtf (through LibreOffice) and .odt (odfpy) versions of a corpus programme get the verdicts
of its DOCX; the input is only read and no temporary file is left, even on failure or timeout."""
from __future__ import annotations

import hashlib
import subprocess

import pytest

from psedcheck.ingest import legacy, read_document
from psedcheck.ingest.legacy import read_legacy

from .conftest import ROOT, require_tool
from .docs import convert

DOCX = ROOT / "corpus" / "built" / "ru-strong.docx"


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def converted(tmp_path_factory):
    """ru-strong as .doc, .odt and .rtf, made from its DOCX by LibreOffice."""
    soffice = require_tool("soffice")
    forms = tmp_path_factory.mktemp("legacy") / "forms"
    forms.mkdir()
    for kind in ("doc", "odt", "rtf"):
        convert(soffice, DOCX, forms, kind)
    return forms




@pytest.mark.parametrize("kind", ["doc", "odt", "rtf"])
def test_an_old_format_gets_the_verdicts_of_the_docx(kind, converted, scratch, checker):
    path = converted / f"{DOCX.stem}.{kind}"
    before, beside = digest(path), sorted(p.name for p in converted.iterdir())
    expected = {f.rule: f.status for f in checker.check(DOCX).findings}
    report = checker.check(path)
    assert report.error is None, report.error
    assert report.format == kind
    assert {f.rule: f.status for f in report.findings} == expected
    assert [s.id for s in report.sections] == [s.id for s in checker.check(DOCX).sections]
    assert digest(path) == before
    assert sorted(p.name for p in converted.iterdir()) == beside  # no lock file or copy beside the input
    assert not list(scratch.iterdir())


def test_odt_headings_tables_and_toc(converted):
    document = read_document(converted / f"{DOCX.stem}.odt")
    headings = [s.heading for s in document.sections if s.heading]
    assert "3. SWOT-анализ" in headings and "6. План мероприятий" in headings
    assert "1. Введение" in document.toc  # the table of contents is kept aside
    plan = next(s for s in document.sections if s.heading == "6. План мероприятий")
    table = next(b.table for b in plan.blocks if b.is_table)
    assert table.header[:3] == ("№", "Мероприятие", "Срок") and len(table.body) > 5


@pytest.mark.parametrize("seconds", [0.2, 0.6])  # LibreOffice's launcher alone, or soffice.bin converting too
def test_a_conversion_that_runs_too_long_is_killed_and_cleaned_up(seconds, converted, scratch):
    path = converted / f"{DOCX.stem}.doc"
    with pytest.raises(legacy.TimedOut):
        read_legacy(path, timeout=seconds)
    assert not list(scratch.iterdir())
    running = subprocess.run(["ps", "-eo", "args"], capture_output=True, text=True).stdout
    assert str(scratch) not in running  # no soffice.bin left with the test's profile


def test_a_folder_left_by_a_killed_conversion_is_removed_by_the_next(converted, scratch):
    dead = subprocess.Popen(["true"])
    dead.wait()
    stale = scratch / f"psedcheck-lo-{dead.pid}-abc"
    (stale / "profile").mkdir(parents=True)
    read_legacy(converted / f"{DOCX.stem}.rtf")
    assert not stale.exists() and not list(scratch.iterdir())


def test_without_libreoffice_a_doc_says_what_to_install(tmp_path, monkeypatch):
    path = tmp_path / "old.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    monkeypatch.setattr(legacy.shutil, "which", lambda name: None)
    with pytest.raises(legacy.ConversionFailed) as failure:
        read_document(path)
    assert failure.value.code == "conversion-failed" and "LibreOffice" in failure.value.message
    assert "libreoffice-writer" in failure.value.message


def test_a_doc_that_is_no_word_file_is_corrupt(tmp_path):
    path = tmp_path / "notes.doc"
    path.write_text("just some text", encoding="utf-8")
    with pytest.raises(legacy.Corrupt):
        read_document(path)


def test_a_damaged_odt_is_corrupt(tmp_path):
    path = tmp_path / "broken.odt"
    path.write_bytes(b"PK\x03\x04 broken")
    before = digest(path)
    from psedcheck.model.errors import Corrupt

    with pytest.raises(Corrupt):
        read_document(path)
    assert digest(path) == before
