"""Concurrent uploads to a running `psedcheck serve` while the memory of the server, its runners and
their workers is sampled: shared by the load test and bench/serve_bench.py."""
from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from .serving import Server, rss


@dataclass
class Load:
    answers: list[tuple[Path, httpx.Response, float]] = field(default_factory=list)  # (file, answer, seconds)
    wall: float = 0.0
    peak_server: int = 0  # bytes resident: the server process alone
    peak_total: int = 0  # the server, its runners and their workers together, at the same instant


def upload_all(server: Server, files: list[Path], lang: str = "ru") -> Load:
    """Uploads every file at once to POST /api/check (one thread each) and samples memory every 50 ms."""
    load, done = Load(), threading.Event()

    def sample():
        while not done.is_set():
            pids = server.pids()
            load.peak_server = max(load.peak_server, rss(server.process.pid))
            load.peak_total = max(load.peak_total, sum(rss(pid) for pid in pids))
            time.sleep(0.05)

    def one(path: Path):
        started = time.monotonic()
        with path.open("rb") as fh:
            answer = httpx.post(server.url("/api/check"), files={"file": (path.name, fh)}, data={"lang": lang},
                                headers=server.headers, timeout=600)
        return path, answer, time.monotonic() - started

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    started = time.monotonic()
    with ThreadPoolExecutor(len(files)) as pool:
        load.answers = list(pool.map(one, files))
    load.wall = time.monotonic() - started
    done.set()
    sampler.join()
    return load
