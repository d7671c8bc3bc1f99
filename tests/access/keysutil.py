"""Helpers of the client-key tests: key databases on SQLite and on the real PostgreSQL at
127.0.0.1:5432 (database ``test``), one fresh schema per test, dropped afterwards."""

from __future__ import annotations

import socket
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/test"


def pg_reachable() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 5432), timeout=0.5):
            return True
    except OSError:
        return False


def pg_schema_url() -> Iterator[str]:
    """The URL of a fresh schema (``?schema=``, as the audit names one); skips when
    PostgreSQL is not there."""
    if not pg_reachable():
        pytest.skip("PostgreSQL is not reachable at 127.0.0.1:5432 (CI starts it)")
    schema = f"tiergate_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    try:
        yield f"{PG_ADMIN}?schema={schema}"
    finally:
        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")


def write_config(tmp: Path, audit_url: str, **extra: str) -> Path:
    """A configuration file naming ``audit_url`` (and nothing else unless given)."""
    lines = [f"audit: {{url: '{audit_url}'}}", *(f"{k}: {v}" for k, v in extra.items())]
    path = tmp / "tiergate.yaml"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path
