"""The embedded audit store: one SQLite file in WAL mode, one connection behind a lock.

A write is one INSERT and its commit (``synchronous=NORMAL``: durable across a crash of
the process, and of the machine up to the last checkpoint), a few tens of microseconds.
Readers page through the table by id, taking the lock only per page, so a slow reader
never holds up the writers.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from tiergate.audit import report_sql
from tiergate.audit.migrations import migrate
from tiergate.audit.record import AuditRecord
from tiergate.audit.report import AuditReport
from tiergate.audit.store import MEMORY, AuditError, AuditStore
from tiergate.errors import ConfigError

T = TypeVar("T")

PAGE = 500
BUSY_TIMEOUT_S = 5.0

# AuditRecord fields by how they are stored; every field has one column of the same name.
_JSON = ("reasons", "finding_counts", "fingerprints", "attempts")
_BOOL = ("self_hosted", "stream")
COLUMNS = (
    "request_id", "time", "endpoint", "client_format", "outcome", "status", "client",
    "model_requested", "provider", "provider_model", "jurisdiction", "self_hosted",
    "input_tier", "egress_tier", "reasons", "finding_counts", "fingerprints", "redacted",
    "pseudonymised", "attempts", "stream", "prompt_tokens", "completion_tokens",
    "latency_ms", "upstream_ms", "error",
)  # fmt: skip
_INSERT = (
    f"INSERT INTO audit_records ({', '.join(COLUMNS)}) VALUES ({', '.join('?' for _ in COLUMNS)})"
)
_SELECT = f"SELECT id, {', '.join(COLUMNS)} FROM audit_records"


def encode(record: AuditRecord) -> tuple[Any, ...]:
    """The row of one record, in ``COLUMNS`` order."""
    r = record
    return (
        r.request_id, r.time, r.endpoint, r.client_format, r.outcome, r.status, r.client,
        r.model_requested, r.provider, r.provider_model, r.jurisdiction,
        None if r.self_hosted is None else int(r.self_hosted),
        r.input_tier, r.egress_tier, json.dumps(list(r.reasons)),
        json.dumps(r.finding_counts, sort_keys=True), json.dumps(list(r.fingerprints)),
        r.redacted, r.pseudonymised, json.dumps(list(r.attempts)), int(r.stream),
        r.prompt_tokens, r.completion_tokens, r.latency_ms, r.upstream_ms, r.error,
    )  # fmt: skip


def decode(row: tuple[Any, ...]) -> AuditRecord:
    """The record of one row (without its leading id)."""
    values: dict[str, Any] = dict(zip(COLUMNS, row, strict=True))
    for name in _JSON:
        data = json.loads(values[name])
        values[name] = data if isinstance(data, dict) else tuple(data)
    for name in _BOOL:
        if values[name] is not None:
            values[name] = bool(values[name])
    return AuditRecord(**values)


class SQLiteAuditStore(AuditStore):
    """Audit records in one SQLite file (or in memory, for tests)."""

    def __init__(self, path: str, *, url: str | None = None) -> None:
        self.path = path
        self.url = url or path
        self._lock = threading.Lock()
        self._conn = self._connect()

    def _connect(self) -> sqlite3.Connection:
        try:
            if self.path != MEMORY:
                Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(
                self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False
            )
        except (OSError, sqlite3.Error) as exc:
            raise ConfigError(f"cannot open audit database {self.url}: {_why(exc)}") from None
        try:
            _enable_wal(conn)
            conn.execute("PRAGMA synchronous=NORMAL")
            migrate(conn)
        except sqlite3.Error as exc:
            conn.close()
            raise ConfigError(f"cannot use audit database {self.url}: {_why(exc)}") from None
        return conn

    def _run(self, fn: Callable[[sqlite3.Connection], T]) -> T:
        with self._lock:
            try:
                return fn(self._conn)
            except sqlite3.Error as exc:
                raise AuditError(f"audit database {self.url}: {_why(exc)}") from None

    def write(self, record: AuditRecord) -> None:
        row = encode(record)
        self._run(lambda c: c.execute(_INSERT, row))

    def tail(self, n: int) -> list[AuditRecord]:
        if n <= 0:
            return []
        rows = self._run(
            lambda c: c.execute(f"{_SELECT} ORDER BY id DESC LIMIT ?", (n,)).fetchall()
        )
        return [decode(row[1:]) for row in reversed(rows)]

    def _after(self, last_id: int, since: float | None) -> list[tuple[Any, ...]]:
        """The next page of rows after ``last_id`` (with ``time >= since``)."""
        params: tuple[float, ...] = (last_id,)
        where = "id > ?"
        if since is not None:
            params, where = (last_id, since), "id > ? AND time >= ?"
        sql = f"{_SELECT} WHERE {where} ORDER BY id LIMIT {PAGE}"
        return self._run(lambda c: c.execute(sql, params).fetchall())

    def iter(self, since: float | None = None) -> Iterator[AuditRecord]:
        last_id = 0
        while rows := self._after(last_id, since):
            last_id = rows[-1][0]
            for row in rows:
                yield decode(row[1:])

    def follow(self, n: int = 0, *, interval: float = 0.5) -> Iterator[AuditRecord]:
        sql = f"{_SELECT} ORDER BY id DESC LIMIT ?"
        recent = self._run(lambda c: c.execute(sql, (max(n, 1),)).fetchall())
        last_id = recent[0][0] if recent else 0
        for row in reversed(recent[: max(n, 0)]):
            yield decode(row[1:])
        while True:
            rows = self._after(last_id, None)
            for row in rows:
                last_id = row[0]
                yield decode(row[1:])
            if len(rows) < PAGE:
                time.sleep(interval)

    def report(self, since: float | None = None) -> AuditReport:
        return self._run(lambda c: report_sql.build(c, since))

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def __repr__(self) -> str:
        return f"SQLiteAuditStore({self.url!r})"


def _enable_wal(conn: sqlite3.Connection) -> None:
    """Switch to WAL. The switch of a new file can fail with "locked" at once, without
    waiting, while another process switches it too: retry until the busy timeout."""
    deadline = time.monotonic() + BUSY_TIMEOUT_S
    while True:
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.005)


def _why(exc: BaseException) -> str:
    return str(exc) or type(exc).__name__
