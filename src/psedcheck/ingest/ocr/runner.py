"""OCR of scanned PDF pages: pypdfium2 renders a page, the tesseract binary reads it (rus+kir+eng).

`Ocr` is the `ocr` hook of `ingest.pdf.read_pdf`: it fills the pages that have an image but no text
layer with lines (positions, an estimated font size and weight) and ruled tables, and marks them
`ocr`, so the PDF builder treats them like any other page. Russian alone loses every ң, ө, ү, hence
rus+kir+eng (stack-measurements.md §5); even so a quarter of them are lost on a Kyrgyz page, so a page
that turns out Kyrgyz is read again with kir+eng, and the pages after it straight away (a Russian
page reads as well with rus+kir+eng and a little worse with kir+eng: word recall 0.949 against 0.942
on ru-strong). Up to `jobs` tesseract processes run at once, one thread each.
Page images go to tesseract through a pipe, so no file is written anywhere; the input is only read.
"""
from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ...model.errors import ConversionFailed, Scanned, TimedOut, TooLarge
from ..limits import Limits, current, too_much
from .hocr import OcrLine, measure, parse_hocr
from .latin import reread_latin
from .grids import cell_rows, erase, find_grids

LANGUAGES = ("rus", "kir", "eng")
DPI = 300
PAGE_TIMEOUT = 300  # seconds for one page; a clean page takes about 5
INSTALL = "install tesseract-ocr, tesseract-ocr-rus and tesseract-ocr-kir"
_BOLDER = 1.3  # stems this much wider than the body text's (for the x-height) are bold; bold is about 1.5
_TEXT_INK = 128
COUNTER = "psedcheck: OCR {name}: page {page}/{pages}"
_VERSION = 3  # of the reading below: change it when a change alters the text of a scan
_KYRGYZ_SHARE = 0.01
_DECIDES = 100  # Cyrillic letters a page needs to tell Kyrgyz from Russian
_CAP_RATIO = 1.4  # cap height over x-height: about 1.35 in DejaVu Serif, 1.45 in Times
_CAPS_TALLER = 1.2  # capitals this much taller than small letters are real capitals


@dataclass
class ScannedPage:
    lines: list[OcrLine]
    tables: list[tuple[int, list[list[str]]]]  # (top in pixels, rows)

    @property
    def text(self) -> str:
        return "\n".join([ln.text for ln in self.lines] + [" ".join(c for r in rows for c in r) for _, rows in self.tables])


