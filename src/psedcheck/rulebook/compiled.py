"""An on-disk cache of what every run would otherwise rebuild from the rule files: the validated rule
book and the matchers' term patterns (engine/patterns.py).

An entry is found by a key over everything it is made from: the bytes of its inputs, psedcheck's
version, the digest of the code that builds it (a changed normaliser under the same version makes
other keys) and the versions of the libraries involved. A file holds a magic line, the sha256 of its
payload and the pickled (key, value); one whose magic, digest or key does not match is corrupt or
stale and is rebuilt, never trusted. Writes are atomic (a temporary file beside it, then
os.replace); a store that cannot be written is skipped. Storing an entry removes all but the KEEP
newest of the same name (two checkouts or versions in turn do not evict each other), so the folder stays small.

The folder is PSEDCHECK_COMPILED_CACHE when set ("off" turns the cache off), else psedcheck/compiled
in the user's cache folder (platformdirs).
"""
from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from functools import lru_cache
from pathlib import Path

ENV = "PSEDCHECK_COMPILED_CACHE"
MAGIC = b"psedcheck-compiled 1\n"
PACKAGE = Path(__file__).resolve().parent.parent
KEEP = 4


def folder() -> Path | None:
    chosen = os.environ.get(ENV, "").strip()
    if chosen.lower() == "off":
        return None
    if chosen:
        return Path(chosen)
    import platformdirs

    return platformdirs.user_cache_path("psedcheck", appauthor=False) / "compiled"


@lru_cache(maxsize=None)
def code_digest(*parts: str) -> str:
    """sha256 over the .py files of these rooms or modules of the package ("rulebook", "engine/nlp.py")."""
    digest = hashlib.sha256()
    files = [PACKAGE / part if part.endswith(".py") else None for part in parts]
    files = [f for f in files if f] + [p for part in parts if not part.endswith(".py") for p in (PACKAGE / part).rglob("*.py")]
    for path in sorted(files):
        digest.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


@lru_cache(maxsize=None)
def library_versions(*distributions: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    found = []
    for name in distributions:
        try:
            found.append(f"{name}={version(name)}")
        except PackageNotFoundError:
            found.append(f"{name}=absent")
    return f"python={sys.version_info[:3]};" + ";".join(found)


def make_key(*parts: str | bytes) -> str:
    from .. import __version__

    digest = hashlib.sha256(f"psedcheck={__version__}\0".encode())
    for part in parts:
        digest.update((part.encode() if isinstance(part, str) else part) + b"\0\1")
    return digest.hexdigest()


def _entry(name: str, key: str, where: Path) -> Path:
    return where / f"{name}-{key[:40]}.pickle"


def load(name: str, key: str, where: Path | None = None):
    """The stored value, or None when absent, corrupt or made from other inputs."""
    where = where or folder()
    if where is None:
        return None
    try:
        data = _entry(name, key, where).read_bytes()
    except OSError:
        return None
    head, payload = data[:len(MAGIC) + 32], data[len(MAGIC) + 32:]
    if head[:len(MAGIC)] != MAGIC or hashlib.sha256(payload).digest() != head[len(MAGIC):]:
        return None
    try:
        stored_key, value = pickle.loads(payload)
    except Exception:  # a payload that passes its digest but not unpickling: code that moved; rebuilt
        return None
    return value if stored_key == key else None


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def store(name: str, key: str, value, where: Path | None = None) -> None:
    where = where or folder()
    if where is None:
        return
    tmp = None
    try:
        where.mkdir(parents=True, exist_ok=True, mode=0o700)
        payload = pickle.dumps((key, value), protocol=pickle.HIGHEST_PROTOCOL)
        fd, tmp = tempfile.mkstemp(dir=where, prefix=f".{name}-", suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            fh.write(MAGIC + hashlib.sha256(payload).digest() + payload)
        target = _entry(name, key, where)
        os.replace(tmp, target)
        tmp = None
        others = sorted((p for p in where.glob(f"{name}-*.pickle") if p != target), key=_mtime, reverse=True)
        for old in others[KEEP - 1:]:
            old.unlink(missing_ok=True)
    except (OSError, pickle.PicklingError, TypeError, AttributeError):
        if tmp:
            Path(tmp).unlink(missing_ok=True)
