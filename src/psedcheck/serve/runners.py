"""The runner processes: each checks one document at a time and sends the report to the server.

A runner is spawned (a fresh interpreter, so it never inherits the server's threads), loads spaCy and
compiles the rule set once, then hands every document to the batch machinery (`check_many` with one
job, a time limit and a memory ceiling): the document is read and judged in a worker forked for it,
killed and turned into a `timeout` row when it runs over, `out-of-memory` past the ceiling, `crashed`
when it dies. In that worker `ServeChecker` also counts OCR pages for the job page and writes the
annotated draft.

Cancelling: the server sends SIGUSR1 to a runner busy with a cancelled job's document; the handler
raises in the runner, and leaving `check_many` kills the worker (its pool closes on the way out).
"""
from __future__ import annotations

import copy
import os
import re
import signal
import sys
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..model.findings import DocumentReport, Failure

ANNOTATED = "annotated.docx"  # beside the upload, in the folder the server made for it
PROGRESS = "ocr-pages"  # "<done> <total>" pages read by OCR so far
PAGE_COUNTER = "ocr-page {page}/{pages}"  # what the OCR prints per page; read back by _PageCounter
MiB = 1 << 20
CANCEL_SIGNAL = getattr(signal, "SIGUSR1", None)


@dataclass(frozen=True)
class Task:
    job: str
    index: int
    path: str
    lang: str
    ruleset: str
    name: str = ""  # the file's name on the user's computer: what the history records (never a path)


class Cancelled(Exception):
    pass


_busy = False  # a document is being checked: a cancel signal now stops it


def _on_cancel(_signum, _frame):
    if _busy:
        raise Cancelled()


def runner_main(conn, rules_dir: str | None, timeout: float, memory_mb: int, history: str | None = None) -> None:
    """The body of a runner process: ("ready", pid) once warm, then ("done", job, index, report, check id)
    per task; the check id is the report's row in the history (None when it is off or not recorded)."""
    global _busy
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the server's; it stops the runners
    if CANCEL_SIGNAL is not None:
        signal.signal(CANCEL_SIGNAL, _on_cancel)
    checkers = Checkers(rules_dir, memory_mb)
    from ..rulebook.loader import DEFAULT_RULESET

    checkers.get(DEFAULT_RULESET, "ru")  # spaCy loads and the matchers compile before the first upload
    conn.send(("ready", os.getpid()))
    while True:
        try:
            task = conn.recv()
        except Cancelled:  # a late signal for a document already sent
            continue
        except (EOFError, OSError):
            return
        if task is None:
            return
        try:
            _busy = True
            report = check_one(task, checkers, timeout)
            _busy = False
        except Cancelled:
            _busy = False
            report = DocumentReport(task.path, format=Path(task.path).suffix.lower().lstrip(".") or None,
                                    error=Failure("cancelled", f"{Path(task.path).name}: cancelled"))
        conn.send(("done", task.job, task.index, report, record(report, task, checkers, history)))


def check_one(task: Task, checkers: "Checkers", timeout: float) -> DocumentReport:
    from ..batch.pool import check_many
    from ..rulebook import RulebookError

    try:
        checker = checkers.get(task.ruleset, task.lang)
    except RulebookError as exc:
        return DocumentReport(task.path, error=Failure("invalid-rules", str(exc)))
    reports = check_many([task.path], checker, jobs=1, timeout=timeout or None,
                         memory=checkers.memory_mb * MiB or None)
    try:
        return next(reports)
    finally:
        reports.close()


def record(report: DocumentReport, task: Task, checkers: "Checkers", history: str | None) -> int | None:
    """Records a checked document in the history as `psedcheck check` does, under the user's file name;
    a history that cannot be written costs a line on the server's stderr, never the report."""
    if history is None or report.error or not report.findings:
        return None
    from .. import __version__
    from ..history.store import History, HistoryError, Provenance

    rulebook = checkers.get(task.ruleset, task.lang).rulebook
    report.path = task.name or Path(task.path).name
    try:
        ids = History(history).record([report], Provenance(rulebook.id, rulebook.meta.version, __version__, task.lang))
    except HistoryError as exc:
        print(f"psedcheck serve: {exc.code}: {exc.message} (the check was not recorded)", file=sys.stderr, flush=True)
        return None
    return ids[0] if ids else None


class Checkers:
    """One ServeChecker per rule set, and a copy of it per language of the annotated draft's comments
    (the matchers are shared; the findings themselves are in no language)."""

    def __init__(self, rules_dir: str | None, memory_mb: int):
        self.rules_dir, self.memory_mb = rules_dir, memory_mb
        self.made: dict[tuple[str, str], object] = {}

    def get(self, ruleset: str, lang: str) -> "Checker":
        if (ruleset, lang) not in self.made:
            base = next((c for (r, _), c in self.made.items() if r == ruleset), None)
            if base is None:
                from ..ingest.ocr.runner import Ocr
                from ..rulebook import load_rulebook

                base = serve_checker()(load_rulebook(self.rules_dir, ruleset), Ocr(1, progress=True, counter=PAGE_COUNTER))
            made = copy.copy(base)
            made.lang = lang
            self.made[(ruleset, lang)] = made
        return self.made[(ruleset, lang)]


@lru_cache(maxsize=1)
def serve_checker():
    """The ServeChecker class, made on first use, so importing this module loads no spaCy."""
    from ..api import Checker

    class ServeChecker(Checker):
        """Checker.check in a document's worker (under its memory ceiling), with the OCR page count
        and the annotated copy of a DOCX draft written beside the upload, its comments in `lang`."""

        lang = "en"

        def check(self, path, prefetched=None, ahead=None) -> DocumentReport:
            path = Path(path)
            with ocr_pages_to(path.parent / PROGRESS):
                report = super().check(path, prefetched, ahead)
            if report.error is None and report.format == "docx":
                from ..reporters.comments import annotate_docx

                try:
                    annotate_docx(path, path.parent / ANNOTATED, report, self.rulebook, self.lang)
                except Exception:  # noqa: BLE001 - the report stands without its annotated copy
                    (path.parent / ANNOTATED).unlink(missing_ok=True)
            return report

    return ServeChecker


class _PageCounter:
    """Stands in for stderr while a document is read: keeps the OCR's «page K/N» as a file."""

    _PAGE = re.compile(r"ocr-page (\d+)/(\d+)")

    def __init__(self, target: Path):
        self.target = target

    def write(self, text: str) -> int:
        found = self._PAGE.findall(text)
        if found:
            done, total = found[-1]
            temp = self.target.with_suffix(".tmp")
            temp.write_text(f"{done} {total}", encoding="ascii")
            os.replace(temp, self.target)
        return len(text)

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False


@contextmanager
def ocr_pages_to(target: Path):
    saved = sys.stderr
    sys.stderr = _PageCounter(target)
    try:
        yield
    finally:
        sys.stderr = saved


def read_pages(folder: Path) -> tuple[int, int] | None:
    """The OCR page count a worker left in an upload's folder, if any."""
    try:
        done, total = (folder / PROGRESS).read_text(encoding="ascii").split()
        return int(done), int(total)
    except (OSError, ValueError):
        return None
