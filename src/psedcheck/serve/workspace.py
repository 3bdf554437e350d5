"""The server's own temporary folder: one folder per job, one per uploaded file, the outputs beside.

An uploaded file's name is never used as a path: it is reduced to a plain name (no folder part, no
control or reserved character, no leading dot, at most 80 characters before its extension) and put in
a folder the server made and named itself; the result is checked to lie inside that folder. The whole
workspace is removed at shutdown, a job's folder when the job is removed.
"""
from __future__ import annotations

import re
import shutil
import tempfile
import unicodedata
from pathlib import Path, PurePosixPath

_RESERVED = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
_SUFFIX = re.compile(r"^\.[A-Za-z0-9]{1,8}$")
STEM_CHARS = 80


def _plain(raw: str | None) -> str:
    """The last part of what the browser sent, without control characters."""
    name = re.split(r"[/\\]", raw or "")[-1]
    return "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip()


def _shorten(name: str, limit: int) -> str:
    """At most `limit` characters before an ordinary extension, which is kept."""
    path = PurePosixPath(name)
    suffix = path.suffix if _SUFFIX.match(path.suffix) else ""
    stem = name[: len(name) - len(suffix)] if suffix else name
    return stem[:limit] + suffix


def display_name(raw: str | None) -> str:
    """The name to show (escaped wherever it is shown)."""
    return _shorten(_plain(raw), 200) or "document"


def safe_name(raw: str | None) -> str:
    """A plain file name for storing an upload: its extension kept (in lower case) when it is an ordinary one."""
    name = _RESERVED.sub("_", _plain(raw)).strip(" .")
    path = PurePosixPath(name or "document")
    suffix = path.suffix if _SUFFIX.match(path.suffix) else ""
    stem = (path.name[: -len(suffix)] if suffix else path.name).strip(" .")[:STEM_CHARS].strip(" .")
    return (stem or "document") + suffix.lower()


class Workspace:
    def __init__(self, parent: str | Path | None = None):
        self.root = Path(tempfile.mkdtemp(prefix="psedcheck-serve-", dir=parent))  # mode 0700

    def job_folder(self, job_id: str) -> Path:
        folder = self.root / job_id
        folder.mkdir(mode=0o700)
        return folder

    def upload_path(self, job_folder: Path, index: int, raw_name: str | None) -> Path:
        folder = job_folder / str(index)
        folder.mkdir(mode=0o700)
        path = folder / safe_name(raw_name)
        if path.resolve().parent != folder.resolve():  # cannot happen with safe_name; a last guard
            raise ValueError("unsafe file name")
        return path

    def remove(self, folder: Path) -> None:
        if folder.resolve().parent == self.root.resolve():
            shutil.rmtree(folder, ignore_errors=True)

    def close(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)
