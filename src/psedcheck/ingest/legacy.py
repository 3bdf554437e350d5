""".doc and .rtf: LibreOffice headless converts a copy to DOCX in a temporary folder, the DOCX
front-end reads it.

The input is copied first, so LibreOffice never opens it (nor leaves a lock file beside it). Each
conversion has its own LibreOffice profile, so parallel runs and an open desktop LibreOffice do not
collide. The folder goes away whatever happens; a folder left by a process that was killed (a batch
timeout) is removed by the next conversion. A conversion that runs too long is killed with the
LibreOffice process it started.
"""
from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import tempfile
from dataclasses import replace
from pathlib import Path

from ..model.document import Document
from ..model.errors import ConversionFailed, Corrupt, TimedOut

TIMEOUT = 120  # seconds; a 60-page .doc converts in under 2 s (stack-measurements.md §6)
INSTALL = "install LibreOffice Writer (on Debian: apt install libreoffice-writer-nogui)"
# What a file called .doc or .rtf may really be: Word 97-2003 (OLE), RTF, a renamed DOCX, or the
# HTML or XML that Word and other programs save under .doc. LibreOffice would read anything else
# as plain text, so anything else is refused.
_MAGIC = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"{\\rtf", b"PK\x03\x04", b"<")
_PREFIX = "psedcheck-lo-"


def read_legacy(path: Path, timeout: float = TIMEOUT) -> Document:
    from .docx import read_docx

    _check_kind(path)
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise ConversionFailed(
            f"{path.name}: reading {path.suffix.lower()} needs LibreOffice, which is not installed: "
            f"{INSTALL}, or save the file as .docx")
    _sweep_stale()
    with tempfile.TemporaryDirectory(prefix=f"{_PREFIX}{os.getpid()}-") as tmp:
        folder = Path(tmp)
        source = folder / "in" / f"input{path.suffix.lower()}"
        source.parent.mkdir()
        shutil.copyfile(path, source)
        out = folder / "out"
        command = [soffice, f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless", "--norestore",
                   "--nolockcheck", "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(out), str(source)]
        (folder / "tmp").mkdir()  # LibreOffice's own temporary files ("lu*.tmp") go here too
        stderr = _run(command, timeout, path.name, dict(os.environ, TMPDIR=str(folder / "tmp")))
        converted = out / "input.docx"
        if not converted.is_file() or converted.stat().st_size == 0:
            reason = [ln for ln in stderr.splitlines() if ln.strip() and "javaldx" not in ln]
            raise ConversionFailed(f"{path.name}: LibreOffice could not convert it to DOCX"
                                   f"{f' ({reason[-1].strip()})' if reason else ' (damaged or password-protected?)'}")
        document = read_docx(converted)
    return replace(document, path=str(path), format=path.suffix.lower().lstrip("."))  # the input's, not the copy's


def _check_kind(path: Path) -> None:
    with path.open("rb") as fh:
        head = fh.read(512).lstrip(b"\xef\xbb\xbf \t\r\n")
    if not head.startswith(_MAGIC):
        raise Corrupt(f"{path.name}: not a Word or RTF document (its content does not match {path.suffix.lower()})")


def _run(command: list[str], timeout: float, name: str, env: dict) -> str:
    """Runs LibreOffice; on a timeout kills it and the soffice.bin its launcher forked."""
    process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               env=env)
    try:
        _, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_tree(process.pid)
        process.communicate()
        raise TimedOut(f"{name}: LibreOffice took longer than {timeout:.0f} s to convert it") from None
    return stderr.decode("utf-8", "replace")


def _kill_tree(pid: int) -> None:
    """Stops the process and, one generation after the other, its children (so none can start
    another meanwhile), then kills them all. Children are found in /proc (Linux), none elsewhere."""
    stopped, todo = [], [pid]
    while todo:
        current = todo.pop()
        try:
            os.kill(current, signal.SIGSTOP)
        except OSError:
            continue
        stopped.append(current)
        todo.extend(child for child in _children(current) if child not in stopped)
    for current in stopped:
        try:
            os.kill(current, signal.SIGKILL)
        except OSError:
            pass


def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(stat.parent.name))
        except (OSError, IndexError, ValueError):
            continue
    return found


def _sweep_stale() -> None:
    """Removes conversion folders whose process no longer runs (killed before it could clean up)."""
    for folder in Path(tempfile.gettempdir()).glob(f"{_PREFIX}*"):
        match = re.match(rf"{_PREFIX}(\d+)-", folder.name)
        if match and not _alive(int(match.group(1))):
            shutil.rmtree(folder, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
