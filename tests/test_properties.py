"""Properties of the text, Markdown, DOCX and ODT readers over generated inputs (hypothesis): whatever the
bytes, the answer is a Document or a coded InputError, never another exception; and every word of
the input reaches the Document, in whichever encoding it was saved."""
from __future__ import annotations

import re
import tempfile
from pathlib import Path

import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings, strategies as st  # noqa: E402

from psedcheck.ingest.docx import read_docx  # noqa: E402
from psedcheck.ingest.odt import read_odt  # noqa: E402
from psedcheck.ingest.text import read_text  # noqa: E402
from psedcheck.model.errors import InputError  # noqa: E402

from .conftest import require_tool  # noqa: E402
from .hostile_docs import docx_programme  # noqa: E402

SETTINGS = settings(max_examples=60, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
LETTERS = "абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЭЮЯңөүҢӨҮabcdefghijklmnopqrstuvwxyzABCDEFXYZ"
WORD = st.text(LETTERS, min_size=1, max_size=12)
# Lines as people type programmes: words with punctuation, numbers, headings, list items and table rows.
LINE = st.one_of(
    st.lists(WORD, min_size=1, max_size=12).map(" ".join),
    st.tuples(st.sampled_from(["", "# ", "## ", "1. ", "- ", "2.1. ", "**"]), st.lists(WORD, min_size=1, max_size=6))
    .map(lambda t: t[0] + " ".join(t[1]) + (" **" if t[0] == "**" else ".")),
    st.lists(WORD, min_size=2, max_size=5).map(lambda cells: "| " + " | ".join(cells) + " |"),
    st.just(""),
)
TEXT = st.lists(LINE, min_size=1, max_size=40).map("\n".join)


def words(text: str) -> set[str]:
    return set(re.findall(r"[^\W\d_]+", text))


def document_words(document) -> set[str]:
    parts = [s.heading for s in document.sections] + [b.text for _, b in document.blocks()] + document.toc
    return words("\n".join(parts))


def write(data: bytes, suffix: str) -> Path:
    handle = tempfile.NamedTemporaryFile(suffix=suffix, delete=False)
    handle.write(data)
    handle.close()
    return Path(handle.name)


@SETTINGS
@given(text=TEXT, encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le-bom", "utf-16-be-bom"]),
       markdown=st.booleans(), newline=st.sampled_from(["\n", "\r\n", "\r"]))
def test_every_word_of_a_text_file_reaches_the_document(text, encoding, markdown, newline):
    text = text.replace("\n", newline)
    if encoding.endswith("-bom"):
        codec = encoding[:-4]
        data = {"utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff"}[codec] + text.encode(codec)
    else:
        data = text.encode(encoding)
    path = write(data, ".md" if markdown else ".txt")
    try:
        if not words(text):
            return
        document = read_text(path, markdown)
        assert words(text) <= document_words(document)
    finally:
        path.unlink()


RUSSIAN_WORD = st.tuples(st.booleans(), st.text("абвгдеёжзийклмнопрстуфхцчшщъыьэюя", min_size=1, max_size=12)) \
    .map(lambda t: t[1].capitalize() if t[0] else t[1])
RUSSIAN = st.lists(st.lists(st.one_of(RUSSIAN_WORD, st.integers(0, 9999).map(str)), min_size=1, max_size=14)
                   .map(lambda ws: " ".join(ws) + "."), min_size=1, max_size=20).map("\n".join)


@SETTINGS
@given(text=RUSSIAN, encoding=st.sampled_from(["cp1251", "koi8_r"]))
def test_russian_in_legacy_encodings_reads_back(text, encoding):
    """Russian text after a first sentence, saved in CP1251 or KOI8-R, reads back word for word
    (Kyrgyz letters have no place in either, so people type н, о, у for them)."""
    sentence = "Программа социально-экономического развития айыл аймака, цели и задачи на пять лет.\n"
    text = sentence * 3 + text
    path = write(text.encode(encoding), ".txt")
    try:
        assert words(text) <= document_words(read_text(path, False))
    finally:
        path.unlink()


@SETTINGS
@given(data=st.binary(max_size=4000), markdown=st.booleans())
def test_any_bytes_give_a_document_or_a_coded_error(data, markdown):
    path = write(data, ".md" if markdown else ".txt")
    try:
        read_text(path, markdown)
    except InputError as exc:
        assert exc.code in ("corrupt", "too-large") and "\n" not in exc.message
    finally:
        path.unlink()


# XML 1.0 refuses control characters, so python-docx can only be given text without them.
DOCX_TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=80)
DOCX_BLOCK = st.one_of(
    st.tuples(st.just("p"), DOCX_TEXT), st.tuples(st.just("h"), DOCX_TEXT),
    st.tuples(st.just("t"), st.lists(st.lists(DOCX_TEXT, min_size=2, max_size=2), min_size=1, max_size=3)))


