"""Client keys in PostgreSQL (``audit: {url: postgresql://…}``), shared by every replica.

psycopg 3 (the ``postgres`` extra), one connection in autocommit mode, shared between
threads (psycopg serialises its use), made as the audit makes its own (the same URL, and
its ``?schema=…``). A connection lost while serving is opened again on
the next call; until then calls raise :class:`~tiergate.errors.KeyStoreError`.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, TypeVar

from tiergate.access.store import Duplicate, KeyStore, apply_migrations
from tiergate.audit.postgres import connect
from tiergate.audit.store import display_url
from tiergate.errors import BackendError, ConfigError, KeyStoreError

T = TypeVar("T")

# any constant of our own: serialises migrations between processes opening one database
MIGRATION_LOCK = 0x7469_6572_6B65_7973 & 0x7FFF_FFFF_FFFF_FFFF


class _Cursor:
    """Runs the store's ``?`` SQL on psycopg, whose placeholder is ``%s``."""

    def __init__(self, conn: Any) -> None:
        self.conn = conn

    def execute(self, sql: str, params: Any = ()) -> Any:
        return self.conn.execute(sql.replace("?", "%s"), params)


class PostgresKeyStore(KeyStore):
    def __init__(self, url: str) -> None:
        try:
            import psycopg  # noqa: PLC0415  (an extra: only PostgreSQL users need it)
        except ImportError:
            raise ConfigError(
                "audit.url names PostgreSQL, which needs psycopg: pip install 'tiergate[postgres]'",
                key="audit.url",
            ) from None
        self._psycopg = psycopg
        self.url = url
        self._lock = threading.Lock()
        self._conn: Any = None
        try:
            conn = self._connect()
            with conn.transaction():
                cur = _Cursor(conn)
                cur.execute("SELECT pg_advisory_xact_lock(?)", (MIGRATION_LOCK,))
                apply_migrations(cur.execute)
        except psycopg.Error as exc:
            raise ConfigError(
                f"cannot use the key database {display_url(url)}: {_why(exc)}"
            ) from None

    def _connect(self) -> Any:
        if self._conn is None or self._conn.closed or self._conn.broken:
            self._conn = connect(self.url)
        return self._conn

    def _run(self, fn: Callable[[Any], T]) -> T:
        psycopg = self._psycopg
        with self._lock:
            try:
                return fn(_Cursor(self._connect()))
            except psycopg.errors.UniqueViolation:
                raise Duplicate from None
            except psycopg.Error as exc:
                raise KeyStoreError(f"key database {display_url(self.url)}: {_why(exc)}") from None
            except BackendError as exc:  # the connection could not be made again
                raise KeyStoreError(str(exc)) from None

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()


def _why(exc: Exception) -> str:
    """The first line of a driver error: its kind and message, no query parameters."""
    first = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"{type(exc).__name__}: {first}" if first else type(exc).__name__
