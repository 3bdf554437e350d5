"""Tesseract's hOCR output as lines of words with pixel boxes, and the type's x-height and weight.

Tesseract's own x_size varies by 15% between lines of one font, too much to tell 13 pt from 12 pt,
and the LSTM engine reports no font weight, so both are measured on the page image: the x-height
as the number of pixel rows that hold at least 30% of the line's densest row (the band between
baseline and mean line, where every letter has ink), and the stroke width as the mean length of
the short horizontal runs of ink (the width of the vertical stems), about 1.5 times wider in bold.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

_LINE_CLASSES = {"ocr_line", "ocr_header", "ocr_caption", "ocr_textfloat"}
_BBOX = re.compile(r"bbox (-?\d+) (-?\d+) (-?\d+) (-?\d+)")
_X_SIZE = re.compile(r"x_size ([\d.]+)")
_ANGLE = re.compile(r"textangle [1-9]")
_CONF = re.compile(r"x_wconf (\d+)")
_X_BAND = 0.3
_LETTERS = re.compile(r"[^\W\d_]+")
_LOOKALIKE = str.maketrans("ABCEHKMOPTXYaceopxykm", "АВСЕНКМОРТХУасеорхукм")
_LOWER = re.compile(r"[a-zа-яёөүңҗһәі]{2,}")


@dataclass
class Word:
    text: str
    box: tuple[int, int, int, int]  # left, top, right, bottom in pixels
    conf: int = 100

    @property
    def center(self) -> tuple[float, float]:
        return (self.box[0] + self.box[2]) / 2, (self.box[1] + self.box[3]) / 2


@dataclass
class OcrLine:
    box: tuple[int, int, int, int]
    x_size: float  # tesseract's estimate, used when the image is not measured
    words: list[Word] = field(default_factory=list)
    x_height: float = 0.0  # of the lower-case letters, or the height of the capitals when `caps`
    caps: bool = False
    stroke: float = 0.0

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    def without(self, drop) -> OcrLine | None:
        """The line without the words for which drop(word) is true, or None when none is left."""
        words = [w for w in self.words if not drop(w)]
        if len(words) == len(self.words):
            return self
        if not words:
            return None
        box = (min(w.box[0] for w in words), min(w.box[1] for w in words),
               max(w.box[2] for w in words), max(w.box[3] for w in words))
        return OcrLine(box, self.x_size, words)


def parse_hocr(hocr: str) -> list[OcrLine]:
    try:
        root = ET.fromstring(hocr.encode("utf-8"))
    except ET.ParseError:
        return []
    lines = []
    for element in root.iter():
        if element.get("class") not in _LINE_CLASSES:
            continue
        title = element.get("title", "")
        box = _BBOX.search(title)
        if not box or _ANGLE.search(title):
            continue  # vertical text: in a programme, a column of digits misread as a word
        words = [_word(w) for w in element.iter() if w.get("class") == "ocrx_word"]
        words = [w for w in words if w is not None]
        if words:
            size = _X_SIZE.search(title)
            line_box = tuple(int(v) for v in box.groups())
            lines.append(OcrLine(line_box, float(size.group(1)) if size else float(line_box[3] - line_box[1]), words))
    _cyrillic_lookalikes(lines)
    return lines


def _cyrillic_lookalikes(lines: list[OcrLine]) -> None:
    """On a page in Cyrillic, Latin letters that look like Cyrillic ones, in words of only such
    letters or mixed with Cyrillic, are Cyrillic misread: "MOM" -> "МОМ", "Ha" -> "На", "com" -> "сом"."""
    text = " ".join(line.text for line in lines)
    cyrillic = sum(1 for c in text if "\u0400" <= c <= "\u04ff")
    latin = sum(1 for c in text if c.isascii() and c.isalpha())
    if cyrillic < latin * 3:
        return
    for line in lines:
        for word in line.words:
            word.text = _LETTERS.sub(_to_cyrillic, word.text)


def _to_cyrillic(match: re.Match) -> str:
    letters = match.group(0)
    latin = [c for c in letters if c.isascii()]
    if not latin or any(ord(c) not in _LOOKALIKE for c in latin):
        return letters
    return letters.translate(_LOOKALIKE)


def _word(element) -> Word | None:
    text = " ".join("".join(element.itertext()).split())
    box = _BBOX.search(element.get("title", ""))
    if not text or not box:
        return None
    conf = _CONF.search(element.get("title", ""))
    return Word(text, tuple(int(v) for v in box.groups()), int(conf.group(1)) if conf else 100)


def measure(lines: list[OcrLine], ink) -> None:
    """Fills x_height, caps and stroke of each line from the page's ink (a boolean numpy array).

    Only the columns of lower-case letters count for the x-height, since capitals and digits rise
    above it (a word's letters are taken as equally wide); a line with none is marked `caps`.
    """
    import numpy as np

    for line in lines:
        left, top, right, bottom = line.box
        crop = ink[max(top, 0):bottom + 1, max(left, 0):right + 1]
        if crop.size == 0 or not crop.any():
            continue
        columns = np.zeros(crop.shape[1], dtype=bool)
        for word in line.words:
            step = (word.box[2] - word.box[0]) / max(len(word.text), 1)
            for run in _LOWER.finditer(word.text):
                start = round(word.box[0] + step * (run.start() + 0.3)) - left
                columns[max(start, 0):round(word.box[0] + step * (run.end() - 0.3)) - left + 1] = True
        line.caps = not columns.any()
        rows = crop.sum(axis=1) if line.caps else crop[:, columns].sum(axis=1)
        line.x_height = float((rows >= rows.max() * _X_BAND).sum()) if rows.max() else 0.0
        padded = np.pad(crop, ((0, 0), (1, 1))).astype(np.int8)
        edges = np.diff(padded, axis=1)
        runs = np.nonzero(edges == -1)[1] - np.nonzero(edges == 1)[1]
        stems = runs[runs < max(3.0, (line.x_height or line.x_size / 2) * 0.5)]
        line.stroke = float(stems.mean()) if stems.size else 0.0
