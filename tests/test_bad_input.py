"""Every kind of bad input gets a one-line coded error (terminal and JSON), never a traceback,
and no input file is ever modified."""
from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from psedcheck.cli import main

from .conftest import ROOT
from .docs import new_document

SAMPLE_PDF = ROOT / "corpus" / "built" / "ru-strong.pdf"


def run(*args):
    """The real command in this process (click's runner), so the suite does not reload spaCy per case."""
    result = CliRunner().invoke(main, [str(a) for a in args])
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return subprocess.CompletedProcess(args, result.exit_code, result.stdout, result.stderr)


def digest(path: Path) -> str | None:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None


def make_truncated_pdf(tmp_path):
    path = tmp_path / "truncated.pdf"
    data = SAMPLE_PDF.read_bytes()
    path.write_bytes(data[: len(data) // 3])
    return path


def make_encrypted_pdf(tmp_path):
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(SAMPLE_PDF).pages[:2]:
        writer.add_page(page)
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="AES-128")
    path = tmp_path / "encrypted.pdf"
    with path.open("wb") as fh:
        writer.write(fh)
    return path


def make_scanned_pdf(tmp_path):
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (1240, 1754), "white")
    ImageDraw.Draw(image).rectangle((100, 100, 1100, 300), outline="black", width=5)
    path = tmp_path / "scan.pdf"
    image.save(path, "PDF", resolution=150)
    return path


def make_empty_docx(tmp_path):
    path = tmp_path / "empty.docx"
    new_document().save(path)
    return path


def make_random_docx(tmp_path):
    path = tmp_path / "random.docx"
    path.write_bytes(bytes(range(256)) * 40)
    return path


def make_zero_bytes(tmp_path):
    path = tmp_path / "zero.pdf"
    path.write_bytes(b"")
    return path


def make_blank_text(tmp_path):
    path = tmp_path / "blank.txt"
    path.write_text("   \n\n\t\n", encoding="utf-8")
    return path


def make_unsupported(tmp_path):
    path = tmp_path / "budget.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0 not really a spreadsheet")
    return path


def make_empty_folder(tmp_path):
    folder = tmp_path / "no-docs"
    folder.mkdir()
    (folder / "notes.jpg").write_bytes(b"\xff\xd8\xff")
    return folder


CASES = [
    ("missing", lambda tmp: tmp / "does-not-exist.pdf", "not-found"),
    ("no-documents", make_empty_folder, "no-documents"),
    ("unsupported", make_unsupported, "unsupported"),
    ("truncated-pdf", make_truncated_pdf, "corrupt"),
    ("random-docx", make_random_docx, "corrupt"),
    ("encrypted-pdf", make_encrypted_pdf, "encrypted"),
    ("zero-bytes", make_zero_bytes, "empty"),
    ("empty-docx", make_empty_docx, "empty"),
    ("blank-text", make_blank_text, "empty"),
    ("scanned-pdf", make_scanned_pdf, "scanned"),
]


@pytest.mark.parametrize("name, make, code", CASES, ids=[c[0] for c in CASES])
def test_bad_input_terminal(name, make, code, tmp_path):
    path = make(tmp_path)
    before = digest(path)
    result = run(path, "--no-color")
    assert result.returncode == 4, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    errors = [line for line in result.stderr.splitlines() if line.startswith("psedcheck:")]
    assert len(errors) == 1 and f"psedcheck: {code}:" in errors[0], result.stderr
    assert digest(path) == before


@pytest.mark.parametrize("name, make, code", CASES, ids=[c[0] for c in CASES])
def test_bad_input_json(name, make, code, tmp_path):
    path = make(tmp_path)
    result = run(path, "--format", "json")
    assert result.returncode == 4
    report = json.loads(result.stdout)
    [document] = report["documents"]
    assert document["error"]["code"] == code
    assert document["error"]["message"] and "\n" not in document["error"]["message"]


def test_one_bad_file_does_not_stop_the_others(tmp_path):
    good = tmp_path / "good.md"
    good.write_text("## SWOT-анализ\nСильные стороны: земля. Слабые стороны: вода.\n", encoding="utf-8")
    bad = make_truncated_pdf(tmp_path)
    result = run(bad, good, "--format", "json")
    assert result.returncode == 4
    documents = json.loads(result.stdout)["documents"]
    assert [d["error"]["code"] if d["error"] else None for d in documents] == ["corrupt", None]
    assert documents[1]["findings"]


def test_python_dash_m_reports_without_traceback(tmp_path):
    path = make_truncated_pdf(tmp_path)
    result = subprocess.run([sys.executable, "-m", "psedcheck", str(path)], capture_output=True, text=True)
    assert result.returncode == 4
    assert result.stderr.strip().splitlines()[-1].startswith("psedcheck: corrupt: truncated.pdf")
    assert "Traceback" not in result.stderr


def test_a_programme_typed_as_one_endless_paragraph_is_still_checked(tmp_path):
    path = tmp_path / "one-paragraph.md"
    path.write_text("# Программа развития\n" + "Население аймака растет, работы мало. " * 32000 + "\n", encoding="utf-8")
    result = run(path, "--format", "json")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    [document] = json.loads(result.stdout)["documents"]
    assert document["error"] is None and len(document["findings"]) == 29
