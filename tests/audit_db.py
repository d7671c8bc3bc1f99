"""Audit databases for tests: a SQLite file, or a fresh schema of the PostgreSQL on loopback
(dropped afterwards), with a raw SQL door to tamper with them as an intruder would."""

from __future__ import annotations

import contextlib
import sqlite3
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

PG_SERVER = "postgresql://postgres@127.0.0.1:5432/test"


def pg_reachable() -> bool:
    try:
        import psycopg  # noqa: PLC0415

        with psycopg.connect(PG_SERVER, connect_timeout=2):
            return True
    except Exception:
        return False


@dataclass
class Db:
    kind: str  # "sqlite" | "postgres"
    url: str
    path: Path | None = None  # the SQLite file
    schema: str | None = None

    def sql(self, statement: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        """Run one statement outside tiergate (``?`` placeholders) and return its rows."""
        if self.path is not None:
            with contextlib.closing(sqlite3.connect(self.path, isolation_level=None)) as c:
                return list(c.execute(statement, params).fetchall())
        import psycopg  # noqa: PLC0415

        with psycopg.connect(PG_SERVER, autocommit=True) as c:
            c.execute(f'SET search_path TO "{self.schema}"')
            cur = c.execute(statement.replace("?", "%s"), params)
            return list(cur.fetchall()) if cur.description else []


@contextlib.contextmanager
def database(kind: str, tmp: Path) -> Iterator[Db]:
    if kind == "sqlite":
        path = tmp / "audit.db"
        yield Db(kind, f"sqlite://{path}", path=path)
        return
    if not pg_reachable():
        pytest.skip(f"PostgreSQL is not reachable at {PG_SERVER}")
    import psycopg  # noqa: PLC0415

    schema = "tg_test_" + uuid.uuid4().hex[:12]
    try:
        yield Db(kind, f"{PG_SERVER}?schema={schema}", schema=schema)
    finally:
        with psycopg.connect(PG_SERVER, autocommit=True) as c:
            c.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
