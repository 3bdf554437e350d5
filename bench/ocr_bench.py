"""OCR speed and word accuracy on a scan made from a corpus PDF, against that PDF's text layer.

    python bench/ocr_bench.py [corpus/built/ky-declarative.pdf] [--dpi 200] [--jobs 1 2]

The PDF's pages are rendered at --dpi and saved as an image-only PDF (as tests/test_ocr.py does),
then read by psedcheck's OCR with each --jobs value. Reported: wall seconds per page, tesseract CPU
seconds per page, and per page the word recall of the OCR text (lines and table cells) against the
words of the text layer (multiset, case-folded), and how many of the text layer's ң, ө, ү survive.
"""
from __future__ import annotations

import argparse
import re
import resource
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

WORD = re.compile(r"[^\W_]+")


def words(text: str) -> Counter:
    return Counter(w.lower() for w in WORD.findall(text))


def page_texts(pages) -> list[str]:
    return ["\n".join([ln.text for ln in p.lines] + [" ".join(c for row in rows for c in row) for _, rows in p.tables])
            for p in pages]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pdf", nargs="?", default=str(ROOT / "corpus" / "built" / "ky-declarative.pdf"))
    parser.add_argument("--dpi", type=int, default=200)
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()

    from tests.test_ocr import image_pdf

    from psedcheck.ingest.pdf import open_pdf, read_pages
    from psedcheck.ingest.ocr.runner import Ocr

    source = Path(args.pdf)
    pdf = open_pdf(source)
    truth = page_texts(read_pages(source, pdf))
    pdf.close()
    with tempfile.TemporaryDirectory() as tmp:
        scan = image_pdf(source, Path(tmp) / "scan.pdf", args.dpi)
        for jobs in args.jobs:
            pdf = open_pdf(scan)
            pages = read_pages(scan, pdf)
            pdf.close()
            cpu = resource.getrusage(resource.RUSAGE_CHILDREN)
            started = time.perf_counter()
            Ocr(jobs=jobs, progress=False)(scan, pages, [p for p in pages if p.has_images and not p.lines])
            wall = time.perf_counter() - started
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            tesseract_cpu = after.ru_utime + after.ru_stime - cpu.ru_utime - cpu.ru_stime
            print(f"{source.name} at {args.dpi} dpi, {len(pages)} pages, --jobs {jobs}: {wall / len(pages):.2f} s/page wall, "
                  f"{tesseract_cpu / len(pages):.2f} s/page tesseract CPU")
    found, total, kept, letters = 0, 0, 0, 0
    for number, (want, got) in enumerate(zip(truth, page_texts(pages)), 1):
        a, b = words(want), words(got)
        hit = sum((a & b).values())
        k = sum(want.count(c) for c in "ңөүҢӨҮ")
        kk = min(k, sum(got.count(c) for c in "ңөүҢӨҮ"))
        found, total, kept, letters = found + hit, total + sum(a.values()), kept + kk, letters + k
        print(f"  page {number}: word recall {hit / max(sum(a.values()), 1):.3f} ({hit}/{sum(a.values())}), ң/ө/ү {kk}/{k}")
    print(f"  all pages: word recall {found / max(total, 1):.3f} ({found}/{total}), ң/ө/ү {kept}/{letters}")


if __name__ == "__main__":
    main()
