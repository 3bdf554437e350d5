"""A real `psedcheck serve` in a subprocess for the serve tests: on a free port (--port 0, the port
read from the line it prints), with its own TMPDIR so its workspace can be looked at, and the pids
and memory of the server, its runners and their workers read from /proc."""
from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx

STARTUP = 120  # seconds: the runners load spaCy and compile the rules before they are ready


class Server:
    def __init__(self, tmp: Path, *args: str, lang: str = "ru", token: str | None = None, history: Path | None = None):
        """`history`: the history database of this server (PSEDCHECK_HISTORY); none by default."""
        self.tmp, self.headers = tmp, {"Authorization": f"Bearer {token}"} if token else {}
        self.tmp.mkdir(parents=True, exist_ok=True)
        env = {**os.environ, "TMPDIR": str(tmp), "PSEDCHECK_LANG": lang,
               "PSEDCHECK_HISTORY": str(history) if history else "off"}
        self.process = subprocess.Popen([sys.executable, "-m", "psedcheck", "serve", "--port", "0", "--no-browser", *args],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env)
        self.lines: list[str] = []
        self._found = threading.Event()
        threading.Thread(target=self._drain, daemon=True).start()
        if not self._found.wait(STARTUP):
            self.stop()
            raise RuntimeError(f"psedcheck serve printed no address: {self.lines}")
        port = re.search(r"http://[^\s/]+:(\d+)", "".join(self.lines)).group(1)
        self.base = f"http://127.0.0.1:{port}"  # also when it listens on every address
        self.wait_ready()

    def _drain(self) -> None:
        for line in self.process.stderr:
            self.lines.append(line)
            if "http://" in line:
                self._found.set()

    def url(self, path: str) -> str:
        return self.base + path

    def status(self) -> dict:
        return httpx.get(self.url("/api/status"), headers=self.headers, timeout=10).json()

    def wait_ready(self) -> None:
        deadline = time.monotonic() + STARTUP
        while time.monotonic() < deadline:
            status = self.status()
            if status["ready"] == status["runners"] > 0:
                return
            time.sleep(0.2)
        raise RuntimeError("the runners did not become ready")

    @property
    def workspace(self) -> Path:
        found = list(self.tmp.glob("psedcheck-serve-*"))
        assert len(found) == 1, found
        return found[0]

    def pids(self) -> list[int]:
        """The server and every process under it (runners, their workers, converters)."""
        children: dict[int, list[int]] = {}
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
        found, todo = [], [self.process.pid]
        while todo:
            pid = todo.pop()
            found.append(pid)
            todo += children.get(pid, [])
        return found

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(60)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        return self.process.returncode


def rss(pid: int) -> int:
    """Resident memory of a process in bytes (0 when it is gone)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"
