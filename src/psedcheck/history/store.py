"""The history of checks: a SQLite file in the user's data folder (platformdirs), or PSEDCHECK_HISTORY.

Each check keeps what its JSON report holds (quotes of at most 300 characters, no other text of the
document) under the file's name, never its folders. The file stays bounded: a re-check with the same
result for the same file only updates its date, and beyond MAX_CHECKS the oldest checks go.
Several processes may write at once (parallel runs, batch workers): WAL, one short write transaction
each (BEGIN IMMEDIATE), a busy timeout and retries, so no row is lost.
"""
from __future__ import annotations

import hashlib
import json
import os
import random
import sqlite3
import time
import zlib
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from ..model.errors import InputError
from ..model.findings import DocumentReport
from ..reporters.json import document_dict, document_from_dict
from .schema import VERSION, migrate, programme_key

ENV = "PSEDCHECK_HISTORY"  # a database file to use instead, or "off"
MAX_CHECKS = 2000  # about 10 kB each compressed: some 20 MB at most
BUSY_SECONDS = 15.0  # how long one attempt waits for another writer
ATTEMPTS = 5
_COLUMNS = ("id, checked_at, last_checked_at, times, file_name, sha256, format, municipality, period, programme, "
            "ruleset, ruleset_version, tool_version, lang, score, passed, weak, missing")


class HistoryError(InputError):
    """The history database cannot be opened, read or written."""

    code = "history"


@dataclass(frozen=True)
class CheckRecord:
    """One recorded check, without its report."""

    id: int
    checked_at: str
    last_checked_at: str
    times: int
    file_name: str
    sha256: str | None
    format: str | None
    municipality: str | None
    period: str | None
    programme: str
    ruleset: str
    ruleset_version: str | None
    tool_version: str
    lang: str
    score: float
    passed: int
    weak: int
    missing: int


@dataclass(frozen=True)
class Provenance:
    """What a check was made with."""

    ruleset: str
    ruleset_version: str | None
    tool_version: str
    lang: str


def default_path() -> Path | None:
    """The database file: PSEDCHECK_HISTORY, else history.sqlite3 in the user data folder; None when off."""
    chosen = os.environ.get(ENV, "").strip()
    if chosen.lower() == "off":
        return None
    if chosen:
        return Path(chosen).expanduser()
    import platformdirs

    return platformdirs.user_data_path("psedcheck", appauthor=False) / "history.sqlite3"


