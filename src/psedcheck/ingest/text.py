"""Plain text and Markdown front-end."""
from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from pathlib import Path

from ..model.document import Document
from ..model.errors import Corrupt, Note, TooLarge
from .limits import Limits, current, megabytes, too_much
from .builder import DocumentBuilder, is_rule_line, split_cells
from .outline import looks_like_heading

_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_LIST_ITEM = re.compile(r"^\s*(?:[-*•–]|\d{1,2}[.)])\s+")
_SENTENCE_END = (".", "!", "?", ":", ";")
_TITLE_WORDS = 8  # an unmarked heading line of plain text is this short


def _next_text(lines: list[str], index: int) -> str:
    """The next line after `index` that is not blank ("" at the end)."""
    return next((line for line in lines[index + 1:] if line.strip()), "")


def _group_row(text: str, lines: list[str], index: int, columns: int) -> bool:
    """A short line inside a tab-separated table, with more rows of the same width after it: a row
    that spans the table (a priority or group heading), not the end of the table."""
    if len(text.split()) > _TITLE_WORDS + 4 or columns < 2:
        return False
    return _next_text(lines, index).count("\t") + 1 == columns


def _standalone_titles(lines: list[str]) -> set[int]:
    """Plain text without markup: a short line alone between blank lines, starting with a capital,
    ending with no punctuation, that a longer paragraph follows («Краткая характеристика», «Киришүү»)."""
    found = set()
    for i, line in enumerate(lines):
        text = line.strip()
        if not text or (i and lines[i - 1].strip()) or (i + 1 < len(lines) and lines[i + 1].strip()):
            continue
        if len(text.split()) > _TITLE_WORDS or text.endswith((*_SENTENCE_END, ",")) or not text[:1].isupper():
            continue
        if _LIST_ITEM.match(text) or "|" in text or "\t" in line or sum(c.isalpha() for c in text) < 4:
            continue
        after = _next_text(lines, i).strip()
        if len(after) >= 2 * len(text) or after.endswith(_SENTENCE_END) or _LIST_ITEM.match(after):
            found.add(i)
    return found


# What a Kyrgyz office saves text in, besides UTF-8: Windows (CP1251), the old Unix KOI8-R, DOS
# (CP866), and Notepad's "Unicode" (UTF-16). Mac Cyrillic is left out: it differs from CP1251 in
# a few capitals only, and the detector then takes one for the other.
LEGACY_ENCODINGS = ["cp1251", "koi8_r", "cp866", "utf_16_le", "utf_16_be"]
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_STRAY_SHARE = 100  # UTF-8 text may have one invalid byte per this many non-ASCII bytes (a bad copy, a cut)
_ASCII = bytes(range(128))
_MESS = 0.35


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str  # Python's name for it
    replaced: int  # bytes that were not valid in it, each shown as U+FFFD


