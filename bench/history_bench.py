"""The history's cost: milliseconds to record one check, the file's size when full, time to list it.

    python bench/history_bench.py [--checks 2000] [--writers 2]

Real reports of corpus/built programmes (checked once, in Russian) are recorded under distinct file
hashes, one transaction per check as the command does, until the history holds --checks (its cap,
MAX_CHECKS); then `--writers` processes record 200 checks each at once, and the last line says
whether any row was lost.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from psedcheck.api import Checker  # noqa: E402
from psedcheck.history.store import MAX_CHECKS, History, Provenance  # noqa: E402
from psedcheck.reporters.json import document_dict  # noqa: E402

MADE_WITH = Provenance("psed-2018", "2018.1", "bench", "ru")
WRITER = """
import json, sys
from dataclasses import replace
from pathlib import Path
from psedcheck.history.store import History, Provenance
from psedcheck.reporters.json import document_from_dict
db, report, tag = sys.argv[1:]
doc = document_from_dict(json.loads(Path(report).read_text(encoding="utf-8")))
history = History(db)
for n in range(200):
    history.record([replace(doc, path=f"{tag}-{n}.docx", sha256=f"{tag}{n:060d}")], Provenance("psed-2018", "2018.1", "bench", "ru"))
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--checks", type=int, default=MAX_CHECKS)
    parser.add_argument("--writers", type=int, default=2)
    args = parser.parse_args()
    checker = Checker()
    reports = [checker.check(p) for p in sorted((ROOT / "corpus" / "built").glob("*.docx"))]
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "history.sqlite3"
        history = History(db, max_checks=args.checks)
        started = time.perf_counter()
        for n in range(args.checks):
            history.record([replace(reports[n % len(reports)], sha256=f"{n:064x}")], MADE_WITH)
        per_check = (time.perf_counter() - started) / args.checks * 1000
        history.record([replace(reports[0], sha256="f" * 64)], MADE_WITH)  # one past the cap
        size = sum(p.stat().st_size for p in Path(folder).glob("history.sqlite3*"))
        started = time.perf_counter()
        rows = history.checks()
        listing = (time.perf_counter() - started) * 1000
        print(f"record: {per_check:.1f} ms per check; {len(rows)} checks kept (cap {args.checks}): "
              f"{size / 1e6:.1f} MB ({size / len(rows) / 1e3:.1f} kB a check); listing: {listing:.0f} ms")
        fresh = Path(folder) / "parallel.sqlite3"
        report = Path(folder) / "report.json"
        report.write_text(json.dumps(document_dict(reports[0]), ensure_ascii=False), encoding="utf-8")
        started = time.perf_counter()
        writers = [subprocess.Popen([sys.executable, "-c", WRITER, str(fresh), str(report), f"w{i:03d}"])
                   for i in range(args.writers)]
        codes = [w.wait() for w in writers]
        elapsed = time.perf_counter() - started
        kept = len(History(fresh).checks())
        print(f"{args.writers} writers × 200 checks at once: {kept}/{200 * args.writers} rows, exit codes {codes}, "
              f"{elapsed:.1f} s")


if __name__ == "__main__":
    main()