class History:
    def __init__(self, path: str | Path, max_checks: int = MAX_CHECKS, busy_seconds: float = BUSY_SECONDS):
        self.path = Path(path)
        self.max_checks = max_checks
        self.busy_seconds = busy_seconds
        self._ready = False

    # --- writing -------------------------------------------------------------------------------
    def record(self, documents: list[DocumentReport], made_with: Provenance) -> list[int]:
        """Records the checked documents (not the unreadable ones) in one transaction; their ids."""
        rows = [_row(doc, made_with) for doc in documents if not doc.error and doc.findings]
        if not rows:
            return []
        return self._write(lambda conn: [self._insert(conn, row) for row in rows])

    def forget(self, ids: list[int]) -> int:
        """Deletes these checks (their findings go with them); how many there were. Deleted pages are
        overwritten (secure_delete) and the WAL emptied, so the data is gone from the file too."""
        if not ids:
            return 0

        def delete(conn):
            count = 0
            for chunk in range(0, len(ids), 500):
                part = ids[chunk:chunk + 500]
                count += conn.execute(f"DELETE FROM checks WHERE id IN ({','.join('?' * len(part))})", part).rowcount
            return count

        count = self._write(delete)
        self._read("PRAGMA wal_checkpoint(TRUNCATE)")  # busy readers only postpone it to the next checkpoint
        return count

    def _insert(self, conn: sqlite3.Connection, row: dict) -> int:
        same = conn.execute("SELECT id FROM checks WHERE sha256 IS ? AND file_name = ? AND digest = ? "
                            "ORDER BY id DESC LIMIT 1", (row["sha256"], row["file_name"], row["digest"])).fetchone()
        if same:  # the same file with the same result: one row, its date and count updated
            conn.execute("UPDATE checks SET last_checked_at = ?, times = times + 1 WHERE id = ?",
                         (row["checked_at"], same[0]))
            return same[0]
        findings = row["findings"]
        columns = {key: value for key, value in row.items() if key != "findings"}
        cursor = conn.execute(f"INSERT INTO checks ({', '.join(columns)}, last_checked_at) "
                              f"VALUES ({', '.join('?' * len(columns))}, ?)", (*columns.values(), row["checked_at"]))
        check_id = cursor.lastrowid
        conn.executemany("INSERT INTO findings (check_id, rule, status, aspects_met) VALUES (?, ?, ?, ?)",
                         [(check_id, *f) for f in findings])
        conn.execute("DELETE FROM checks WHERE id <= (SELECT id FROM checks ORDER BY id DESC LIMIT 1 OFFSET ?)",
                     (self.max_checks,))
        return check_id

    # --- reading -------------------------------------------------------------------------------
    def checks(self) -> list[CheckRecord]:
        """Every recorded check, oldest first."""
        return [CheckRecord(*row) for row in self._read(f"SELECT {_COLUMNS} FROM checks ORDER BY id")]

    def report(self, check_id: int) -> DocumentReport | None:
        rows = self._read("SELECT report FROM checks WHERE id = ?", check_id)
        if not rows:
            return None
        try:
            return document_from_dict(json.loads(zlib.decompress(rows[0][0])))
        except (zlib.error, ValueError, KeyError, TypeError) as exc:
            raise HistoryError(f"{self.path}: check {check_id} is damaged ({type(exc).__name__})") from None

    def check(self, check_id: int) -> CheckRecord | None:
        rows = self._read(f"SELECT {_COLUMNS} FROM checks WHERE id = ?", check_id)
        return CheckRecord(*rows[0]) if rows else None

    def versions(self, programme: str) -> list[CheckRecord]:
        """The recorded checks of one programme (its key, schema.programme_key), oldest first."""
        return [CheckRecord(*row) for row in
                self._read(f"SELECT {_COLUMNS} FROM checks WHERE programme = ? ORDER BY id", programme)]

    def previous(self, doc: DocumentReport) -> CheckRecord | None:
        """The latest recorded check of the same programme (municipality and period, else the file
        name) whose file differs from this one."""
        key = programme_key(doc.municipality, doc.period, Path(doc.path).name)
        rows = self._read(f"SELECT {_COLUMNS} FROM checks WHERE programme = ? AND sha256 IS NOT ? "
                          "ORDER BY id DESC LIMIT 1", key, doc.sha256)
        return CheckRecord(*rows[0]) if rows else None

    def _read(self, sql: str, *params) -> list[tuple]:
        with self._connect() as conn:
            try:
                return conn.execute(sql, params).fetchall()
            except sqlite3.Error as exc:
                raise HistoryError(f"{self.path}: {exc}") from None

    # --- the connection ------------------------------------------------------------------------
    def _connect(self) -> sqlite3.Connection:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self.path, timeout=self.busy_seconds, isolation_level=None)
        except (OSError, sqlite3.Error) as exc:
            raise HistoryError(f"{self.path}: {getattr(exc, 'strerror', None) or exc}") from None
        try:
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("PRAGMA secure_delete = ON")
            if not self._ready:
                self._prepare(conn)
        except sqlite3.Error as exc:
            conn.close()
            raise HistoryError(f"{self.path}: {exc}") from None
        return _Closing(conn)

    def _prepare(self, conn: sqlite3.Connection) -> None:
        """The schema's version checked (a newer one is left untouched), WAL (kept in the file), then
        the schema brought up to date, once per History."""
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > VERSION:
            raise sqlite3.DatabaseError(f"written by a newer psedcheck (schema {version}, this one reads {VERSION})")
        _retry(lambda: conn.execute("PRAGMA journal_mode = WAL"))
        conn.execute("PRAGMA synchronous = NORMAL")
        if version < VERSION:
            _retry(lambda: _in_transaction(conn, migrate))
        self._ready = True

    def _write(self, work):
        with self._connect() as conn:
            try:
                return _retry(lambda: _in_transaction(conn, work))
            except sqlite3.Error as exc:
                raise HistoryError(f"{self.path}: {exc}") from None


class _Closing:
    """A connection that closes at the end of a `with` block (sqlite3's own only ends a transaction)."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn

    def __enter__(self) -> sqlite3.Connection:
        return self.conn

    def __exit__(self, *exc) -> None:
        self.conn.close()


def _in_transaction(conn: sqlite3.Connection, work):
    conn.execute("BEGIN IMMEDIATE")  # the write lock now, not at the first write: no deadlock on upgrade
    try:
        result = work(conn)
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    return result


def _retry(action):
    """Runs `action` again when another process held the database longer than the busy timeout."""
    for attempt in range(ATTEMPTS):
        try:
            return action()
        except sqlite3.OperationalError as exc:
            if attempt == ATTEMPTS - 1 or not any(word in str(exc) for word in ("locked", "busy")):
                raise
            time.sleep(random.uniform(0.05, 0.2) * (attempt + 1))


def _row(doc: DocumentReport, made_with: Provenance) -> dict:
    data = document_dict(doc)
    name = Path(doc.path).name or doc.path
    data["path"] = name  # the folders a user keeps drafts in are not the programme's business
    verdicts = [(f.rule, f.status.value, sorted(a.id for a in f.aspects if a.met), [e.text for e in f.evidence])
                for f in doc.findings]  # not the messages: the same result in another --lang is the same result
    findings = json.dumps([verdicts, made_with.ruleset, made_with.ruleset_version], ensure_ascii=False)
    return {
        "checked_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "file_name": name, "sha256": doc.sha256, "format": doc.format,
        "municipality": doc.municipality, "period": doc.period,
        "programme": programme_key(doc.municipality, doc.period, name),
        "ruleset": made_with.ruleset, "ruleset_version": made_with.ruleset_version,
        "tool_version": made_with.tool_version, "lang": made_with.lang,
        "score": doc.score, "passed": doc.count_status("pass"), "weak": doc.count_status("weak"),
        "missing": doc.count_status("missing"),
        "digest": hashlib.sha256(findings.encode()).hexdigest(),
        "report": zlib.compress(json.dumps(data, ensure_ascii=False).encode(), 6),
        "findings": [(f.rule, f.status.value, " ".join(a.id for a in f.aspects if a.met)) for f in doc.findings],
    }
