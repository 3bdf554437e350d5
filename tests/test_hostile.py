"""Hostile and odd inputs (#11): each gets a coded answer, quickly and within bounded memory, never a
traceback, and no input or output is ever replaced. The documents are made here, small, with the real
libraries (tests/hostile_docs.py); the heavy ones run as a real `python -m psedcheck` process whose
peak memory is measured."""
from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from psedcheck.batch.pool import check_many
from psedcheck.cli import main
from psedcheck.ingest.garbled import garbled
from psedcheck.ingest.limits import Limits, configure
from psedcheck.model import errors
from psedcheck.reading import read
from psedcheck.reporters.files import atomic_path

from . import hostile_docs as make
from .conftest import ROOT, require_tool

SAMPLE = ROOT / "corpus" / "built" / "ru-strong.docx"
BOUND = 1536 << 20  # bytes: "1.5 GB for the whole process tree"


@pytest.fixture(autouse=True)
def default_limits():
    """The CLI sets the run's limits in this process; every test starts and ends with the defaults."""
    configure(Limits())
    yield
    configure(Limits())


def run(*args):
    result = CliRunner().invoke(main, [str(a) for a in args])
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def error_lines(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.strip()]


# Started from a fresh, small interpreter, a check's peak is its own: Linux counts in a process's
# peak the memory of the image it was forked from, until its exec (this test process, hundreds of MB
# by now), and in RUSAGE_CHILDREN every earlier child of that process (a browser of the browser tests).
MEASURE = """
import resource, subprocess, sys
done = subprocess.run([sys.executable, "-m", "psedcheck", *sys.argv[3:]], timeout=float(sys.argv[2]))
with open(sys.argv[1], "w") as peak:
    peak.write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024))
sys.exit(done.returncode)
"""


def measured(*args, timeout: float = 120) -> tuple[subprocess.CompletedProcess, float, int]:
    """`python -m psedcheck ARGS` as a real process: its result, wall time and peak resident memory
    (bytes, of the largest process of its tree: the reader, a converter, itself)."""
    with tempfile.TemporaryDirectory() as folder:
        peak = Path(folder) / "peak"
        started = time.monotonic()
        done = subprocess.run([sys.executable, "-c", MEASURE, str(peak), str(timeout), *map(str, args)],
                              capture_output=True, text=True, timeout=timeout + 30)
        seconds = time.monotonic() - started
        return done, seconds, int(peak.read_text())


def only_document(stdout: str) -> dict:
    [document] = json.loads(stdout)["documents"]
    return document


# 1-2. Outputs: never onto an input or another output; checked before any work; written whole.

