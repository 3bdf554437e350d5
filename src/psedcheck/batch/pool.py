"""Checks many documents in worker processes, each under a time limit, and yields the reports in input order.

One worker process per job slot, each with its own Checker, is fed one document at a time through its
own pipe, so the parent knows what every worker is doing and since when. A worker past the deadline
is killed and replaced, and its document gets the error `timeout`; a worker that dies gets `crashed`.
Workers are forked from the parent, which has already built the Checker, so starting or replacing one
costs milliseconds; where fork does not exist they are spawned and rebuild the Checker from its rule
set folder. A worker is also replaced after MAX_TASKS documents, so no memory piles up over a batch.

Given a memory ceiling (`memory`, from --limit memory), each worker may grow by that much (RLIMIT_AS
over what it had when it started): a document that needs more gets `out-of-memory` and its worker is
replaced, so a hostile file costs its own row, never the batch or the machine. With a ceiling the
documents are always checked in workers, even one at a time: only a process of its own can have one.
"""
from __future__ import annotations

import multiprocessing as mp
import os
import signal
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import chain
from multiprocessing.connection import wait
from pathlib import Path
from typing import TYPE_CHECKING

from .cache import ReportCache
from .jobs import default_jobs
from .. import collector
from ..ingest.limits import cap_memory
from ..model.errors import OutOfMemory, TimedOut
from ..model.findings import DocumentReport, Failure
from ..reading import out_of_memory

if TYPE_CHECKING:  # spaCy loads with the api, only once a document needs checking (see cli._check)
    from ..api import Checker

MAX_TASKS = 200


def check_safely(checker: Checker, path: Path, prefetched=None, ahead=None) -> DocumentReport:
    """Checker.check, with an unexpected exception turned into an `internal` error row."""
    try:
        return checker.check(path, prefetched, ahead)
    except MemoryError:  # past the worker's ceiling while checking (reading has its own answer)
        error = out_of_memory(path)
        return _failure(path, error.code, error.message.split(": ", 1)[1])
    except Exception as exc:  # a bug must cost one document, not the batch
        return _failure(path, "internal", f"internal error: {type(exc).__name__}: {exc}")


def _failure(path: Path, code: str, why: str) -> DocumentReport:
    return DocumentReport(str(path), format=path.suffix.lower().lstrip(".") or None,
                          error=Failure(code, f"{path.name}: {why}"))


def _rebuild(ocr, folder: str) -> Checker:
    from ..api import Checker
    from ..rulebook import load_rulebook

    return Checker(load_rulebook(folder), ocr)


def _warm(checker: Checker) -> None:
    """Builds in the parent, once, the language pipelines and matchers every forked worker would otherwise
    build on its first document, so a replaced worker starts warm and the time limit measures the
    document alone. Only the likely languages: the rare English pipeline (0.1 s) is built by a worker
    that meets an English document, while the others go on, not by the parent while they all wait."""
    from .readahead import LIKELY_LANGUAGES

    for lang in LIKELY_LANGUAGES:
        checker.matcher.concepts("", lang)


def _serve(conn, checker: Checker | None, spec: tuple | None, memory: int | None = None) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    if hasattr(os, "setpgid"):
        os.setpgid(0, 0)  # its own group, so a kill also ends converters it started (LibreOffice, OCR)
    checker = checker or _rebuild(*spec)
    if memory:
        cap_memory(memory)
    while True:
        try:
            task = conn.recv()
        except EOFError:
            return
        if task is None:
            return
        conn.send(check_safely(checker, Path(task)))


@dataclass
class _Worker:
    process: mp.process.BaseProcess
    conn: object
    task: tuple[int, Path] | None = None
    started: float = 0.0
    done: int = 0

    def stop(self, kill: bool = False) -> None:
        if kill:
            self.kill()
        else:
            try:
                self.conn.send(None)
            except OSError:
                self.kill()
        self.process.join(5)
        if self.process.is_alive():
            self.kill()
            self.process.join()
        self.conn.close()

    def kill(self) -> None:
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except (AttributeError, OSError):  # no process groups here, or the group is not made yet
            self.process.kill()


class _Pool:
    def __init__(self, checker: Checker, size: int, memory: int | None = None):
        self.checker, self.memory = checker, memory
        methods = mp.get_all_start_methods()
        self.context = mp.get_context("fork" if "fork" in methods else "spawn")
        self.inherit = self.context.get_start_method() == "fork"
        if self.inherit:
            _warm(checker)
            collector.loaded()  # what every worker inherits: its collections skip it, its pages stay shared
        self.workers = [self._start() for _ in range(size)]

    def _start(self) -> _Worker:
        parent, child = self.context.Pipe()
        spec = None if self.inherit else (self.checker.ocr, str(self.checker.rulebook.folder))
        process = self.context.Process(target=_serve, daemon=True,
                                       args=(child, self.checker if self.inherit else None, spec, self.memory))
        process.start()
        child.close()
        return _Worker(process, parent)

    def assign(self, worker: _Worker, task: tuple[int, Path]) -> None:
        """Sends one document to an idle worker; one that died while idle is replaced first."""
        try:
            worker.conn.send(str(task[1]))
        except OSError:
            worker = self.replace(worker, kill=True)
            worker.conn.send(str(task[1]))
        worker.task, worker.started = task, time.monotonic()

    def replace(self, worker: _Worker, kill: bool) -> _Worker:
        worker.stop(kill)
        fresh = self._start()
        self.workers[self.workers.index(worker)] = fresh
        return fresh

    def close(self) -> None:
        for worker in self.workers:
            worker.stop(kill=worker.task is not None)


