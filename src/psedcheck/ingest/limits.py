"""What one document may cost: the limits a hostile or odd file hits with a coded `too-large` (or
`out-of-memory`) instead of taking the machine.

Each limit is checked where the cost arises, before it is paid: the sizes in a DOCX/ODT's zip
directory before a part is inflated, a text file's size before it is read, the pixels of a page
before OCR renders it, the paragraphs as a reader adds them. The memory ceiling is the last line,
for whatever the other limits do not foresee: the process that reads a document (a batch worker,
or the reader forked for a single document) may not grow by more than it (RLIMIT_AS).

The run's limits are set once (`configure`, from `--limit NAME=VALUE`) and read by the readers with
`current()`; forked workers inherit them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, fields, replace

MiB = 1 << 20


@dataclass(frozen=True)
class Limits:
    # A DOCX/ODT part (document.xml, a picture) inflated: a 300-page programme's document.xml is ~15 MB.
    part_size: int = 128 * MiB
    # Inflated size over stored size, for parts over RATIO_FLOOR: XML compresses 5-20 times, a zip bomb ~1000.
    ratio: int = 100
    # A .txt or .md file: a programme typed as text is well under 2 MB.
    text_size: int = 16 * MiB
    # Paragraphs, headings and table rows of one document: a 300-page programme has ~10 000.
    blocks: int = 50_000
    # Characters of text of one document: a 300-page programme has about a million; checking takes
    # about 3 s and 120 MB per million.
    characters: int = 4_000_000
    # Pixels OCR renders of one page: past this the page is rendered at a lower resolution
    # (A4 at 300 dpi is 8.7 million; A2 is 35 million).
    pixels: int = 40_000_000
    # Pixels of one picture on a page OCR reads: pdfium decodes it whole whatever the rendering size.
    image_pixels: int = 200_000_000
    # Memory (address space) the process that reads a document may add to what it had before.
    memory: int = 1024 * MiB

    @classmethod
    def parse(cls, settings: list[str] | tuple[str, ...], base: "Limits | None" = None) -> "Limits":
        """Limits from "name=value" items ("memory=2G", "pixels=60M", "ratio=200"; 0 turns a limit
        off). Raises ValueError with a one-line message for an unknown name or a bad value."""
        limits = base or cls()
        known = {f.name.replace("_", "-"): f.name for f in fields(cls)}
        for item in settings:
            name, _, value = item.partition("=")
            key = known.get(name.strip().lower())
            if key is None or not _:
                raise ValueError(f"--limit {item!r}: expected NAME=VALUE with NAME one of {', '.join(known)}")
            limits = replace(limits, **{key: _number(value, item)})
        return limits

    def describe(self) -> str:
        return ", ".join(f"{f.name.replace('_', '-')}={getattr(self, f.name)}" for f in fields(self))


RATIO_FLOOR = 1 * MiB  # small parts (styles.xml) may compress very well and cost nothing
_NUMBER = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmgKMG]?)(?:i?[bB])?\s*$")
_UNITS = {"": 1, "k": 1 << 10, "m": MiB, "g": 1 << 30}


def _number(value: str, item: str) -> int:
    match = _NUMBER.match(value)
    if not match:
        raise ValueError(f"--limit {item!r}: the value must be a number, optionally with K, M or G")
    unit = match.group(2).lower()
    return int(float(match.group(1)) * _UNITS[unit])


def too_much(value: int, limit: int) -> bool:
    """Whether `value` passes `limit` (0: no limit)."""
    return bool(limit) and value > limit


def megabytes(size: int) -> str:
    return f"{size / MiB:.0f} MB" if size >= MiB else f"{size / 1024:.0f} KB"


_current = Limits()


def configure(limits: Limits) -> None:
    global _current
    _current = limits


def current() -> Limits:
    return _current


def address_space() -> int | None:
    """This process's virtual memory size (VmSize) in bytes; None where /proc does not tell it."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return None


def cap_memory(limit: int) -> int | None:
    """Lets this process grow by at most `limit` bytes of address space from now on (RLIMIT_AS,
    soft limit only); past it allocations fail and Python raises MemoryError. The programs it
    starts inherit the ceiling. Returns the ceiling set, or None (no limit, or no way to set one)."""
    base = address_space()
    if not limit or base is None:
        return None
    try:
        import resource

        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        ceiling = base + limit if hard == resource.RLIM_INFINITY else min(base + limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (ceiling, hard))
    except (ImportError, ValueError, OSError):
        return None
    return ceiling
