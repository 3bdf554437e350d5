"""Headless Chromium over the DevTools protocol (--remote-debugging-pipe), for the HTML report tests.

Opens a page, records every request the page sends (Network.requestWillBeSent, enabled before the
navigation), evaluates JavaScript in it and takes a full-page screenshot. No third-party package:
the protocol is JSON messages separated by NUL bytes on file descriptors 3 (in) and 4 (out).
"""
from __future__ import annotations

import base64
import fcntl
import json
import os
import select
import shlex
import subprocess
from pathlib import Path

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1200,900",
         "--host-resolver-rules=MAP * ~NOTFOUND",
         "--remote-debugging-pipe"]
TIMEOUT = 60


def _high(fd: int) -> int:
    """The same pipe end on a descriptor above 9."""
    high = fcntl.fcntl(fd, fcntl.F_DUPFD, 10)
    os.close(fd)
    return high


class Page:
    def __init__(self, chromium: str, profile: Path, allow: tuple[str, ...] = ()):
        """`allow`: hosts the page may still reach (a local test server); every other name resolves to nothing."""
        flags = [f"--host-resolver-rules=MAP * ~NOTFOUND{''.join(f', EXCLUDE {host}' for host in allow)}"
                 if flag.startswith("--host-resolver-rules=") else flag for flag in FLAGS]
        cmd_r, cmd_w = os.pipe()
        res_r, res_w = os.pipe()
        cmd_r, res_w = _high(cmd_r), _high(res_w)  # so «3<&x 4>&y» cannot overwrite one another (bash: fds > 9)
        args = " ".join(shlex.quote(a) for a in [chromium, *flags, f"--user-data-dir={profile}", "about:blank"])
        self._proc = subprocess.Popen(["bash", "-c", f"exec {args} 3<&{cmd_r} 4>&{res_w}"], pass_fds=(cmd_r, res_w),
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(cmd_r)
        os.close(res_w)
        self._out = os.fdopen(cmd_w, "wb", buffering=0)
        self._in = os.fdopen(res_r, "rb", buffering=0)
        self._buffer, self._id, self.events = b"", 0, []
        page = next(t for t in self._send("Target.getTargets")["targetInfos"] if t["type"] == "page")
        self._session = self._send("Target.attachToTarget", targetId=page["targetId"], flatten=True)["sessionId"]
        self.send("Network.enable")
        self.send("Page.enable")

    def _message(self) -> dict:
        while b"\0" not in self._buffer:
            if not select.select([self._in], [], [], TIMEOUT)[0]:
                raise RuntimeError(f"chromium sent nothing for {TIMEOUT} s")
            chunk = self._in.read(1 << 16)
            if not chunk:
                raise RuntimeError("chromium closed the DevTools pipe")
            self._buffer += chunk
        raw, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(raw)

    def _send(self, method: str, session: str | None = None, **params) -> dict:
        self._id += 1
        message = {"id": self._id, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        self._out.write(json.dumps(message).encode() + b"\0")
        while True:
            reply = self._message()
            if reply.get("id") == self._id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply["result"]
            self.events.append(reply)

    def send(self, method: str, **params) -> dict:
        return self._send(method, self._session, **params)

    def open(self, url: str) -> None:
        self.send("Page.navigate", url=url)
        while not any(e.get("method") == "Page.loadEventFired" for e in self.events):
            self.events.append(self._message())

    @property
    def requests(self) -> list[str]:
        return [e["params"]["request"]["url"] for e in self.events if e.get("method") == "Network.requestWillBeSent"]

    def evaluate(self, expression: str):
        result = self.send("Runtime.evaluate", expression=expression, returnByValue=True)
        if "exceptionDetails" in result:
            raise RuntimeError(result["exceptionDetails"])
        return result["result"].get("value")

    def screenshot(self, path: Path) -> Path:
        shot = self.send("Page.captureScreenshot", format="png", captureBeyondViewport=True)
        path.write_bytes(base64.b64decode(shot["data"]))
        return path

    def close(self) -> None:
        try:
            self._send("Browser.close")
        except (RuntimeError, OSError):
            pass
        try:
            self._proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self._proc.kill()
            self._proc.wait()
        self._out.close()
        self._in.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