def decode(raw: bytes, path: Path) -> Decoded:
    """The text of a file as people save it: by its byte order mark, as UTF-8 (a few stray bytes
    replaced), or as the legacy encoding charset-normalizer finds likeliest."""
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            text = raw.decode(encoding, "replace")
            return Decoded(text, encoding, text.count("\ufffd"))
    non_ascii = len(raw.translate(None, _ASCII))
    utf8 = _utf8_with_strays(raw, max(3, non_ascii // _STRAY_SHARE))
    if utf8 is not None and "\x00" not in utf8.text:
        return utf8
    from charset_normalizer import from_bytes

    # a little more "mess" than charset-normalizer's default 0.2 allows a line of mixed-up Latin and
    # Cyrillic letters in a long text; random bytes still fail it (0 of 200 tried)
    best = from_bytes(raw, cp_isolation=LEGACY_ENCODINGS, threshold=_MESS).best()
    if best is None or "\x00" in str(best):
        raise Corrupt(f"{path.name}: not a text file (neither UTF-8, UTF-16, Windows-1251, KOI8-R nor CP866 text)")
    return Decoded(str(best), best.encoding, 0)


def _utf8_with_strays(raw: bytes, allowed: int) -> Decoded | None:
    """UTF-8 with at most `allowed` invalid bytes, each replaced; None past that (another encoding)."""
    parts, start, bad = [], 0, 0
    while True:
        try:
            parts.append(raw[start:].decode("utf-8"))
            return Decoded("".join(parts), "utf-8", bad)
        except UnicodeDecodeError as exc:
            bad += exc.end - exc.start
            if bad > allowed:
                return None
            parts.append(raw[start:start + exc.start].decode("utf-8") + "\ufffd" * (exc.end - exc.start))
            start += exc.end


def _read_capped(path: Path, limit: int) -> bytes:
    """The file's bytes, refused past `limit` before they are all in memory."""
    with path.open("rb") as fh:
        raw = fh.read(limit + 1) if limit else fh.read()
    if too_much(len(raw), limit):
        raise TooLarge(f"{path.name}: a text file over {megabytes(limit)} (--limit text-size); "
                       "a programme typed as text is well under 2 MB")
    return raw


def _notes(decoded: Decoded, path: Path) -> list[Note]:
    notes = []
    encoding = _ENCODING_NAMES.get(decoded.encoding, decoded.encoding)
    if decoded.encoding not in ("utf-8", "utf-8-sig", "ascii"):
        notes.append(Note("encoding", f"{path.name}: read as {encoding}", (("encoding", encoding),)))
    if decoded.replaced:
        notes.append(Note("replaced-bytes", f"{path.name}: {decoded.replaced} byte(s) not valid in {encoding} were "
                                            "replaced by \ufffd", (("count", str(decoded.replaced)), ("encoding", encoding))))
    return notes


_ENCODING_NAMES = {"utf-8": "UTF-8", "utf-8-sig": "UTF-8", "utf-16": "UTF-16", "utf-32": "UTF-32",
                   "utf_16_le": "UTF-16 LE", "utf_16_be": "UTF-16 BE", "cp1251": "Windows-1251",
                   "koi8_r": "KOI8-R", "cp866": "CP866 (DOS)"}


def read_text(path: Path, markdown: bool, limits: Limits | None = None, notes: list | None = None) -> Document:
    """`notes` receives what is worth telling about the reading (an encoding other than UTF-8,
    bytes replaced)."""
    limits = limits or current()
    decoded = decode(_read_capped(path, limits.text_size), path)
    if notes is not None:
        notes.extend(_notes(decoded, path))
    text = decoded.text
    builder = DocumentBuilder(str(path), "md" if markdown else "txt", limits)
    paged = "\f" in text  # only text with form feeds (pdftotext output) has pages
    page = 1
    paragraph: list[str] = []
    table: list[list[str]] = []

    def flush():
        nonlocal paragraph, table
        if paragraph:
            builder.paragraph(" ".join(paragraph), page if paged else None)
            paragraph = []
        if table:
            builder.table(table, page if paged else None)
            table = []

    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    titles = set() if markdown else _standalone_titles([ln.replace("\f", "") for ln in lines])
    marked = 0  # the level of the last heading with a number, capitals or markup
    for index, raw_line in enumerate(lines):
        pages_here = raw_line.count("\f")
        line = raw_line.replace("\f", "").rstrip()
        if pages_here:
            flush()
            page += pages_here
        stripped = line.strip()
        if not stripped or stripped.startswith("<!--"):
            flush()
            continue
        cells = split_cells(stripped) or (line.split("\t") if line.count("\t") >= 1 and not markdown else None)
        if cells:
            if paragraph:
                flush()
            if not is_rule_line(stripped):
                table.append([c.strip() for c in cells])
            continue
        if table and not markdown and _group_row(stripped, lines, index, len(table[0])):
            table.append([stripped] + [""] * (len(table[0]) - 1))  # «1. Сельское хозяйство» across the plan
            continue
        if table:
            flush()
        md = _MD_HEADING.match(stripped) if markdown else None
        if md:
            flush()
            builder.heading(md.group(2).strip("*_ "), len(md.group(1)), page if paged else None)
            continue
        if _LIST_ITEM.match(stripped) and not looks_like_heading(stripped):
            flush()
            paragraph = [stripped]
            continue
        bold = markdown and stripped.startswith("**") and stripped.endswith("**")
        level = None if markdown and not bold else looks_like_heading(stripped.strip("*"), bold)
        if level:
            marked = level
        elif index in titles:  # an unmarked title under a numbered or capitalised chapter is its sub-section
            level = marked + 1 if marked else 1
        if level and not (paragraph and not paragraph[-1].endswith(_SENTENCE_END) and stripped[:1].islower()):
            flush()
            builder.heading(stripped.strip("*"), level, page if paged else None)
            continue
        if paragraph and (paragraph[-1].endswith(_SENTENCE_END) and not markdown and not stripped[:1].islower()):
            flush()
        paragraph.append(stripped)
    flush()
    return builder.build(page if paged else None)
