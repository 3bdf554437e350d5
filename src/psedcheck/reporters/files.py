"""Where reports go: every output path is checked before any work, and written atomically; and
file names are shown safely on a terminal.

No output may replace an input or another output: paths are compared by what they are (the same
inode through a symlink, a hard link or `./`), not by how they are spelled. An output whose folder
is missing or cannot be written is found before the check runs, not after. A report is written to
a temporary file beside its target and renamed over it, so a failed write (a full disk, a killed
run) never leaves half a report, and an existing file is only ever replaced by a whole one.
"""
from __future__ import annotations

import os
import re
import stat
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from ..model.findings import DocumentReport, Failure, Report


class OutputProblem(ValueError):
    """An output that clashes with an input or another output, or cannot be written: one line.
    `option` names the output (-o, --summary, --annotate), `clash` what it is: "input", "output",
    "folder" (the dashboard's) or "unwritable"."""

    def __init__(self, message: str, option: str | None = None, clash: str = "unwritable"):
        super().__init__(message)
        self.option, self.clash = option, clash


def dashboard_folder(output: str | Path) -> Path:
    """The folder beside a dashboard that holds its per-document pages (see dashboard.py)."""
    output = Path(output)
    return output.parent / f"{output.stem}-reports"


def check_outputs(outputs: dict[str, str | Path | None], inputs: Iterable[Path],
                  dashboard: str | Path | None = None) -> None:
    """Raises OutputProblem unless every output (option -> path, e.g. {"-o": "r.json"}) can be
    written and is neither an input, another output, nor inside `dashboard`'s page folder.
    `inputs` are the files to check, those found in folders too."""
    given = {option: Path(path) for option, path in outputs.items() if path}
    known = [(path, _identity(path)) for path in inputs]
    for option, path in given.items():
        _check_writable(option, path, creates_folder=dashboard is not None and path == Path(dashboard))
        same = _identity(path)
        for source, identity in known:
            if _same(same, identity):
                raise OutputProblem(f"{option} {printable(str(path))}: is the input {printable(str(source))}; "
                                    "psedcheck never writes over an input", option, "input")
    names = list(given.items())
    for i, (option, path) in enumerate(names):
        for other_option, other in names[i + 1:]:
            if _same(_identity(path), _identity(other)):
                raise OutputProblem(f"{option} and {other_option} name the same file ({path}); give each its own",
                                    other_option, "output")
    if dashboard is not None:
        pages = Path(os.path.realpath(dashboard_folder(dashboard)))
        for source, _ in known:
            if _inside(os.path.realpath(source), pages):
                raise OutputProblem(f"-o {dashboard}: its report folder {dashboard_folder(dashboard)} holds the input "
                                    f"{source}; write the dashboard elsewhere", "-o", "folder")
        for option, path in given.items():
            if path != Path(dashboard) and _inside(os.path.realpath(path), pages):
                raise OutputProblem(f"{option} {path}: is inside the dashboard's report folder "
                                    f"{dashboard_folder(dashboard)}", option, "folder")


def _identity(path: Path) -> tuple:
    """What a path is: ("file", real path, device, inode) when it exists (a symlink or hard link to
    it has the same inode), else ("new", real path)."""
    real = os.path.realpath(path)
    try:
        status = os.stat(path)
    except OSError:
        return ("new", real)
    return ("file", real, status.st_dev, status.st_ino)


def _same(a: tuple, b: tuple) -> bool:
    return a[1] == b[1] or (a[0] == b[0] == "file" and a[2:] == b[2:])


def _inside(real: str, folder: Path) -> bool:
    folder_real = os.path.realpath(folder)
    return real.startswith(folder_real.rstrip(os.sep) + os.sep)


def _check_writable(option: str, path: Path, creates_folder: bool = False) -> None:
    """The folder exists and takes a new file (tried, not guessed: permissions, a read-only disk),
    and the path is not a folder. A dashboard makes its folder (`-o audit/index.html`): for it the
    nearest folder that exists must take one."""
    if path.is_dir():
        raise OutputProblem(f"{option} {path}: is a folder; give a file name", option)
    if path.exists() and not stat.S_ISREG(path.stat().st_mode):
        return  # /dev/null, /dev/stdout, a pipe: written in place
    folder = Path(os.path.realpath(path)).parent
    while creates_folder and not folder.exists() and folder.parent != folder:
        folder = folder.parent
    if not folder.is_dir():
        raise OutputProblem(f"{option} {path}: the folder {path.parent} does not exist", option)
    try:
        fd, probe = tempfile.mkstemp(prefix=".psedcheck-", suffix=".tmp", dir=folder)
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        raise OutputProblem(f"{option} {path}: cannot write in {folder} ({exc.strerror or exc})", option) from None


@contextmanager
def atomic_path(target: str | Path) -> Iterator[Path]:
    """A temporary path beside `target`, with its suffix, to write the whole output to; renamed over
    `target` when the block ends without an exception, removed otherwise. A target that exists and
    is not a regular file (/dev/null, a pipe) is written in place. OSError becomes OutputProblem."""
    target = Path(target)
    if target.exists() and not stat.S_ISREG(target.stat().st_mode):
        try:
            yield target
        except OSError as exc:
            raise OutputProblem(f"{target}: could not be written ({exc.strerror or exc})") from None
        return
    folder = Path(os.path.realpath(target)).parent
    try:
        fd, temp = tempfile.mkstemp(prefix=f".{target.stem[:40]}-", suffix=target.suffix, dir=folder)
        os.close(fd)
    except OSError as exc:
        raise OutputProblem(f"{target}: could not be written ({exc.strerror or exc})") from None
    try:
        yield Path(temp)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temp, 0o666 & ~umask)  # mkstemp makes it private; a report is an ordinary file
        os.replace(temp, os.path.realpath(target))  # through a symlink: the file it names is replaced
    except OSError as exc:
        raise OutputProblem(f"{target}: could not be written ({exc.strerror or exc})") from None
    finally:
        if os.path.exists(temp):
            os.unlink(temp)


def write_text(target: str | Path, text: str) -> None:
    """Writes `text` (UTF-8) to `target` atomically."""
    with atomic_path(target) as temp:
        with open(temp, "w", encoding="utf-8") as fh:
            fh.write(text)


# Control characters and the invisible ones that reorder or hide text (bidi overrides, zero width).
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def printable(text: str) -> str:
    """`text` with control characters escaped (\\n, \\r, \\t, \\x1b, \\u202e), so a file name cannot
    split a line, move the cursor or reorder what a terminal shows."""
    return _UNPRINTABLE.sub(lambda m: _NAMED.get(m.group(), f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100
                                                 else f"\\u{ord(m.group()):04x}"), text)


def printable_report(report: Report) -> Report:
    """A copy of `report` to show on a terminal: paths and error messages escaped (the JSON and
    other files keep them as they are)."""
    def clean(doc: DocumentReport) -> DocumentReport:
        error = Failure(doc.error.code, printable(doc.error.message)) if doc.error else None
        return replace(doc, path=printable(doc.path), error=error)

    return replace(report, documents=[clean(doc) for doc in report.documents])
