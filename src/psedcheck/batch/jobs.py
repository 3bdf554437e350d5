"""How many cores this process may use (no heavy imports: the OCR and the CLI ask before spaCy loads)."""
from __future__ import annotations

import os


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1
