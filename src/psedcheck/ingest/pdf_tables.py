"""Ruled tables of a PDF page: the grid from pdfium's path objects, cell text from pdfium's text page.

pdfplumber reads a ruled page in 60-100 ms because pdfminer interprets the whole content stream in
Python (stack-measurements.md §4); pdfium already has the ruling lines and the characters, so the
grid and its cells take about a millisecond. pdfplumber stays the fallback for pages that draw lines
this grid cannot make a table of.
"""
from __future__ import annotations

_THIN = 2.5  # points: a path this thin is a ruling line
_MIN_LINE = 8.0
_SNAP = 2.0  # points within which two rulings are the same grid line


def _snap(values: list[float]) -> list[float]:
    result: list[float] = []
    for value in sorted(values):
        if not result or value - result[-1] > _SNAP:
            result.append(value)
    return result


def rulings(page):
    """Horizontal (y, x0, x1) and vertical (x, y0, y1) ruling segments, in PDF coordinates."""
    import pypdfium2.raw as raw

    horizontal, vertical = [], []
    for obj in page.get_objects(filter=[raw.FPDF_PAGEOBJ_PATH], max_depth=2):
        left, bottom, right, top = obj.get_bounds()
        width, height = right - left, top - bottom
        if height <= _THIN and width >= _MIN_LINE:
            horizontal.append(((bottom + top) / 2, left, right))
        elif width <= _THIN and height >= _MIN_LINE:
            vertical.append(((left + right) / 2, bottom, top))
        elif width >= _MIN_LINE and height >= _MIN_LINE:  # a box: its four edges
            horizontal += [(bottom, left, right), (top, left, right)]
            vertical += [(left, bottom, top), (right, bottom, top)]
    return horizontal, vertical


def _regions(vertical):
    """Groups vertical rulings whose spans touch: each group is one table's height."""
    groups: list[list[tuple[float, float, float]]] = []
    for seg in sorted(vertical, key=lambda s: s[1]):
        if groups and seg[1] <= max(s[2] for s in groups[-1]) + _SNAP:
            groups[-1].append(seg)
        else:
            groups.append([seg])
    return groups


def _covers(segments, at: float, lo: float, hi: float, position) -> bool:
    """Whether a ruling at `at` runs over the whole span lo..hi (position picks the coordinate)."""
    middle = (lo + hi) / 2
    return any(abs(position(s) - at) <= _SNAP and s[1] - _SNAP <= middle <= s[2] + _SNAP for s in segments)


def ruled_tables(textpage, height: float, horizontal, vertical) -> list[tuple[tuple[float, float, float, float], list[list[str]]]]:
    """Tables as (bbox with pdfplumber's top-left origin, rows of raw cell texts with their line
    breaks), top to bottom, from the page's `rulings()`."""
    tables = []
    for group in _regions(vertical):
        xs = _snap([s[0] for s in group])
        y0, y1 = min(s[1] for s in group), max(s[2] for s in group)
        ys = _snap([s[0] for s in horizontal
                    if y0 - _SNAP <= s[0] <= y1 + _SNAP and s[1] < xs[-1] and s[2] > xs[0]])
        if len(xs) < 3 or len(ys) < 2:
            continue  # one column is a text frame, not a table
        rows = []
        for top, bottom in zip(reversed(ys), list(reversed(ys))[1:]):
            row, col = [], 0
            while col < len(xs) - 1:
                end = col + 1
                # no ruling between two columns over this row: they are one merged cell
                while end < len(xs) - 1 and not _covers(group, xs[end], bottom, top, lambda s: s[0]):
                    end += 1
                text = textpage.get_text_bounded(xs[col] + 0.5, bottom + 0.5, xs[end] - 0.5, top - 0.5)
                row.append(text.replace("\r\n", "\n").strip())
                row.extend([""] * (end - col - 1))
                col = end
            rows.append(row)
        bbox = (xs[0], height - ys[-1], xs[-1], height - ys[0])
        tables.append((bbox, rows))
    return sorted(tables, key=lambda t: t[0][1])


def looks_ruled(horizontal, vertical) -> bool:
    """At least two horizontal and two vertical rulings: worth a table search."""
    return len(horizontal) >= 2 and len(vertical) >= 2