@pytest.mark.parametrize("spelling", ["same", "dot", "symlink", "hardlink"])
def test_an_output_never_replaces_an_input(spelling, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    source = tmp_path / "x.docx"
    source.write_bytes(SAMPLE.read_bytes())
    before = digest(source)
    output = {"same": "x.docx", "dot": "./x.docx", "symlink": "link.docx", "hardlink": "hard.docx"}[spelling]
    if spelling == "symlink":
        os.symlink("x.docx", "link.docx")
    elif spelling == "hardlink":
        os.link("x.docx", "hard.docx")
    result = run("x.docx", "--format", "json", "-o", output)
    assert result.exit_code == 2
    [line] = error_lines(result)
    assert line.startswith("psedcheck: -o ") and "is the input" in line
    assert result.stdout == "" and digest(source) == before


def test_a_folder_batch_whose_output_is_one_of_its_documents(tmp_path):
    folder = tmp_path / "district"
    folder.mkdir()
    (folder / "a.md").write_text(make.PROGRAMME_RU, encoding="utf-8")
    (folder / "b.docx").write_bytes(SAMPLE.read_bytes())
    before = digest(folder / "b.docx")
    result = run(folder, "--format", "json", "-o", folder / "b.docx")
    assert result.exit_code == 2 and len(error_lines(result)) == 1 and "is the input" in result.stderr
    assert digest(folder / "b.docx") == before


@pytest.mark.parametrize("first, second", [("-o", "--summary"), ("--annotate", "-o"), ("--summary", "--annotate")])
def test_two_outputs_on_one_file_are_refused(first, second, tmp_path):
    source = tmp_path / "draft.docx"
    source.write_bytes(SAMPLE.read_bytes())
    target = tmp_path / ("out.csv" if "--summary" in (first, second) else "out.docx")
    result = run(source, first, target, second, target)
    assert result.exit_code == 2
    [line] = error_lines(result)
    assert "name the same file" in line and not target.exists()


@pytest.mark.parametrize("option, target", [("-o", "/nonexistent/dir/r.json"), ("--summary", "/nonexistent/s.xlsx"),
                                            ("-o", "/proc/r.json")])
def test_an_output_that_cannot_be_written_is_refused_before_the_check(option, target, tmp_path):
    started = time.monotonic()
    result = run(SAMPLE, "--format", "json", option, target)
    assert result.exit_code == 2 and result.stdout == ""  # nothing was checked
    [line] = error_lines(result)
    assert line.startswith(f"psedcheck: {option} {target}:") and "Traceback" not in result.output
    assert time.monotonic() - started < 10


def test_a_failed_write_is_one_line_and_no_traceback():
    require_tool("true")  # /dev/full is Linux's: every write to it fails with "No space left on device"
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full here")
    result = run(SAMPLE, "--format", "json", "-o", "/dev/full", "--fail-on", "never")
    assert result.exit_code == 2
    [line] = error_lines(result)
    assert line.startswith("psedcheck: /dev/full: could not be written") and "space" in line


def test_an_interrupted_write_leaves_the_old_file_and_no_half_one(tmp_path):
    target = tmp_path / "report.json"
    target.write_text("the previous report", encoding="utf-8")
    with pytest.raises(RuntimeError):
        with atomic_path(target) as temporary:
            temporary.write_text("half a rep", encoding="utf-8")
            raise RuntimeError("killed while writing")
    assert target.read_text(encoding="utf-8") == "the previous report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.json"]
    with atomic_path(target) as temporary:
        temporary.write_text("the new report", encoding="utf-8")
    assert target.read_text(encoding="utf-8") == "the new report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.json"]


def test_a_dashboard_makes_its_folder_but_not_onto_its_inputs(tmp_path):
    folder = tmp_path / "district"
    (folder / "index-reports").mkdir(parents=True)
    (folder / "a.md").write_text(make.PROGRAMME_RU, encoding="utf-8")
    (folder / "index-reports" / "b.md").write_text(make.PROGRAMME_RU, encoding="utf-8")
    result = run(folder, "--format", "html", "-o", folder / "index.html", "-q")
    assert result.exit_code == 2 and "report folder" in result.stderr
    assert not (folder / "index.html").exists()


# 3. Bounded resources, each a coded error, each settable.

def test_a_docx_zip_bomb_is_too_large_without_inflating(tmp_path):
    bomb = make.zip_bomb_docx(tmp_path, inflated=300 << 20)
    assert bomb.stat().st_size < 5 << 20
    done, seconds, peak = measured(bomb, "--format", "json")
    assert done.returncode == 4 and "Traceback" not in done.stderr
    error = only_document(done.stdout)["error"]
    assert error["code"] == "too-large" and "word/document.xml" in error["message"] and "part-size" in error["message"]
    assert seconds < 60 and peak < BOUND


def test_a_zip_bomb_under_the_size_limit_is_caught_by_its_ratio(tmp_path):
    bomb = make.zip_bomb_docx(tmp_path, inflated=100 << 20)
    report, document = read(bomb)
    assert document is None and report.error.code == "too-large" and "compressed" in report.error.message


def test_an_odt_zip_bomb_is_too_large(tmp_path):
    from odf.opendocument import OpenDocumentText
    from odf.text import P

    source = tmp_path / "source.odt"
    odt = OpenDocumentText()
    odt.text.addElement(P(text="Программа развития"))
    odt.save(str(source))
    body = b"<text:p>\xd0\x90</text:p>" * (1 << 16)
    bomb = make._rewrite_zip(source, tmp_path / "bomb.odt",
                             {"content.xml": lambda stream: [stream.write(body) for _ in range(160)]})
    report, _ = read(bomb)
    assert report.error.code == "too-large" and "content.xml" in report.error.message