@settings(max_examples=30, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(blocks=st.lists(DOCX_BLOCK, min_size=1, max_size=12))
def test_every_word_of_a_docx_reaches_the_document(blocks):
    import docx

    document = docx.Document()
    for kind, content in blocks:
        if kind == "p":
            document.add_paragraph(content)
        elif kind == "h":
            document.add_heading(content, 1)
        else:
            table = document.add_table(rows=len(content), cols=2)
            for r, row in enumerate(content):
                for c, cell in enumerate(row):
                    table.cell(r, c).text = cell
    handle = tempfile.NamedTemporaryFile(suffix=".docx", delete=False)
    handle.close()
    path = Path(handle.name)
    document.save(path)
    expected = words(" ".join(c if k != "t" else " ".join(x for row in c for x in row) for k, c in blocks))
    try:
        read = read_docx(path)
        assert expected <= document_words(read)
    except InputError as exc:  # only a document with no text at all may be refused
        assert exc.code == "empty" and not "".join(str(c) for _, c in blocks).strip()
    finally:
        path.unlink()


@settings(max_examples=40, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(flips=st.lists(st.tuples(st.floats(0, 1, exclude_max=True), st.integers(0, 255)), min_size=1, max_size=20))
def test_a_damaged_docx_gives_a_document_or_a_coded_error(flips, tmp_path_factory):
    folder = tmp_path_factory.mktemp("docx")
    data = bytearray(docx_programme(folder / "good.docx").read_bytes())
    for where, value in flips:
        data[int(where * len(data))] = value
    path = folder / "damaged.docx"
    path.write_bytes(bytes(data))
    try:
        read_docx(path)
    except InputError as exc:
        assert exc.code in ("corrupt", "encrypted", "empty", "too-large", "unsupported") and "\n" not in exc.message


@pytest.fixture(scope="module")
def good_odt(tmp_path_factory) -> bytes:
    """A real ODT, converted once by LibreOffice from the DOCX programme."""
    import subprocess

    soffice = require_tool("soffice")
    folder = tmp_path_factory.mktemp("odt")
    source = docx_programme(folder / "good.docx")
    subprocess.run([soffice, "--headless", "--convert-to", "odt", "--outdir", str(folder), str(source)],
                   capture_output=True, timeout=180, check=True)
    return (folder / "good.odt").read_bytes()


@settings(max_examples=40, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(flips=st.lists(st.tuples(st.floats(0, 1, exclude_max=True), st.integers(0, 255)), min_size=1, max_size=20))
def test_a_damaged_odt_gives_a_document_or_a_coded_error(flips, good_odt, tmp_path_factory):
    data = bytearray(good_odt)
    for where, value in flips:
        data[int(where * len(data))] = value
    path = tmp_path_factory.mktemp("odt") / "damaged.odt"
    path.write_bytes(bytes(data))
    try:
        read_odt(path)
    except InputError as exc:
        assert exc.code in ("corrupt", "encrypted", "empty", "too-large", "unsupported") and "\n" not in exc.message
