"""psedcheck serve under load: one upload alone, then N uploads at once (default 8, corpus DOCX and
TXT programmes), against a real server on a free port with --max-checks runners.

    python bench/serve_bench.py [--uploads 8] [--max-checks 2] [--runs 3]

Prints the time of one check through the API (upload to JSON), and for the concurrent uploads the
wall time, seconds per check (wall / N), the slowest answer, and the peak resident memory of the
server process and of the server with its runners and their workers together (sampled every 50 ms).
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.load import upload_all  # noqa: E402
from tests.serving import Server  # noqa: E402

FILES = ["ru-strong.docx", "ru-city.docx", "ru-gappy.docx", "ru-declarative.docx", "ru-plan-no-costs.docx",
         "ru-minimal.txt", "ky-migration.docx", "ru-toc-promises.docx"]
MiB = 1 << 20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--uploads", type=int, default=8)
    parser.add_argument("--max-checks", type=int, default=2)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    files = [ROOT / "corpus" / "built" / FILES[i % len(FILES)] for i in range(args.uploads)]
    with tempfile.TemporaryDirectory() as tmp:
        started = time.monotonic()
        server = Server(Path(tmp), "--max-checks", str(args.max_checks))
        print(f"server ready (runners warm) in {time.monotonic() - started:.1f} s")
        try:
            single = [upload_all(server, files[:1]).answers[0][2] for _ in range(args.runs)]
            print(f"one check alone (ru-strong.docx, upload to JSON): median {statistics.median(single):.2f} s")
            for run in range(args.runs):
                load = upload_all(server, files)
                codes = sorted({answer.status_code for _, answer, _ in load.answers})
                print(f"{args.uploads} at once, run {run + 1}: wall {load.wall:.2f} s, "
                      f"{load.wall / args.uploads:.2f} s per check, slowest answer "
                      f"{max(s for _, _, s in load.answers):.2f} s, status {codes}; peak memory: server "
                      f"{load.peak_server / MiB:.0f} MB, server + runners + workers {load.peak_total / MiB:.0f} MB")
        finally:
            server.stop()


if __name__ == "__main__":
    main()