def test_a_huge_page_is_refused_by_its_picture_not_rendered(tmp_path):
    pdf = make.huge_page_pdf(tmp_path)
    assert pdf.stat().st_size < 200_000
    done, seconds, peak = measured(pdf, "--format", "json")
    error = only_document(done.stdout)["error"]
    assert done.returncode == 4 and error["code"] == "too-large" and "20000 × 20000" in error["message"]
    assert seconds < 60 and peak < BOUND


def test_a_huge_page_without_the_picture_limit_is_rendered_small(tmp_path):
    require_tool("tesseract")
    pdf = make.huge_page_pdf(tmp_path)
    done, seconds, peak = measured(pdf, "--format", "json", "--limit", "image-pixels=0")
    assert only_document(done.stdout)["error"]["code"] == "scanned"  # a white page: rendered at 40 MP, no text
    assert seconds < 60 and peak < BOUND


def test_memory_past_the_ceiling_costs_one_row_of_a_batch(tmp_path):
    pdf = make.huge_page_pdf(tmp_path)
    good = tmp_path / "good.md"
    good.write_text(make.PROGRAMME_RU, encoding="utf-8")
    done, seconds, peak = measured(pdf, good, "--format", "json", "--jobs", 2, "--timeout", 60, "-q",
                                   "--limit", "image-pixels=0", "--limit", "pixels=0", "--limit", "memory=1G")
    documents = json.loads(done.stdout)["documents"]
    assert [d["error"]["code"] if d["error"] else None for d in documents] == ["out-of-memory", None]
    assert "--limit memory" in documents[0]["error"]["message"] and documents[1]["findings"]
    assert done.returncode == 4 and seconds < 60 and peak < BOUND


def test_a_single_document_is_read_under_the_memory_ceiling(tmp_path):
    pdf = make.huge_page_pdf(tmp_path)
    done, _, peak = measured(pdf, "--format", "json", "--limit", "image-pixels=0", "--limit", "pixels=0")
    assert only_document(done.stdout)["error"]["code"] == "out-of-memory" and peak < BOUND


def test_a_big_text_file_is_too_large_before_it_is_read(tmp_path):
    big = make.big_text(tmp_path, size=20 << 20)
    done, seconds, peak = measured(big, "--format", "json")
    error = only_document(done.stdout)["error"]
    assert error["code"] == "too-large" and "text-size" in error["message"]
    assert seconds < 30 and peak < 600 << 20


def test_a_hundred_thousand_paragraphs_stop_at_the_block_limit(tmp_path):
    many = make.many_paragraphs(tmp_path)
    started = time.monotonic()
    report, document = read(many)
    assert document is None and report.error.code == "too-large" and "--limit blocks" in report.error.message
    assert time.monotonic() - started < 30


def test_one_endless_paragraph_stops_at_the_character_limit(tmp_path):
    endless = tmp_path / "endless.md"
    endless.write_text("# Программа\n" + "Население аймака растет, работы мало. " * 120_000, encoding="utf-8")
    report, document = read(endless)
    assert document is None and report.error.code == "too-large" and "--limit characters" in report.error.message


def test_limits_are_settable_and_checked(tmp_path):
    text = tmp_path / "p.md"
    text.write_text(make.PROGRAMME_RU, encoding="utf-8")
    assert only_document(run(text, "--format", "json", "--limit", "text-size=100").stdout)["error"]["code"] == "too-large"
    assert only_document(run(text, "--format", "json", "--limit", "blocks=2").stdout)["error"]["code"] == "too-large"
    assert only_document(run(text, "--format", "json", "--limit", "blocks=0").stdout)["error"] is None
    bad = run(text, "--limit", "speed=9")
    assert bad.exit_code == 2 and len(error_lines(bad)) == 1 and "part-size" in bad.stderr


# 4. Only regular files; vanished files; documented codes.

def test_a_fifo_is_unsupported_at_once(tmp_path):
    pipe = make.fifo(tmp_path)
    done, seconds, _ = measured(pipe, "--format", "json", timeout=60)
    assert done.returncode == 4 and seconds < 30
    error = only_document(done.stdout)["error"]
    assert error["code"] == "unsupported" and "FIFO" in error["message"]
    assert "unsupported" in done.stderr and "Traceback" not in done.stderr


