"""How many cores this process may use, and how a run shares them with the OCR (no heavy imports:
the CLI asks before spaCy loads)."""
from __future__ import annotations

import os


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def ocr_for_run(jobs: int | None, documents: int, progress: bool = True, counter: str = ""):
    """The OCR of one command run: every job slot on a single document; when worker processes share
    the cores among several documents, the slots left over for each (usually one)."""
    from ..ingest.ocr.runner import COUNTER, Ocr

    slots = jobs or default_jobs()
    return Ocr(max(1, slots // max(1, min(slots, documents))), None if progress and documents == 1 else False,
               counter=counter or COUNTER)
