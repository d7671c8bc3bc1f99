"""Client keys in SQLite: the same file as the audit trail by default (WAL mode, so the
gateway's audit writes and a ``tiergate keys`` command do not block each other)."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from tiergate.access.store import Duplicate, KeyStore, apply_migrations
from tiergate.audit.sqlite import enable_wal
from tiergate.audit.store import MEMORY, sqlite_path
from tiergate.errors import ConfigError, KeyStoreError

T = TypeVar("T")

BUSY_TIMEOUT_S = 5.0


class SQLiteKeyStore(KeyStore):
    def __init__(self, url: str) -> None:
        self.url = url
        self._lock = threading.Lock()
        path = sqlite_path(url)
        try:
            if path != MEMORY:
                Path(path).parent.mkdir(parents=True, exist_ok=True)
            self._conn = sqlite3.connect(
                path, timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False
            )
        except (OSError, sqlite3.Error) as exc:
            raise ConfigError(f"cannot open the key database {url}: {exc}") from None
        try:
            if path != MEMORY:
                enable_wal(self._conn)  # a new file's switch can fail at once when contended
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                apply_migrations(self._conn.execute)
                self._conn.execute("COMMIT")
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
        except sqlite3.Error as exc:
            self._conn.close()
            raise ConfigError(f"cannot use the key database {url}: {exc}") from None

    def _run(self, fn: Callable[[Any], T]) -> T:
        with self._lock:
            try:
                return fn(self._conn)
            except sqlite3.IntegrityError:
                raise Duplicate from None
            except sqlite3.Error as exc:
                raise KeyStoreError(f"key database {self.url}: {exc}") from None

    def close(self) -> None:
        with self._lock:
            self._conn.close()
