"""Speed and memory of psedcheck on long programmes, against the floor of its own stack.

    python bench/bench.py [--runs 3] [--folder-docs 50]

For a 60-page and a 120-page programme PDF (built by make_programme.py with LibreOffice) it reports
the end-to-end wall time of `python -m psedcheck FILE --format json` (process start-up included),
the time of each stage (start-up, ingest, language, NLP, rules, report), the peak memory, and the
ratio to the floor: one process that imports spaCy, extracts the text with pypdfium2 and tokenizes
it with spacy.blank("ru"). Then documents per second on a folder (batch_bench.py). Figures are medians.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = HERE / "out"

FLOOR = """
import sys, spacy, pypdfium2
pdf = pypdfium2.PdfDocument(sys.argv[1])
text = "\\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
nlp = spacy.blank("ru")
doc = nlp(text)
print(len(doc))
"""

STAGES = """
import sys, time, json
t0 = time.perf_counter()
from psedcheck.api import Checker
from psedcheck.model.findings import Report
from psedcheck.reporters import render
checker = Checker()
t1 = time.perf_counter()
report = checker.check(sys.argv[1])
t2 = time.perf_counter()
render("json", Report("bench", checker.rulebook.id, "en", [report]))
t3 = time.perf_counter()
stages = {"start-up": t1 - t0, **report.timings, "report": t3 - t2}
print(json.dumps(stages))
"""


def timed(command: list[str]) -> tuple[float, float, str]:
    """Wall seconds, peak RSS in MB and stdout of one child process."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    out = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    return time.perf_counter() - started, usage.ru_maxrss / 1024, out


def median_run(command: list[str], runs: int) -> tuple[float, float, str]:
    results = [timed(command) for _ in range(runs)]
    return (statistics.median(r[0] for r in results), max(r[1] for r in results), results[-1][2])


def programme(pages: int) -> Path:
    pdf = OUT / f"programme-{pages}.pdf"
    if not pdf.exists():
        sys.path.insert(0, str(HERE))
        from make_programme import build

        build(pages, OUT)
    return pdf


def page_count(pdf: Path) -> int:
    import pypdfium2

    return len(pypdfium2.PdfDocument(str(pdf)))


def bench_document(pdf: Path, runs: int) -> None:
    import json

    python = sys.executable
    wall, rss, _ = median_run([python, "-m", "psedcheck", str(pdf), "--format", "json", "-o", os.devnull], runs)
    floor, floor_rss, _ = median_run([python, "-c", FLOOR, str(pdf)], runs)
    stage_runs = [json.loads(timed([python, "-c", STAGES, str(pdf)])[2]) for _ in range(runs)]
    stages = {k: statistics.median(s[k] for s in stage_runs) for k in stage_runs[0]}
    print(f"{pdf.name}: {page_count(pdf)} pages")
    print(f"  end to end          {wall:6.2f} s   peak {rss:5.0f} MB")
    print(f"  floor (spaCy+pdfium+blank ru) {floor:6.2f} s   peak {floor_rss:5.0f} MB")
    print(f"  ratio to the floor  {wall / floor:6.2f}x")
    print("  stages (in-process): " + ", ".join(f"{k} {v:.2f} s" for k, v in stages.items()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--folder-docs", type=int, default=50)
    parser.add_argument("--pages", type=int, nargs="*", default=[60, 120])
    args = parser.parse_args()
    for pages in args.pages:
        bench_document(programme(pages), args.runs)
    # documents per second on a folder: batch_bench.py measures it (--jobs 1 and 2, and a cached re-run)
    subprocess.run([sys.executable, str(HERE / "batch_bench.py"), "--docs", str(args.folder_docs), "--runs", "1"],
                   check=True)

if __name__ == "__main__":
    main()