def test_a_device_is_unsupported():
    report, _ = read(Path("/dev/zero"))
    assert report.error.code == "unsupported" and "character device" in report.error.message


def test_a_file_deleted_during_a_batch_is_not_found(tmp_path, checker):
    kept, gone = tmp_path / "kept.md", tmp_path / "gone.md"
    kept.write_text(make.PROGRAMME_RU, encoding="utf-8")
    gone.write_text(make.PROGRAMME_RU, encoding="utf-8")
    items = [gone, kept]
    gone.unlink()  # listed, then deleted before its turn
    reports = list(check_many(items, checker, jobs=1))
    assert [r.error.code if r.error else None for r in reports] == ["not-found", None]


def test_every_error_code_is_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    codes = {cls.code for cls in vars(errors).values()
             if isinstance(cls, type) and issubclass(cls, errors.InputError) and cls is not errors.InputError}
    assert {"too-large", "out-of-memory", "unreadable"} <= codes
    assert {code for code in codes if f"`{code}`" not in readme} == set()
    for name in ("part-size", "ratio", "text-size", "blocks", "characters", "pixels", "image-pixels", "memory"):
        assert re.search(rf"`{name}`", readme), name


# 5. Encodings as people save them.

@pytest.mark.parametrize("name, encoding, bom, note", [
    ("koi8.txt", "koi8_r", False, "KOI8-R"), ("cp1251.txt", "cp1251", False, "Windows-1251"),
    ("notepad.txt", "utf-16-le", True, "UTF-16"), ("big-endian.txt", "utf-16-be", False, "UTF-16 BE"),
    ("bom.md", "utf-8", True, None)])
def test_text_in_the_encodings_people_save(name, encoding, bom, note, tmp_path):
    path = make.text_in(tmp_path, name, encoding, bom)
    report, document = read(path)
    assert report.error is None
    text = "\n".join(b.text for _, b in document.blocks())
    assert "Программа социально-экономического развития" in text and "плодородная земля" in text
    assert [n.message.split("read as ")[1] for n in report.notes if n.code == "encoding"] == ([note] if note else [])


def test_stray_bytes_are_replaced_and_counted_in_the_report(tmp_path):
    path = make.utf8_with_strays(tmp_path)
    result = run(path, "--format", "json", "--fail-on", "never")
    document = only_document(result.stdout)
    assert document["error"] is None and document["findings"]
    assert [n["code"] for n in document["notes"]] == ["replaced-bytes"] and "3 byte(s)" in document["notes"][0]["message"]


def test_a_reading_note_is_told_in_the_report_language_and_again_from_the_cache(tmp_path):
    """The encoding a file was read in is said in every readable report, in --lang; a cached report
    tells it again in another language."""
    path = make.text_in(tmp_path, "koi8.txt", "koi8_r", False)
    terminal = run(path, "--lang", "ru", "--fail-on", "never", "--no-history").stdout
    assert "Текстовый файл прочитан в кодировке KOI8-R." in terminal
    markdown = run(path, "--lang", "ky", "--format", "markdown", "--fail-on", "never", "--no-history").stdout
    assert "Текст файлы KOI8-R коддоосунда окулду." in markdown
    cache = tmp_path / "cache"
    run(path, "--lang", "ru", "--format", "json", "--cache", cache, "--fail-on", "never", "--no-history")
    again = only_document(run(path, "--lang", "en", "--format", "json", "--cache", cache, "--fail-on", "never",
                              "--no-history").stdout)
    assert again["notes"] == [{"code": "encoding", "message": "The text file was read as KOI8-R.",
                               "values": {"encoding": "KOI8-R"}}]


def test_binary_named_txt_is_still_refused(tmp_path):
    path = tmp_path / "photo.txt"
    path.write_bytes(bytes(range(256)) * 64)
    assert read(path)[0].error.code == "corrupt"