def check_many(items: Iterable[DocumentReport | str | Path], checker: Checker, jobs: int | None = None,
               timeout: float | None = None, cache: ReportCache | None = None,
               progress: Callable[[DocumentReport], None] | None = None,
               memory: int | None = None) -> Iterator[DocumentReport]:
    """Reports for the paths in input order; a DocumentReport among the items (an error row) passes through.

    jobs: worker processes (default: the usable cores); with one job and no timeout the documents are
    checked in this process. timeout: seconds per document (None or 0: no limit). memory: bytes of
    address space each worker may add per document (None or 0: no ceiling; given, even one job runs
    in a worker). progress is called once per document as it finishes, in completion order.
    """
    results: dict[int, DocumentReport] = {}
    todo: list[tuple[int, Path]] = []

    def finish(index: int, report: DocumentReport, store: bool = True) -> None:
        results[index] = report
        if cache and store:
            cache.put(report)
        if progress:
            progress(report)

    for index, item in enumerate(items):
        found = item if isinstance(item, DocumentReport) else cache.get(item) if cache else None
        if found is None:
            todo.append((index, Path(item)))
        else:
            finish(index, found, store=False)
    jobs = max(1, min(jobs or default_jobs(), len(todo)))
    # all cached, or nothing to bound (no time limit, no memory ceiling): no worker to start
    inline = not todo or (jobs == 1 and not timeout and not memory)
    steps = _run_inline(todo, checker, finish) if inline else _run_pool(todo, checker, jobs, timeout, finish, memory)
    next_index = 0
    try:
        for _ in chain([None], steps):
            while next_index in results:
                yield results.pop(next_index)
                next_index += 1
    finally:
        steps.close()


def _run_inline(todo, checker: Checker, finish) -> Iterator[None]:
    for index, path in todo:
        finish(index, check_safely(checker, path))
        yield


def _run_pool(todo: list[tuple[int, Path]], checker: Checker, jobs: int, timeout: float | None,
              finish: Callable[[int, DocumentReport], None], memory: int | None = None) -> Iterator[None]:
    """Runs the documents on `jobs` workers; calls finish(index, report) for each, and yields after each."""
    queue = list(reversed(todo))
    pool = _Pool(checker, jobs, memory)
    try:
        while queue or any(w.task for w in pool.workers):
            for worker in list(pool.workers):
                if worker.task is None and queue:
                    pool.assign(worker, queue.pop())
            busy = [w for w in pool.workers if w.task]
            limit = max(0.0, min(w.started for w in busy) + timeout - time.monotonic()) if timeout else None
            ready = set(wait([w.conn for w in busy] + [w.process.sentinel for w in busy], limit))
            now = time.monotonic()
            for worker in busy:
                index, path = worker.task
                if worker.conn in ready or worker.process.sentinel in ready:
                    worker.task = None
                    report = _receive(worker)
                    if report is None:
                        worker.process.join(1)
                        why = _death(worker.process.exitcode, memory)
                        finish(index, _failure(path, "crashed", why))
                        pool.replace(worker, kill=True)
                    else:
                        worker.done += 1
                        finish(index, report)
                        # a worker that ran out of memory is not trusted with the next document
                        if worker.done >= MAX_TASKS or (report.error and report.error.code == OutOfMemory.code):
                            pool.replace(worker, kill=False)
                elif timeout and now - worker.started >= timeout:
                    worker.task = None
                    finish(index, _failure(path, TimedOut.code, f"not checked within {timeout:g} s; stopped"))
                    pool.replace(worker, kill=True)
                else:
                    continue
                yield
    finally:
        pool.close()



def _death(exitcode: int | None, memory: int | None) -> str:
    """Why a worker died, in words: a signal that a failed allocation raises names the memory ceiling."""
    why = f"the checking process died (exit code {exitcode})"
    if exitcode is not None and exitcode < 0 and -exitcode in (signal.SIGABRT, signal.SIGSEGV, signal.SIGBUS) and memory:
        why += f"; perhaps memory ran out (each document may take {memory >> 20} MB, --limit memory)"
    return why


def _receive(worker: _Worker) -> DocumentReport | None:
    """The worker's report, or None when it died without sending one (poll is true at end of file too)."""
    try:
        return worker.conn.recv() if worker.conn.poll() else None
    except (EOFError, OSError):
        return None
