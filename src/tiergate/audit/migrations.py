"""The audit schema, as named migrations recorded in a ``migrations`` table — one list for
every backend (SQLite, PostgreSQL), written in SQLite's words and translated for PostgreSQL.

A migration is never edited once released: a schema change is a new entry at the end of
``MIGRATIONS`` (``m003_…``). Opening a store applies the missing ones, each in its own
transaction under the database's write lock (SQLite ``BEGIN IMMEDIATE``, PostgreSQL an
advisory lock), and re-checks under it that no other process applied it meanwhile.

``m002_chain`` adds the hash chain. A file written by a version without it gets its rows
chained in the order they were written, with the key of the process that opens it first.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from typing import Any

from tiergate.audit.chain import GENESIS, chain
from tiergate.audit.rows import COLUMNS, decode

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

# ``seq``/``prev_hash``/``hash``: the chain (see tiergate.audit.chain). ``audit_chain`` holds
# one row: the head (last appended; appends lock this row) and the anchor (last pruned).
M002_CHAIN = (
    "ALTER TABLE audit_records ADD COLUMN seq INTEGER",
    "ALTER TABLE audit_records ADD COLUMN prev_hash TEXT",
    "ALTER TABLE audit_records ADD COLUMN hash TEXT",
    "CREATE UNIQUE INDEX audit_records_seq ON audit_records (seq)",
    "CREATE INDEX audit_records_request_id ON audit_records (request_id)",
    """
    CREATE TABLE audit_chain (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        head_seq INTEGER NOT NULL,
        head_hash TEXT NOT NULL,
        anchor_seq INTEGER NOT NULL,
        anchor_hash TEXT NOT NULL,
        pruned INTEGER NOT NULL,
        pruned_before REAL
    )
    """,
    f"INSERT INTO audit_chain VALUES (1, 0, '{GENESIS}', 0, '{GENESIS}', 0, NULL)",
)


Step = Callable[[Callable[[str, tuple[Any, ...]], list[Any]], bytes | None], None]


def _chain_old_rows(query: Callable[[str, tuple[Any, ...]], list[Any]], key: bytes | None) -> None:
    """Chain the rows a version without the chain wrote, in the order they were written."""
    rows = query(f"SELECT id, {', '.join(COLUMNS)} FROM audit_records ORDER BY id", ())
    links = chain([decode(tuple(r[1:])) for r in rows], 0, GENESIS, key)
    for row, link in zip(rows, links, strict=True):
        query(
            "UPDATE audit_records SET seq = ?, prev_hash = ?, hash = ? WHERE id = ?",
            (link.seq, link.prev_hash, link.hash, row[0]),
        )
    if links:
        query(
            "UPDATE audit_chain SET head_seq = ?, head_hash = ? WHERE id = 1",
            (links[-1].seq, links[-1].hash),
        )


MIGRATIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("m001_initial", M001_INITIAL),
    ("m002_chain", M002_CHAIN),
)
STEPS: dict[str, Step] = {"m002_chain": _chain_old_rows}  # run after the statements

_CREATE_TABLE = (
    "CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied REAL NOT NULL)"
)


def postgres_sql(sql: str) -> str:
    """A statement of this module in PostgreSQL's words: 64-bit integers, doubles, ``%s``."""
    return (
        sql.replace("id INTEGER PRIMARY KEY,", "id BIGSERIAL PRIMARY KEY,")
        .replace("INTEGER", "BIGINT")
        .replace(" REAL", " DOUBLE PRECISION")
        .replace("?", "%s")
    )


def applied(conn: sqlite3.Connection) -> list[str]:
    """Names of the migrations applied to this database, in the order they were applied."""
    conn.execute(_CREATE_TABLE)
    return [name for (name,) in conn.execute("SELECT name FROM migrations ORDER BY rowid")]


def migrate(conn: sqlite3.Connection, key: bytes | None = None) -> list[str]:
    """Apply the missing migrations to a SQLite database; return the names applied now.

    ``conn`` must be in autocommit mode (``isolation_level=None``): every migration runs in
    its own ``BEGIN IMMEDIATE`` transaction. ``key`` chains rows written before ``m002``.
    """
    done = set(applied(conn))
    now: list[str] = []

    def query(sql: str, params: tuple[Any, ...]) -> list[Any]:
        return conn.execute(sql, params).fetchall()

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
            if name in STEPS:
                STEPS[name](query, key)
            conn.execute(
                "INSERT INTO migrations (name, applied) VALUES (?, ?)", (name, time.time())
            )
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        now.append(name)
    return now


PG_LOCK = 0x7469_6572_6761  # "tierga": the advisory lock id of migrations


def migrate_postgres(conn: Any, key: bytes | None = None) -> list[str]:
    """Apply the missing migrations to a PostgreSQL schema (``conn``: a psycopg connection in
    autocommit mode, its ``search_path`` set); return the names applied now."""
    now: list[str] = []

    def query(sql: str, params: tuple[Any, ...]) -> list[Any]:
        cur = conn.execute(postgres_sql(sql), params)
        return list(cur.fetchall()) if cur.description else []

    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (PG_LOCK,))
        conn.execute(postgres_sql(_CREATE_TABLE))
    for name, statements in MIGRATIONS:
        with conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (PG_LOCK,))
            if conn.execute("SELECT 1 FROM migrations WHERE name = %s", (name,)).fetchone():
                continue
            for sql in statements:
                conn.execute(postgres_sql(sql))
            if name in STEPS:
                STEPS[name](query, key)
            conn.execute(
                "INSERT INTO migrations (name, applied) VALUES (%s, %s)", (name, time.time())
            )
        now.append(name)
    return now
