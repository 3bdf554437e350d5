"""Speed of psedcheck against the floor of its own stack, as issue 16 measures it.

    python bench/bench.py [--runs 5] [--pages 60 250 1000] [--docs 20] [--batch-docs 50] [--only docs batch cached]

Every figure is the median of interleaved runs (psedcheck and its yardstick take turns, so a load
that comes and goes on the machine hits both alike), each a whole process, start-up included:

- docs: `python -m psedcheck PROGRAMME.pdf --format json` against the floor, one process that imports
  spaCy, extracts the PDF's text with pypdfium2 and tokenizes it with spacy.blank("ru"), on the
  programmes that make_programme.py builds (60, 250 and 1000 asked: 56, 228 and about 915 pages); the ratio, and both peak memories.
- batch: a folder of --batch-docs corpus documents with --jobs 1 and --jobs 2, and the start-up S (one
  tiny document). The ideal for two workers is S + (T1 - S) / 2: start-up once, the per-document work
  shared by the two. The ratio is T2 over that.
- cached: a re-run with --cache of an unchanged --docs folder (every result reused) against
  `python -c "import spacy"`.

History is recorded into a temporary file (PSEDCHECK_HISTORY), as a user's run would record it.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = HERE / "out"
PYTHON = sys.executable

FLOOR = """
import sys, spacy, pypdfium2
pdf = pypdfium2.PdfDocument(sys.argv[1])
text = "\\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
nlp = spacy.blank("ru")
nlp.max_length = 50_000_000
doc = nlp(text)
print(len(doc))
"""


def timed(command: list[str], env: dict) -> tuple[float, float]:
    """Wall seconds and peak RSS in MB of one child process; a failure stops the bench."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    err = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        sys.exit(f"{' '.join(command)} exited {code}: {err.decode(errors='replace')[-800:]}")
    return time.perf_counter() - started, usage.ru_maxrss / 1024


def interleaved(commands: dict[str, list[str]], runs: int, env: dict) -> dict[str, tuple[float, float]]:
    """{name: (median wall s, max peak MB)}, the commands taking turns run after run."""
    results: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            results[name].append(timed(command, env))
    return {name: (statistics.median(w for w, _ in rows), max(m for _, m in rows)) for name, rows in results.items()}


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


def bench_documents(pages: list[int], runs: int, env: dict) -> list[str]:
    rows = [f"{'pages':>6} {'psedcheck s':>12} {'floor s':>8} {'ratio':>6} {'peak MB':>8} {'floor MB':>9}"]
    for wanted in pages:
        pdf = programme(wanted)
        result = interleaved({
            "psedcheck": [PYTHON, "-m", "psedcheck", str(pdf), "--format", "json", "-o", os.devnull],
            "floor": [PYTHON, "-c", FLOOR, str(pdf)],
        }, runs, env)
        (wall, rss), (floor, floor_rss) = result["psedcheck"], result["floor"]
        rows.append(f"{page_count(pdf):>6} {wall:>12.2f} {floor:>8.2f} {wall / floor:>5.2f}x {rss:>8.0f} {floor_rss:>9.0f}")
        print(rows[-1], flush=True)
    return rows


def make_folder(target: Path, count: int) -> list[Path]:
    sys.path.insert(0, str(HERE))
    from batch_bench import make_folder as copies

    return copies(target, count)


def check_command(folder: Path, *options: str) -> list[str]:
    return [PYTHON, "-m", "psedcheck", str(folder), "--format", "json", "-o", os.devnull, "-q", "--fail-on", "never",
            *options]


def bench_batch(docs: int, runs: int, env: dict, tmp: Path) -> list[str]:
    folder = tmp / "batch"
    make_folder(folder, docs)
    tiny = ROOT / "corpus" / "built" / "ru-minimal.txt"
    result = interleaved({
        "start-up": check_command(tiny),
        "jobs 1": check_command(folder, "--jobs", "1"),
        "jobs 2": check_command(folder, "--jobs", "2"),
    }, runs, env)
    start, one, two = result["start-up"][0], result["jobs 1"][0], result["jobs 2"][0]
    ideal = start + (one - start) / 2
    rows = [f"batch of {docs}: start-up {start:.2f} s, --jobs 1 {one:.2f} s, --jobs 2 {two:.2f} s; "
            f"ideal for 2 {ideal:.2f} s; ratio {two / ideal:.2f}x "
            f"(peak MB: jobs 1 {result['jobs 1'][1]:.0f}, jobs 2 parent {result['jobs 2'][1]:.0f})"]
    print(rows[-1], flush=True)
    return rows


def bench_cached(docs: int, runs: int, env: dict, tmp: Path) -> list[str]:
    folder, cache = tmp / "cached", tmp / "cache"
    make_folder(folder, docs)
    timed(check_command(folder, "--cache", str(cache)), env)  # fills the cache
    result = interleaved({
        "re-run": check_command(folder, "--cache", str(cache)),
        "import spacy": [PYTHON, "-c", "import spacy"],
    }, runs, env)
    rerun, spacy = result["re-run"][0], result["import spacy"][0]
    rows = [f"cached re-run of {docs} unchanged documents {rerun:.2f} s, `import spacy` {spacy:.2f} s: "
            f"ratio {rerun / spacy:.2f}x (peak {result['re-run'][1]:.0f} MB)"]
    print(rows[-1], flush=True)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--pages", type=int, nargs="*", default=[60, 250, 1000])
    parser.add_argument("--docs", type=int, default=20, help="documents of the cached re-run's folder")
    parser.add_argument("--batch-docs", type=int, default=50)
    parser.add_argument("--only", nargs="+", choices=["docs", "batch", "cached"], default=["docs", "batch", "cached"])
    args = parser.parse_args()
    print(f"median of {args.runs} interleaved runs; {os.cpu_count()} cores, load average "
          f"{os.getloadavg()[0]:.1f}; {PYTHON}", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "PSEDCHECK_HISTORY": str(Path(tmp) / "history.sqlite3")}
        if "docs" in args.only:
            bench_documents(args.pages, args.runs, env)
        if "batch" in args.only:
            bench_batch(args.batch_docs, args.runs, env, Path(tmp))
        if "cached" in args.only:
            bench_cached(args.docs, args.runs, env, Path(tmp))


if __name__ == "__main__":
    main()
