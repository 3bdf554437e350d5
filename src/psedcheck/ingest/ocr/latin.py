"""A second reading, with the English model alone, of words the rus+kir+eng reading garbled.

A Latin word in Cyrillic text comes out as a mix of scripts, digits and symbols with a low
confidence: "SWOT" as "5ЭМОТ" or "5мМотТ". The garbled parts of a page (a hyphenated word is
split, its parts' boxes estimated from their share of the letters) are cut out, stacked in one
strip and read once more with `-l eng`; a clean Latin reading of about the same length replaces
the part. One extra tesseract run per page that has such words, none for the others.
"""
from __future__ import annotations

import io
import os
import re
import subprocess

_MAX_CONF = 60  # words tesseract is this sure of are left alone
_MIN_CONF = 50  # the English reading must be at least this sure (80 for a word in capitals)
_MAX_PARTS = 30
_GAP = 40  # pixels of white between the parts in the strip
_GARBLED = re.compile(r"\d|[$%°§/\\|]|[а-яёөүң][А-ЯЁӨҮҢ]")
_SUSPECT_WORD = re.compile(r"\d|[$%°§/\\|]|[а-яёөүң][А-ЯЁӨҮҢ]|[A-Za-z]|[А-ЯЁӨҮҢ]{2}")
_MAX_CONF_CAPITALS = 50
_MIN_CONF_LATIN_CAPITALS = 80
_TRULY_LATIN = re.compile(r"(?=.*[DFGIJLNQRSUVWZ])(?!.*JI)[A-Z]{2,8}")
_LATIN = re.compile(r"[A-Za-z]{2,}")


def reread_latin(binary: str, image, lines: list, timeout: float) -> None:
    """Replaces, in place, the garbled parts of low-confidence words with their English reading."""
    words = [w for line in lines for w in line.words if w.conf < _MAX_CONF and _SUSPECT_WORD.search(w.text)]
    if not words:
        return
    import numpy as np

    ink = np.asarray(image) < 128
    parts = [p for word in words for p in _suspect_parts(word, ink)][:_MAX_PARTS]
    if not parts:
        return
    readings = _read_strip(binary, image, [box for _, _, box, _ in parts], timeout)
    for (word, index, _, capitals), reading in zip(parts, readings):
        pieces = word.text.split("-")
        latin = _LATIN.match(reading[0]) if reading else None
        if not latin or reading[1] < _MIN_CONF or abs(len(latin.group(0)) - len(pieces[index])) > 2:
            continue
        if capitals and (reading[1] < _MIN_CONF_LATIN_CAPITALS or not _TRULY_LATIN.fullmatch(latin.group(0))):
            continue
        pieces[index] = latin.group(0)
        word.text = "-".join(pieces)


def _suspect_parts(word, ink) -> list[tuple[object, int, tuple[int, int, int, int], bool]]:
    """(word, part index, box, capitals) of each part that is garbled, or, in a word tesseract is
    unsure of, in capitals: "ЗМОТ" for SWOT. Those are taken only if English reads a word with a
    letter no Cyrillic one looks like (S, W, R, ...), so a Russian abbreviation stays."""
    pieces = word.text.split("-")
    bounds = _hyphen_bounds(word, ink, len(pieces) - 1)
    found = []
    for index, part in enumerate(pieces):
        letters = [c for c in part if c.isalpha()]
        mixed = any(c.isascii() for c in letters) and any(not c.isascii() for c in letters)
        garbled = len(letters) >= 2 and len(part) >= 3 and (mixed or _GARBLED.search(part))
        capitals = not garbled and word.conf < _MAX_CONF_CAPITALS and 2 <= len(part) <= 8 and part.isalpha() \
            and part.isupper()
        if garbled or capitals:
            left, right = bounds[index]
            found.append((word, index, (left - 4, word.box[1] - 6, right + 4, word.box[3] + 6), bool(capitals)))
    return found


def _hyphen_bounds(word, ink, hyphens: int) -> list[tuple[int, int]]:
    """The left and right pixel of each hyphen-separated part of a word: cut at the hyphens found
    in the image (short ink in the middle band, white on both sides), or at the letters' share."""
    left, top, right, bottom = word.box
    if hyphens == 0:
        return [(left, right)]
    crop = ink[top:bottom + 1, left:right + 1]
    height = crop.shape[0]
    columns = crop.any(axis=0)
    marks, start = [], None
    for x, on in enumerate([*columns.tolist(), False]):
        if on and start is None:
            start = x
        elif not on and start is not None:
            rows = crop[:, start:x].any(axis=1).nonzero()[0]
            if rows.size and rows[-1] - rows[0] < height * 0.25 and 0.3 < (rows[0] + rows[-1]) / 2 / height < 0.8 \
                    and x - start < height:
                marks.append((left + start, left + x - 1))
            start = None
    if len(marks) != hyphens:
        step = (right - left) / max(len(word.text), 1)
        at, marks = 0, []
        for piece in word.text.split("-")[:-1]:
            at += len(piece)
            marks.append((round(left + step * at), round(left + step * (at + 1))))
            at += 1
    edges = [left - 1, *[x for mark in marks for x in mark], right + 1]
    return [(edges[i] + 1, edges[i + 1] - 1) for i in range(0, len(edges), 2)]


def _read_strip(binary: str, image, boxes: list, timeout: float) -> list[tuple[str, int] | None]:
    """The English reading (text, lowest word confidence) of each box, from one strip image."""
    from PIL import Image

    crops = [image.crop(box) for box in boxes]
    strip = Image.new("L", (max(c.width for c in crops) + 2 * _GAP, sum(c.height + _GAP for c in crops) + _GAP), 255)
    spans, y = [], _GAP
    for crop in crops:
        strip.paste(crop, (_GAP, y))
        spans.append((y - _GAP / 2, y + crop.height + _GAP / 2))
        y += crop.height + _GAP
    png = io.BytesIO()
    strip.save(png, "PNG", dpi=(300, 300))
    try:
        done = subprocess.run([binary, "stdin", "stdout", "-l", "eng", "--psm", "6", "tsv"], input=png.getvalue(),
                              capture_output=True, timeout=timeout, env=dict(os.environ, OMP_THREAD_LIMIT="1"))
    except (OSError, subprocess.SubprocessError):
        return [None] * len(boxes)
    words: list[list[tuple[str, int]]] = [[] for _ in boxes]
    for row in done.stdout.decode("utf-8", "replace").splitlines()[1:]:
        cells = row.split("\t")
        if len(cells) < 12 or cells[0] != "5" or not cells[11].strip():
            continue
        middle = int(cells[7]) + int(cells[9]) / 2
        for k, (top, bottom) in enumerate(spans):
            if top <= middle < bottom:
                words[k].append((cells[11].strip(), int(float(cells[10]))))
    return [("".join(t for t, _ in found), min(c for _, c in found)) if found else None for found in words]
