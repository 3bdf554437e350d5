"""The jobs of the server and the dispatcher that feeds their documents to the runner processes.

A job is one upload (one file or several). Its documents wait in one bounded queue: a job that would
overflow it is refused (`Busy`, answered 503) rather than kept waiting without end. A dispatcher
thread hands each document to an idle runner, takes the report back, and replaces a runner that
dies (the document it held gets `crashed`); one job's failure never stops the others. A cancelled
job's waiting documents are dropped and its running ones stopped. A removed job's folder is deleted.
"""
from __future__ import annotations

import multiprocessing as mp
import os
import threading
import time
import uuid
from collections import deque
from dataclasses import dataclass, field
from multiprocessing.connection import wait
from pathlib import Path

from ..model.findings import DocumentReport, Failure
from .runners import CANCEL_SIGNAL, Task, read_pages, runner_main
from .settings import Settings
from .workspace import Workspace

GRACE = 60.0  # seconds past the document time limit before the server kills a runner itself
RESTARTS = 5  # runners that die before they are ready, in a row, before the board gives up


class Busy(Exception):
    """The queue has no room for this job."""


@dataclass
class Upload:
    index: int
    name: str  # as the user's computer called it (shown, never used as a path)
    path: Path  # where the server stored it
    state: str = "queued"  # queued, checking, done, cancelled
    report: DocumentReport | None = None
    check_id: int | None = None  # its row in the history, when the history is on and it was recorded

    @property
    def annotated(self) -> Path | None:
        from .runners import ANNOTATED

        path = self.path.parent / ANNOTATED
        return path if self.state == "done" and path.is_file() else None


@dataclass
class Job:
    id: str
    lang: str
    ruleset: str
    folder: Path
    uploads: list[Upload] = field(default_factory=list)
    created: float = field(default_factory=time.time)
    cancelled: bool = False

    @property
    def finished(self) -> bool:
        return all(u.state in ("done", "cancelled") for u in self.uploads)

    @property
    def state(self) -> str:
        if self.cancelled:
            return "cancelled"
        if self.finished:
            return "done"
        return "running" if any(u.state != "queued" for u in self.uploads) else "queued"

    def progress(self) -> dict:
        pages_done = pages_total = 0
        for upload in self.uploads:
            if upload.state == "checking" and (pages := read_pages(upload.path.parent)):
                pages_done, pages_total = pages_done + pages[0], pages_total + pages[1]
        return {"id": self.id, "state": self.state, "documents": len(self.uploads),
                "done": sum(u.state in ("done", "cancelled") for u in self.uploads),
                "pages_done": pages_done, "pages_total": pages_total,
                "files": [{"name": u.name, "state": u.state,
                           "error": u.report.error.code if u.report and u.report.error else None}
                          for u in self.uploads]}


@dataclass
class _Runner:
    process: mp.process.BaseProcess
    conn: object
    pid: int | None = None  # set when the runner says it is ready
    task: tuple[Job, Upload] | None = None
    started: float = 0.0


