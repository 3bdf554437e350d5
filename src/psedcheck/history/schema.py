"""The history database's tables, one migration per schema version (PRAGMA user_version).

A database made by an older psedcheck is brought up to date, inside one write transaction, the
first time a newer one opens it; one made by a newer psedcheck is refused, never rewritten.
"""
from __future__ import annotations

import re
import sqlite3

_V1 = """
CREATE TABLE checks (
    id INTEGER PRIMARY KEY,
    checked_at TEXT NOT NULL,        -- UTC, ISO 8601: the first check of this result
    last_checked_at TEXT NOT NULL,   -- the latest check that gave the same result for the same file
    times INTEGER NOT NULL DEFAULT 1,
    file_name TEXT NOT NULL,         -- the name only: not the folders it was in
    sha256 TEXT,
    format TEXT,
    municipality TEXT,
    period TEXT,
    ruleset TEXT NOT NULL,
    ruleset_version TEXT,
    tool_version TEXT NOT NULL,
    lang TEXT NOT NULL,
    score REAL NOT NULL,
    passed INTEGER NOT NULL,
    weak INTEGER NOT NULL,
    missing INTEGER NOT NULL,
    digest TEXT NOT NULL,            -- of the findings, to tell a re-check with the same result
    report BLOB NOT NULL             -- the JSON document report (zlib): what the report holds, nothing more
);
CREATE INDEX checks_sha256 ON checks(sha256);
CREATE TABLE findings (
    check_id INTEGER NOT NULL REFERENCES checks(id) ON DELETE CASCADE,
    rule TEXT NOT NULL,
    status TEXT NOT NULL,
    aspects_met TEXT NOT NULL,       -- the ids of the parts met, space-separated
    PRIMARY KEY (check_id, rule)
) WITHOUT ROWID;
"""


def _v2(conn: sqlite3.Connection) -> None:
    """The programme key (municipality and period, or the file name) that `diff --previous` looks up."""
    conn.execute("ALTER TABLE checks ADD COLUMN programme TEXT")
    rows = conn.execute("SELECT id, municipality, period, file_name FROM checks").fetchall()
    conn.executemany("UPDATE checks SET programme = ? WHERE id = ?",
                     [(programme_key(m, p, f), i) for i, m, p, f in rows])
    conn.execute("CREATE INDEX checks_programme ON checks(programme, id)")


MIGRATIONS = (_V1, _v2)  # MIGRATIONS[n] takes a database from version n to n + 1
VERSION = len(MIGRATIONS)


def programme_key(municipality: str | None, period: str | None, file_name: str) -> str:
    """Two checks are of the same programme when municipality and period agree (case, ё and dashes
    aside); a report that names neither is known by its file name."""
    if not municipality and not period:
        return "file:" + file_name.casefold()
    return f"{fold(municipality or '')} | {fold(period or '')}"


def fold(text: str) -> str:
    """Text compared loosely: case, ё/е, dashes and runs of spaces aside."""
    return re.sub(r"[\s\-‐‑‒–—]+", " ", text.casefold().replace("ё", "е")).strip()


def migrate(conn: sqlite3.Connection, to: int = VERSION) -> None:
    """Brings the database to version `to`; the caller holds a write transaction (BEGIN IMMEDIATE),
    so a second process opening it at the same time waits and then finds nothing left to do."""
    current = conn.execute("PRAGMA user_version").fetchone()[0]
    for step in range(current, to):
        migration = MIGRATIONS[step]
        if callable(migration):
            migration(conn)
        else:
            for statement in filter(str.strip, migration.split(";")):
                conn.execute(statement)
        conn.execute(f"PRAGMA user_version = {step + 1}")