def _damage_zip_directory(path: Path, field: str) -> None:
    """Write a value zipfile cannot accept into every central-directory record of a real package."""
    data = bytearray(path.read_bytes())
    at = data.find(b"PK\x01\x02")
    while at >= 0:
        if field == "version":
            data[at + 6] = 64  # "needs zip 6.4": zipfile raises NotImplementedError
        else:
            data[at + 10] = 99  # compression method 99 (AES): NotImplementedError on reading the part
        at = data.find(b"PK\x01\x02", at + 4)
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("field", ["version", "method"])
@pytest.mark.parametrize("kind", ["docx", "odt"])
def test_a_zip_directory_zipfile_cannot_read_is_corrupt(kind, field, tmp_path):
    """Found by the property test in CI: a flipped byte made zipfile raise NotImplementedError."""
    path = make.docx_programme(tmp_path / "p.docx")
    if kind == "odt":
        require_tool("soffice")
        subprocess.run(["soffice", "--headless", "--convert-to", "odt", "--outdir", str(tmp_path), str(path)],
                       capture_output=True, timeout=120, check=True)
        path = tmp_path / "p.odt"
    _damage_zip_directory(path, field)
    (document, *_), = [read(path)]
    assert document.error is not None and document.error.code in ("corrupt", "unsupported"), document.error


# 6. A text layer that is garbage is not text.

@pytest.mark.parametrize("text", [
    "Программа социально-экономического развития айыл аймака на 2024–2028 годы.",
    "Айыл аймагынын социалдык-экономикалык өнүгүү программасы: аялдар жана мигранттар үчүн.",
    "The programme sets measurable indicators with baseline values.",
    "Le programme prévoit des mesures pour l'égalité — été, à côté, où."])
def test_real_text_is_not_garbled(text):
    assert not garbled(text * 3)


def test_cp1251_codes_in_a_latin_font_are_not_text(tmp_path):
    pdf = make.latin1_cyrillic_pdf(tmp_path)
    result = run(pdf, "--format", "json", "--no-ocr")
    error = only_document(result.stdout)["error"]
    assert result.exit_code == 4 and error["code"] == "scanned" and "Unicode map" in error["message"]


@pytest.fixture(scope="module")
def no_tounicode(tmp_path_factory):
    return make.no_tounicode_pdf(tmp_path_factory.mktemp("garbled"), require_tool("soffice"))


def test_a_pdf_without_tounicode_is_scanned_when_ocr_is_off(no_tounicode):
    result = run(no_tounicode, "--format", "json", "--no-ocr")
    assert only_document(result.stdout)["error"]["code"] == "scanned"


def test_a_pdf_without_tounicode_is_read_by_ocr(no_tounicode):
    require_tool("tesseract")
    from psedcheck.ingest.ocr.runner import Ocr

    report, document = read(no_tounicode, Ocr(2, False))
    assert report.error is None and document.ocr_pages == [1]
    text = " ".join(b.text for _, b in document.blocks()) + " ".join(s.heading for s in document.sections)
    assert "развития" in text and "инфраструктуры" in text
    assert [n.code for n in report.notes] == ["garbled-text"] and "read by OCR" in report.notes[0].message


# 7. File names are shown safely.

def test_control_characters_in_a_file_name_are_escaped(tmp_path):
    path = tmp_path / "evil\nname\r\x1b[2J.txt"
    path.write_bytes(bytes(range(256)) * 8)
    result = run(path, "--no-color")
    assert result.exit_code == 4
    [line] = error_lines(result)
    assert "\\n" in line and "\\r" in line and "\\x1b" in line
    assert "\r" not in result.stderr + result.stdout and "\x1b" not in result.stderr + result.stdout
    assert path.exists()


# 8. Messages that say what happened.

@pytest.mark.parametrize("maker, code, words", [
    (make.macro_docx, "unsupported", "macros"),
    (make.header_only_docx, "empty", "headers and footers"),
    (make.nested_tables_docx, "too-large", "nested more than 256 levels"),
])
def test_messages_say_what_happened(maker, code, words, tmp_path):
    path = maker(tmp_path)
    before = digest(path)
    result = run(path, "--format", "json")
    error = only_document(result.stdout)["error"]
    assert result.exit_code == 4 and error["code"] == code and words in error["message"]
    assert "XML_PARSE_HUGE" not in error["message"] and "ValueError" not in error["message"]
    assert digest(path) == before