@lru_cache(maxsize=4)
def installed_languages(binary: str) -> tuple[str, ...]:
    try:
        out = subprocess.run([binary, "--list-langs"], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return ()
    return tuple(line.strip() for line in out.splitlines()[1:] if line.strip())


def languages(binary: str) -> str | None:
    """"rus+kir+eng", or the part of it that is installed; None without Russian and Kyrgyz."""
    have = [lang for lang in LANGUAGES if lang in installed_languages(binary)]
    return "+".join(have) if {"rus", "kir"} & set(have) else None


def kyrgyz_languages(binary: str) -> str | None:
    """"kir+eng" for Kyrgyz pages: with rus+kir+eng, tesseract reads a quarter of a Kyrgyz page's
    ң, ө, ү as н, о, у (its Russian model wins those words); kir alone keeps 98% of them."""
    have = installed_languages(binary)
    return "+".join(lang for lang in ("kir", "eng") if lang in have) if "kir" in have else None


@dataclass(frozen=True)
class TextLayer:
    """What the pages with a text layer hold: their text, its body font size, and whether there is any."""
    text: str
    body_size: float
    empty: bool


@dataclass(frozen=True)
class PlacedLine:
    """One OCR line in PDF points (top from the top of the page), with a font size and a bold flag."""
    text: str
    top: float
    bottom: float
    left: float
    right: float
    size: float
    bold: bool


@dataclass(frozen=True)
class OcrPage:
    lines: list[PlacedLine]
    tables: list[tuple[float, list[list[str]]]]  # (top in points, rows of raw cell text)


class Ocr:
    """Reads the scanned pages of a PDF with up to `jobs` tesseract processes at a time."""

    def __init__(self, jobs: int = 1, progress: bool | None = None, timeout: float = PAGE_TIMEOUT, dpi: int = DPI,
                 counter: str = ""):
        self.jobs = max(1, jobs)
        self.progress = progress
        self.counter = counter or COUNTER  # the page counter on stderr, in the report language
        self.timeout, self.dpi = timeout, dpi

    @property
    def cache_key(self) -> str:
        """What decides the text this OCR gives (for the report cache): not jobs or progress."""
        binary = shutil.which("tesseract")
        return f"tesseract:{languages(binary) if binary else None}:{self.dpi}:{_VERSION}"

    def __call__(self, path: Path, needs_ocr: list[int], layer: TextLayer) -> dict[int, OcrPage]:
        """Reads the page numbers `needs_ocr` of the PDF; `layer` is what the other pages hold as text.
        Returns the lines and tables found, page by page, in PDF points."""
        binary = shutil.which("tesseract")
        langs = languages(binary) if binary else None
        if langs is None:
            if layer.empty:
                what = "tesseract is not installed" if binary is None else "tesseract has no Russian or Kyrgyz data"
                raise Scanned(f"{path.name}: scanned: needs OCR, but {what} ({INSTALL})")
            return {}  # a mixed PDF: the pages with a text layer are still checked
        kyrgyz = kyrgyz_languages(binary)
        scales: dict[int, float] = {}  # pixels per point of each page's rendering
        found = self._read_all(path, needs_ocr, binary, langs, kyrgyz, layer.text, scales)
        if layer.empty and not any(f.lines or f.tables for f in found.values()):
            # a scan of a picture, or of a page too poor to read
            raise Scanned(f"{path.name}: scanned: OCR found no text on its {len(needs_ocr)} scanned page(s)")
        return _place(found, layer.body_size, {number: 1 / scale for number, scale in scales.items()})

    def _read_all(self, path: Path, needs_ocr: list, binary: str, langs: str, kyrgyz: str | None,
                  text_layer: str, scales: dict[int, float]) -> dict[int, ScannedPage]:
        """Reads the pages, a few at a time. Pages start with rus+kir+eng (kir+eng when the text
        layer of a mixed PDF is Kyrgyz); a page that turns out to be Kyrgyz is read again with
        kir+eng, and so are the pages after it from the start."""
        from ..pdf import open_pdf

        progress = (sys.stderr.isatty() if self.progress is None else self.progress) and len(needs_ocr) > 1
        limits = current()
        current_langs = kyrgyz if kyrgyz and is_kyrgyz(text_layer) else langs
        decided = cyrillic_letters(text_layer) >= _DECIDES  # until then fewer pages run ahead (and may be redone)
        found: dict[int, ScannedPage] = {}
        queue, pending = [(number, None) for number in needs_ocr], {}
        pdf = open_pdf(path)
        pool = ThreadPoolExecutor(self.jobs)
        try:
            while queue or pending:
                # pdfium is not thread-safe: render here, a few pages ahead of the tesseract threads
                while queue and len(pending) < self.jobs * (2 if decided else 1):
                    number, chosen = queue.pop(0)
                    page = pdf[number - 1]
                    scales[number] = scale = render_scale(page, self.dpi, limits, path.name, number)
                    bitmap = page.render(scale=scale, grayscale=True)
                    image = bitmap.to_pil().convert("L")  # a copy: the bitmap's memory goes with it
                    del bitmap
                    chosen = chosen or current_langs
                    future = pool.submit(read_page, binary, image, chosen, self.timeout, round(scale * 72))
                    pending[future] = (number, chosen)
                finished, _ = wait(pending, return_when=FIRST_COMPLETED)
                for future in finished:
                    number, used = pending.pop(future)
                    try:
                        scanned = future.result()
                    except TimedOut:
                        raise TimedOut(f"{path.name}: OCR of page {number} took longer than {self.timeout:.0f} s") from None
                    except ConversionFailed as exc:
                        raise ConversionFailed(f"{path.name}: OCR of page {number} failed ({exc.message})") from None
                    decided = decided or cyrillic_letters(scanned.text) >= _DECIDES
                    if kyrgyz and used != kyrgyz and is_kyrgyz(scanned.text):
                        current_langs = kyrgyz
                        queue.insert(0, (number, kyrgyz))
                        continue
                    found[number] = scanned
                    if progress:
                        print("\r" + self.counter.format(name=_shown(path.name), page=len(found), pages=len(needs_ocr)), end="",
                              file=sys.stderr, flush=True)
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
            pdf.close()
            if progress:
                print(file=sys.stderr, flush=True)
        return found


def render_scale(page, dpi: int, limits: Limits, name: str, number: int) -> float:
    """Pixels per point to render `page` at: `dpi`, or less where that would pass the pixel limit
    (a 5 m page at 300 dpi is 3.6 billion pixels). A picture on the page is decoded whole, whatever
    the scale, so one past the image limit makes the document too large to read."""
    import pypdfium2.raw as raw

    for image in page.get_objects(filter=[raw.FPDF_PAGEOBJ_IMAGE], max_depth=2):
        width, height = image.get_px_size()
        if too_much(width * height, limits.image_pixels):
            raise TooLarge(f"{name}: page {number} holds a picture of {width} × {height} pixels "
                           f"({width * height / 1e6:.0f} million), over the limit of "
                           f"{limits.image_pixels / 1e6:.0f} million (--limit image-pixels)")
    scale = dpi / 72
    area = page.get_width() * page.get_height()  # in points
    if too_much(int(area * scale * scale), limits.pixels):
        scale = (limits.pixels / area) ** 0.5
    return scale


def _shown(name: str) -> str:
    """A file name for a terminal line: control characters escaped (repr's \\n, \\r, \\x1b), so a
    name cannot split or overwrite the counter."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in name)


def cyrillic_letters(text: str) -> int:
    return sum(1 for c in text if "\u0400" <= c <= "\u04ff")


def is_kyrgyz(text: str) -> bool:
    """Text in Kyrgyz: ң, ө, ү are over 1% of its Cyrillic letters (about 5% in Kyrgyz prose, a few
    names in a Russian programme; rus+kir+eng keeps three quarters of them on a Kyrgyz page)."""
    cyrillic = cyrillic_letters(text)
    return cyrillic >= _DECIDES and sum(text.count(c) for c in "ңөүҢӨҮ") >= cyrillic * _KYRGYZ_SHARE


def read_page(binary: str, image, langs: str, timeout: float, dpi: int = DPI) -> ScannedPage:
    """One page image: its ruled tables found and erased, the rest read by tesseract."""
    import numpy as np
    from PIL import Image

    gray = np.asarray(image)
    grids = find_grids(gray)
    if grids:
        gray = erase(gray, grids)
    page = Image.fromarray(gray)
    png = io.BytesIO()
    page.save(png, "PNG", compress_level=1, dpi=(dpi, dpi))
    lines = parse_hocr(run_tesseract(binary, png.getvalue(), langs, timeout))
    if "eng" in langs:
        reread_latin(binary, page, lines, timeout)
    tables, table_grids = [], []
    for grid in grids:  # a frame around text (one column) is no table: its words stay lines
        rows = cell_rows(grid, [w for line in lines for w in line.words if grid.contains(*w.center)])
        if max((len(r) for r in rows), default=0) >= 2 and any(any(r) for r in rows):
            tables.append((grid.box[1], rows))
            table_grids.append(grid)
    if table_grids:
        in_table = lambda w: any(g.contains(*w.center) for g in table_grids)  # noqa: E731
        lines = [rest for line in lines if (rest := line.without(in_table))]
    measure(lines, gray < _TEXT_INK)
    return ScannedPage(lines, tables)


def run_tesseract(binary: str, png: bytes, langs: str, timeout: float) -> str:
    """tesseract's hOCR for one image, through pipes (no file to leave behind, even if this process
    is killed), on one thread (OMP_THREAD_LIMIT=1: pages run in parallel, and OpenMP's spinning
    threads cost more than they give)."""
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    try:
        done = subprocess.run([binary, "stdin", "stdout", "-l", langs, "hocr"], input=png, capture_output=True,
                              timeout=timeout, env=env)
    except subprocess.TimeoutExpired:
        raise TimedOut(f"tesseract took longer than {timeout:.0f} s") from None
    except OSError as exc:
        raise ConversionFailed(f"tesseract could not run: {exc}") from None
    if done.returncode != 0:
        reason = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise ConversionFailed(f"tesseract: {reason[-1] if reason else f'exit code {done.returncode}'}")
    return done.stdout.decode("utf-8", "replace")


def _place(found: dict[int, ScannedPage], body_size: float, points: dict[int, float]) -> dict[int, OcrPage]:
    """The OCR lines and tables as the PDF reader measures its own: points, a font size, a bold flag.

    Sizes are relative to the x-height of the scan's body text, which gets the body size of the
    text layer (so a mixed PDF has one body size); bold is a stem width well above the body's.
    """
    lines = [ln for scanned in found.values() for ln in scanned.lines]
    x_body = _weighted_median([(_x_height(ln), len(ln.text)) for ln in lines if not ln.caps]) or 1.0
    heights = {id(ln): _x_height(ln, x_body) for ln in lines}
    weight = _weighted_median([(ln.stroke / heights[id(ln)], len(ln.text)) for ln in lines if ln.stroke]) or 1.0
    placed: dict[int, OcrPage] = {}
    for number, scanned in found.items():
        scale = points[number]  # points per pixel
        page_lines = []
        for ln in scanned.lines:
            height = heights[id(ln)]
            size = body_size * height / x_body
            size = body_size if abs(size - body_size) < 0.5 else float(round(size))
            text = ln.text
            if ln.caps and height == ln.x_height:
                text = text.lower()  # "ТЫС. СОМ" at the height of small letters: т, с, о, м misread
            left, top, right, bottom = (v * scale for v in ln.box)
            page_lines.append(PlacedLine(text, top, bottom, left, right, size, ln.stroke / height >= weight * _BOLDER))
        tables = [(top * scale, rows) for top, rows in scanned.tables if rows]
        placed[number] = OcrPage(page_lines, tables)
    return placed


def _x_height(line: OcrLine, x_body: float | None = None) -> float:
    """The line's x-height; a line of capitals (or digits) taller than small letters gets its
    capital height over the usual cap/x ratio."""
    height = line.x_height or line.x_size
    if line.caps and x_body is not None and height >= x_body * _CAPS_TALLER:
        return height / _CAP_RATIO
    return height


def _weighted_median(values: list[tuple[float, int]]) -> float | None:
    values = sorted(values)
    total = sum(w for _, w in values)
    seen = 0
    for value, weight in values:
        seen += weight
        if seen * 2 >= total:
            return value
    return None
