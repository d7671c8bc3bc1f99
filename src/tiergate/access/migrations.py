"""The client-key schema, as named migrations recorded in their own ``access_migrations``
table (the audit keeps its own), in SQL that SQLite and PostgreSQL both accept.

A migration is never edited once released: a change is a new entry at the end.
"""

from __future__ import annotations

M001_CLIENT_KEYS = (
    """
    CREATE TABLE client_keys (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        key_hash TEXT NOT NULL UNIQUE,
        last4 TEXT NOT NULL,
        created DOUBLE PRECISION NOT NULL,
        expires DOUBLE PRECISION,
        revoked DOUBLE PRECISION,
        rpm INTEGER,
        tpm INTEGER,
        policy_name TEXT,
        policy TEXT
    )
    """,
    # a name identifies one key until that key is revoked
    "CREATE UNIQUE INDEX client_keys_name_unrevoked ON client_keys (name) WHERE revoked IS NULL",
)

MIGRATIONS: tuple[tuple[str, tuple[str, ...]], ...] = (("m001_client_keys", M001_CLIENT_KEYS),)

LEDGER = (
    "CREATE TABLE IF NOT EXISTS access_migrations "
    "(name TEXT PRIMARY KEY, applied DOUBLE PRECISION NOT NULL)"
)
