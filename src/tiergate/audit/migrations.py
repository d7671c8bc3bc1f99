"""The SQLite audit schema, as named migrations recorded in a ``migrations`` table.

A migration is never edited once released: a schema change is a new entry at the end of
``MIGRATIONS`` (``m002_…``). Opening a store applies the missing ones, each in its own
transaction, so two processes opening the same new file at once cannot apply one twice.
"""

from __future__ import annotations

import sqlite3
import time

# Every column of audit_records is one AuditRecord field; lists and dicts are JSON text,
# booleans 0/1. ``id`` is the insertion order (``tail`` and ``follow`` read by it).
M001_INITIAL = (
    """
    CREATE TABLE audit_records (
        id INTEGER PRIMARY KEY,
        request_id TEXT NOT NULL,
        time REAL NOT NULL,
        endpoint TEXT NOT NULL,
        client_format TEXT NOT NULL,
        outcome TEXT NOT NULL,
        status INTEGER NOT NULL,
        client TEXT NOT NULL,
        model_requested TEXT,
        provider TEXT,
        provider_model TEXT,
        jurisdiction TEXT,
        self_hosted INTEGER,
        input_tier INTEGER,
        egress_tier INTEGER,
        reasons TEXT NOT NULL,
        finding_counts TEXT NOT NULL,
        fingerprints TEXT NOT NULL,
        redacted INTEGER NOT NULL,
        pseudonymised INTEGER NOT NULL,
        attempts TEXT NOT NULL,
        stream INTEGER NOT NULL,
        prompt_tokens INTEGER,
        completion_tokens INTEGER,
        latency_ms REAL,
        upstream_ms REAL,
        error TEXT
    )
    """,
    "CREATE INDEX audit_records_time ON audit_records (time)",
)

MIGRATIONS: tuple[tuple[str, tuple[str, ...]], ...] = (("m001_initial", M001_INITIAL),)

_CREATE_TABLE = (
    "CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied REAL NOT NULL)"
)


def applied(conn: sqlite3.Connection) -> list[str]:
    """Names of the migrations applied to this database, in the order they were applied."""
    conn.execute(_CREATE_TABLE)
    return [name for (name,) in conn.execute("SELECT name FROM migrations ORDER BY rowid")]


def migrate(conn: sqlite3.Connection) -> list[str]:
    """Apply the missing migrations; return the names of those applied now.

    ``conn`` must be in autocommit mode (``isolation_level=None``): every migration runs in
    its own ``BEGIN IMMEDIATE`` transaction and re-checks, under the write lock, that no
    other process applied it meanwhile.
    """
    done = set(applied(conn))
    now: list[str] = []
    for name, statements in MIGRATIONS:
        if name in done:
            continue
        conn.execute("BEGIN IMMEDIATE")
        try:
            if conn.execute("SELECT 1 FROM migrations WHERE name = ?", (name,)).fetchone():
                conn.execute("COMMIT")
                continue
            for sql in statements:
                conn.execute(sql)
            conn.execute(
                "INSERT INTO migrations (name, applied) VALUES (?, ?)", (name, time.time())
            )
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        now.append(name)
    return now