class Board:
    def __init__(self, settings: Settings, workspace: Workspace):
        self.settings, self.workspace = settings, workspace
        self.lock = threading.RLock()
        self.jobs: dict[str, Job] = {}
        self.pending: deque[tuple[Job, Upload]] = deque()
        self.context = mp.get_context("spawn")  # never a fork of a threaded server
        self.runners: list[_Runner] = []
        self.failed_starts = 0
        self.broken: str | None = None  # why no runner can start
        self._wake_out, self._wake_in = mp.Pipe(duplex=False)
        self._closing = False
        self._thread = threading.Thread(target=self._loop, name="psedcheck-dispatcher", daemon=True)

    # ---- the server's side

    def start(self) -> None:
        self.runners = [self._spawn() for _ in range(max(1, self.settings.max_checks))]
        self._thread.start()

    def new_job(self, lang: str, ruleset: str) -> Job:
        job_id = uuid.uuid4().hex
        return Job(job_id, lang, ruleset, self.workspace.job_folder(job_id))

    def submit(self, job: Job) -> None:
        """Queues the job's documents; raises Busy (and removes the job's folder) when there is no room."""
        with self.lock:
            if self.broken or len(self.pending) + len(job.uploads) > self.settings.queue:
                self.workspace.remove(job.folder)
                raise Busy(self.broken or "queue full")
            self.jobs[job.id] = job
            self.pending.extend((job, upload) for upload in job.uploads)
            self._forget_old()
        self._wake()

    def get(self, job_id: str) -> Job | None:
        with self.lock:
            return self.jobs.get(job_id)

    def cancel(self, job_id: str) -> None:
        with self.lock:
            job = self.jobs.get(job_id)
            if job is None or job.finished:
                return
            job.cancelled = True
            for upload in job.uploads:
                if upload.state == "queued":
                    self._finish(job, upload, _failure(upload, "cancelled", "cancelled"), state="cancelled")
            self.pending = deque(item for item in self.pending if item[0] is not job)
            for runner in self.runners:
                if runner.task and runner.task[0] is job and runner.pid and CANCEL_SIGNAL is not None:
                    try:
                        os.kill(runner.pid, CANCEL_SIGNAL)
                    except OSError:
                        pass

    def remove(self, job_id: str) -> None:
        self.cancel(job_id)
        with self.lock:
            job = self.jobs.pop(job_id, None)
        if job:
            self.workspace.remove(job.folder)

    def close(self) -> None:
        with self.lock:
            self._closing = True
            for runner in self.runners:
                if runner.task and runner.pid and CANCEL_SIGNAL is not None:
                    try:
                        os.kill(runner.pid, CANCEL_SIGNAL)  # stops its worker too
                    except OSError:
                        pass
        self._wake()
        if self._thread.is_alive():
            self._thread.join(10)
        for runner in self.runners:
            self._stop(runner)

    def status(self) -> dict:
        with self.lock:
            return {"runners": len(self.runners), "ready": sum(r.pid is not None for r in self.runners),
                    "busy": sum(r.task is not None for r in self.runners), "queued": len(self.pending),
                    "jobs": len(self.jobs), "runner_pids": [r.pid for r in self.runners if r.pid]}

    # ---- the dispatcher thread

    def _loop(self) -> None:
        while True:
            with self.lock:
                if self._closing:
                    return
                self._assign()
                waits = [self._wake_out] + [r.conn for r in self.runners] + [r.process.sentinel for r in self.runners]
            ready = set(wait(waits, timeout=1.0))
            with self.lock:
                if self._closing:
                    return
                while self._wake_out in ready and self._wake_out.poll():
                    self._wake_out.recv_bytes()
                for runner in list(self.runners):
                    if runner.conn in ready or runner.process.sentinel in ready:
                        self._hear(runner)
                    elif runner.task and time.monotonic() - runner.started > self.settings.timeout + GRACE:
                        self._lost(runner, "the checking process stopped answering and was stopped")

    def _hear(self, runner: _Runner) -> None:
        try:
            message = runner.conn.recv() if runner.conn.poll() else None
        except (EOFError, OSError):
            message = None
        if message is None:
            self._lost(runner, f"the checking process died (exit code {runner.process.exitcode})")
        elif message[0] == "ready":
            runner.pid, self.failed_starts = message[1], 0
        elif message[0] == "done":
            _, job_id, index, report, check_id = message
            job, upload = runner.task or (None, None)
            runner.task = None
            if job is not None and job.id == job_id and upload.index == index:
                report.path = upload.name  # the name the user knows, not the server's folder
                upload.check_id = check_id
                state = "cancelled" if report.error and report.error.code == "cancelled" else "done"
                self._finish(job, upload, report, state)

    def _assign(self) -> None:
        for runner in self.runners:
            if runner.pid is None or runner.task is not None:
                continue
            while self.pending:
                job, upload = self.pending.popleft()
                if upload.state != "queued":
                    continue
                try:
                    runner.conn.send(Task(job.id, upload.index, str(upload.path), job.lang, job.ruleset, upload.name))
                except OSError:
                    self.pending.appendleft((job, upload))
                    break
                upload.state, runner.task, runner.started = "checking", (job, upload), time.monotonic()
                break

    def _lost(self, runner: _Runner, why: str) -> None:
        if runner.task:
            job, upload = runner.task
            self._finish(job, upload, _failure(upload, "crashed", why))
        elif runner.pid is None:
            self.failed_starts += 1
        self._stop(runner, kill=True)
        if self._closing:
            return
        if self.failed_starts >= RESTARTS:
            self.broken = f"the checking processes cannot start ({why})"
            for job, upload in self.pending:
                self._finish(job, upload, _failure(upload, "crashed", self.broken))
            self.pending.clear()
            self.runners.remove(runner)
            return
        self.runners[self.runners.index(runner)] = self._spawn()

    def _finish(self, job: Job, upload: Upload, report: DocumentReport, state: str = "done") -> None:
        report.path = upload.name
        upload.report, upload.state = report, state

    def _forget_old(self) -> None:
        """Keeps at most `keep_jobs` jobs: the oldest finished ones go first, with their files."""
        finished = [job for job in self.jobs.values() if job.finished]
        for job in finished[: max(0, len(self.jobs) - self.settings.keep_jobs)]:
            del self.jobs[job.id]
            self.workspace.remove(job.folder)

    # ---- runner processes

    def _spawn(self) -> _Runner:
        server_end, runner_end = self.context.Pipe()
        process = self.context.Process(target=runner_main, name="psedcheck-runner", daemon=False,  # it forks workers
                                       args=(runner_end, self.settings.rules_dir, self.settings.timeout,
                                             self.settings.memory_mb, self.settings.history))
        process.start()
        runner_end.close()
        return _Runner(process, server_end)

    def _stop(self, runner: _Runner, kill: bool = False) -> None:
        if not kill:
            try:
                runner.conn.send(None)
            except OSError:
                pass
            runner.process.join(10)
        if runner.process.is_alive():
            runner.process.kill()
            runner.process.join(5)
        runner.conn.close()

    def _wake(self) -> None:
        try:
            self._wake_in.send_bytes(b".")
        except OSError:
            pass


def _failure(upload: Upload, code: str, why: str) -> DocumentReport:
    return DocumentReport(upload.name, format=upload.path.suffix.lower().lstrip(".") or None,
                          error=Failure(code, f"{upload.name}: {why}"))
