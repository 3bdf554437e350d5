"""Documents per second of a batch audit: one 50-document folder checked with --jobs 1 and --jobs 2.

    python bench/batch_bench.py [--docs 50] [--runs 3] [--jobs 1 2]

The folder holds copies of corpus/built (PDF, DOCX, TXT, MD in ru, ky and en, cycled until --docs),
checked against a snapshot of rules/ taken at the start.
Each run is the whole command, `python -m psedcheck FOLDER --format json -o FILE -q --fail-on never
--jobs N`, process start-up included; the figure is the median wall time over --runs. A last line
gives a re-run over the same folder with --cache (every result reused).
"""
from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUILT = ROOT / "corpus" / "built"


def make_folder(target: Path, count: int) -> list[Path]:
    sources = sorted(p for p in BUILT.iterdir() if p.suffix in (".pdf", ".docx", ".txt", ".md"))
    if not sources:
        sys.exit(f"no documents in {BUILT}: run python corpus/build.py first")
    made = []
    for i in range(count):
        source = sources[i % len(sources)]
        path = target / f"okrug-{i % 4}" / f"{i:03d}-{source.name}"
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(source, path)
        made.append(path)
    return made


def run(folder: Path, out: Path, *options: str) -> tuple[float, float]:
    """Wall seconds and CPU seconds (user + system, the command and its workers) of one run."""
    command = [sys.executable, "-m", "psedcheck", str(folder), "--format", "json", "-o", str(out), "-q",
               "--fail-on", "never", "--rules", str(folder.parent / "rules"), *options]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 1):
        sys.exit(f"{' '.join(command)} exited {done.returncode}: {done.stderr[-500:]}")
    return elapsed, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime


def median_run(runs: int, *args) -> tuple[float, float]:
    results = [run(*args) for _ in range(runs)]
    return statistics.median(r[0] for r in results), statistics.median(r[1] for r in results)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=50)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder, out = Path(tmp) / "district", Path(tmp) / "report.json"
        files = make_folder(folder, args.docs)
        shutil.copytree(ROOT / "rules", Path(tmp) / "rules")  # a snapshot: rules edited meanwhile change nothing
        kinds = sorted({p.suffix for p in files})
        size = sum(p.stat().st_size for p in files) / 1e6
        print(f"{len(files)} documents ({', '.join(kinds)}; {size:.1f} MB), median of {args.runs} runs, "
              f"start-up included; {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}")
        print(f"{'jobs':>6} {'wall s':>8} {'docs/s':>8} {'cpu s':>8}")
        for jobs in args.jobs:
            wall, cpu = median_run(args.runs, folder, out, "--jobs", str(jobs))
            print(f"{jobs:>6} {wall:>8.2f} {len(files) / wall:>8.1f} {cpu:>8.2f}")
        cache = Path(tmp) / "cache"
        run(folder, out, "--cache", str(cache))
        wall, cpu = median_run(args.runs, folder, out, "--cache", str(cache))
        print(f"{'cached':>6} {wall:>8.2f} {len(files) / wall:>8.1f} {cpu:>8.2f}   (re-run with --cache, nothing changed)")


if __name__ == "__main__":
    main()
