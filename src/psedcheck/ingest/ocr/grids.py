"""Ruled tables in a scanned page image: find the rules, erase them, put the OCR words in cells.

A rule is a run of ink far longer than any letter stroke; rules that cross each other form a table
when there are at least two horizontal and two vertical ones. Erasing them before OCR keeps
tesseract from reading them as "|" or "[", and the grid they draw puts each word in its cell, so a
scanned table reaches the rules as a table, as pdfplumber's does for a text PDF.
"""
from __future__ import annotations

from dataclasses import dataclass

_MIN_H = 150  # pixels at 300 dpi (1.3 cm): longer than any horizontal stroke of a letter
_MIN_V = 80  # a little taller than a letter with ascender and descender at 14 pt
_JOIN = 3  # rows (or columns) apart that still belong to one rule
_MEET = 8  # how far apart rules may end and still cross
_MIN_BAND = 15  # narrower bands between rules hold no text
_INK = 170  # rules are thin and may be grey after scanning: a lighter threshold than for text


@dataclass
class Rule:
    across: int  # first row (horizontal) or column (vertical)
    across_end: int
    start: int  # extent along the rule
    end: int

    @property
    def middle(self) -> float:
        return (self.across + self.across_end) / 2


@dataclass
class Grid:
    box: tuple[int, int, int, int]  # left, top, right, bottom
    horizontal: list[Rule]
    vertical: list[Rule]

    def contains(self, x: float, y: float) -> bool:
        left, top, right, bottom = self.box
        return left <= x <= right and top <= y <= bottom


def find_grids(gray) -> list[Grid]:
    """The ruled tables of a page, from its greyscale image (a numpy array)."""
    ink = gray < _INK
    horizontal = _rules(ink, _MIN_H)
    vertical = _rules(ink.T, _MIN_V)
    if len(horizontal) < 2 or len(vertical) < 2:
        return []
    parent = list(range(len(horizontal) + len(vertical)))

    def root(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, h in enumerate(horizontal):
        for j, v in enumerate(vertical):
            if _crosses(h, v):
                parent[root(i)] = root(len(horizontal) + j)
    groups: dict[int, tuple[list[Rule], list[Rule]]] = {}
    for i, h in enumerate(horizontal):
        groups.setdefault(root(i), ([], []))[0].append(h)
    for j, v in enumerate(vertical):
        groups.setdefault(root(len(horizontal) + j), ([], []))[1].append(v)
    grids = []
    for hs, vs in groups.values():
        if len(hs) >= 2 and len(vs) >= 2:
            left = min([h.start for h in hs] + [v.across for v in vs])
            right = max([h.end for h in hs] + [v.across_end for v in vs])
            top = min([v.start for v in vs] + [h.across for h in hs])
            bottom = max([v.end for v in vs] + [h.across_end for h in hs])
            grids.append(Grid((left, top, right, bottom), sorted(hs, key=lambda r: r.across),
                              sorted(vs, key=lambda r: r.across)))
    return sorted(grids, key=lambda g: g.box[1])


def _rules(ink, min_length: int) -> list[Rule]:
    """Runs of ink at least min_length long along the rows of `ink`, joined over adjacent rows."""
    import numpy as np

    padded = np.pad(ink, ((0, 0), (1, 1))).astype(np.int8)
    edges = np.diff(padded, axis=1)
    rows, starts = np.nonzero(edges == 1)
    ends = np.nonzero(edges == -1)[1]
    long = (ends - starts) >= min_length
    rules: list[Rule] = []
    open_rules: list[Rule] = []  # rules that reached the previous rows
    for row, start, end in zip(rows[long].tolist(), starts[long].tolist(), ends[long].tolist()):
        open_rules = [r for r in open_rules if row - r.across_end <= _JOIN]
        rule = next((r for r in open_rules if start <= r.end + _MEET and end >= r.start - _MEET), None)
        if rule is None:
            rule = Rule(row, row, start, end)
            rules.append(rule)
            open_rules.append(rule)
        else:
            rule.across_end, rule.start, rule.end = row, min(rule.start, start), max(rule.end, end)
    return rules


def _crosses(h: Rule, v: Rule) -> bool:
    return h.start - _MEET <= v.middle <= h.end + _MEET and v.start - _MEET <= h.middle <= v.end + _MEET


def erase(gray, grids: list[Grid]):
    """A copy of the image with the rules of the grids painted white."""
    gray = gray.copy()
    for grid in grids:
        for h in grid.horizontal:
            gray[max(h.across - 1, 0):h.across_end + 2, h.start:h.end] = 255
        for v in grid.vertical:
            gray[v.start:v.end, max(v.across - 1, 0):v.across_end + 2] = 255
    return gray


def cell_rows(grid: Grid, words) -> list[list[str]]:
    """The grid's rows of cell texts from the OCR words whose centres fall inside it; the lines of a
    cell are joined with "\n", as pdfplumber gives them.

    Columns are every vertical rule of the table; a cell that spans several of them (a rule stops
    short of its band) fills the first and leaves the others empty, as a merged DOCX cell does.
    """
    ys = _positions([h.middle for h in grid.horizontal] + [grid.box[1], grid.box[3]])
    xs = _positions([v.middle for v in grid.vertical] + [grid.box[0], grid.box[2]])
    rows = []
    for top, bottom in zip(ys, ys[1:]):
        if bottom - top < _MIN_BAND:
            continue
        middle = (top + bottom) / 2
        bounds = [x for x in xs if x in (xs[0], xs[-1]) or any(
            abs(v.middle - x) <= _MEET and v.start - _MEET <= middle <= v.end + _MEET for v in grid.vertical)]
        band = [w for w in words if top <= w.center[1] < bottom]
        cells = []
        for left, right in zip(xs, xs[1:]):
            if left not in bounds:
                cells.append("")
                continue
            stop = next((b for b in bounds if b > left), right)
            lines = text_lines([w for w in band if left <= w.center[0] < stop])
            cells.append("\n".join(" ".join(w.text for w in line) for line in lines))
        rows.append(cells)
    return rows


def text_lines(words: list) -> list[list]:
    """Words grouped into lines, top to bottom, each left to right: a word belongs to the line above
    when its centre is within half its height of that line's first word's."""
    lines: list[list] = []
    for word in sorted(words, key=lambda w: w.center[1]):
        if lines and word.center[1] - lines[-1][0].center[1] <= (word.box[3] - word.box[1]) / 2:
            lines[-1].append(word)
        else:
            lines.append([word])
    return [sorted(line, key=lambda w: w.box[0]) for line in lines]


def _positions(values: list[float]) -> list[float]:
    merged: list[float] = []
    for value in sorted(values):
        if merged and value - merged[-1] <= _MEET * 2:
            continue
        merged.append(value)
    return merged
