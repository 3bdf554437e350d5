"""What `psedcheck serve` is told on its command line, with the defaults the issue asks for."""
from __future__ import annotations

import ipaddress
from dataclasses import dataclass

MiB = 1 << 20
DEFAULT_PORT = 8750


@dataclass(frozen=True)
class Settings:
    host: str = "127.0.0.1"
    port: int = DEFAULT_PORT
    token: str | None = None  # required on every request when set (listening beyond this machine)
    max_upload_mb: float = 50  # per file
    max_job_mb: float = 200  # all the files of one job together
    max_files: int = 20  # files in one job
    max_checks: int = 2  # documents checked at the same time (runner processes)
    queue: int = 32  # documents waiting for a runner; more answers 503
    timeout: float = 300  # seconds per document
    memory_mb: int = 1024  # address space a document's worker may add (RLIMIT_AS), as --limit memory
    keep_jobs: int = 50  # finished jobs kept; the oldest are removed past this
    default_lang: str = "ru"
    rules_dir: str | None = None
    history: str | None = None  # the history database each check is recorded in; None: the history is off

    @property
    def max_upload(self) -> int:
        return int(self.max_upload_mb * MiB)

    @property
    def max_job(self) -> int:
        return int(self.max_job_mb * MiB)

    @property
    def loopback(self) -> bool:
        return is_loopback(self.host)


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False
