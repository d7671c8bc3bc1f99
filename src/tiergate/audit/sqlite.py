"""The embedded audit store: one SQLite file in WAL mode, one connection behind a lock.

An append is one ``BEGIN IMMEDIATE`` transaction: it takes the file's write lock, reads the
chain's head, inserts the batch and moves the head, so that several processes writing to one
file keep one chain. ``synchronous=NORMAL``: a commit survives a crash of the process, and of
the machine up to the last checkpoint. Readers page through the table by id, taking the lock
only per page, so a slow reader never holds up the writers.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, TypeVar

from tiergate.audit import report_sql
from tiergate.audit.chain import ChainState, Link, chain
from tiergate.audit.migrations import migrate
from tiergate.audit.record import AuditRecord
from tiergate.audit.report import AuditReport
from tiergate.audit.rows import COLUMNS, INSERT, SELECT, SELECT_LINKS, decode, decode_link
from tiergate.audit.rows import encode_link as _encode_link
from tiergate.audit.store import MEMORY, AuditError, AuditStore
from tiergate.errors import ConfigError

__all__ = ["COLUMNS", "SQLiteAuditStore"]

T = TypeVar("T")

PAGE = 500
BUSY_TIMEOUT_S = 5.0
_HEAD = "SELECT anchor_seq, anchor_hash, head_seq, head_hash, pruned FROM audit_chain WHERE id = 1"


class SQLiteAuditStore(AuditStore):
    """Audit records in one SQLite file (or in memory, for tests)."""

    def __init__(self, path: str, *, url: str | None = None, key: bytes | None = None) -> None:
        self.path = path
        self.url = url or path
        self.key = key
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
            enable_wal(conn)
            conn.execute("PRAGMA synchronous=NORMAL")
            migrate(conn, self.key)
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

    def _write(self, fn: Callable[[sqlite3.Connection], T]) -> T:
        """Run ``fn`` in one ``BEGIN IMMEDIATE`` transaction (the file's write lock)."""

        def tx(c: sqlite3.Connection) -> T:
            c.execute("BEGIN IMMEDIATE")
            try:
                out = fn(c)
                c.execute("COMMIT")
            except BaseException:
                if c.in_transaction:
                    c.execute("ROLLBACK")
                raise
            return out

        return self._run(tx)

    def append(self, records: Sequence[AuditRecord], *, skip_existing: bool = False) -> int:
        todo = list(records)

        def tx(c: sqlite3.Connection) -> int:
            batch = _unseen(c, todo) if skip_existing else todo
            _, _, head_seq, head_hash, _ = c.execute(_HEAD).fetchone()
            links = chain(batch, head_seq, head_hash, self.key)
            c.executemany(INSERT, [_encode_link(link) for link in links])
            if links:
                c.execute(
                    "UPDATE audit_chain SET head_seq = ?, head_hash = ? WHERE id = 1",
                    (links[-1].seq, links[-1].hash),
                )
            return len(links)

        return self._write(tx) if todo else 0

    def chain_state(self) -> ChainState:
        row = self._run(lambda c: c.execute(_HEAD).fetchone())
        return ChainState(*row)

    def links(self, after_seq: int, limit: int) -> list[Link]:
        sql = f"{SELECT_LINKS} WHERE seq > ? ORDER BY seq LIMIT ?"
        rows = self._run(lambda c: c.execute(sql, (after_seq, limit)).fetchall())
        return [decode_link(tuple(r)) for r in rows]

    def prune(self, before: float) -> int:
        def tx(c: sqlite3.Connection) -> int:
            (keep,) = c.execute(
                "SELECT min(seq) FROM audit_records WHERE time >= ?", (before,)
            ).fetchone()
            if keep is None:
                (head,) = c.execute("SELECT head_seq FROM audit_chain WHERE id = 1").fetchone()
                keep = head + 1
            last = c.execute(
                "SELECT seq, hash FROM audit_records WHERE seq < ? ORDER BY seq DESC LIMIT 1",
                (keep,),
            ).fetchone()
            if last is None:
                return 0
            n = c.execute("DELETE FROM audit_records WHERE seq <= ?", (last[0],)).rowcount
            c.execute(
                "UPDATE audit_chain SET anchor_seq = ?, anchor_hash = ?, pruned = pruned + ?, "
                "pruned_before = ? WHERE id = 1",
                (last[0], last[1], n, before),
            )
            return int(n)

        return self._write(tx)

    def tail(self, n: int) -> list[AuditRecord]:
        if n <= 0:
            return []
        rows = self._run(lambda c: c.execute(f"{SELECT} ORDER BY id DESC LIMIT ?", (n,)).fetchall())
        return [decode(row[1:]) for row in reversed(rows)]

    def _after(self, last_id: int, since: float | None) -> list[tuple[Any, ...]]:
        """The next page of rows after ``last_id`` (with ``time >= since``)."""
        params: tuple[float, ...] = (last_id,)
        where = "id > ?"
        if since is not None:
            params, where = (last_id, since), "id > ? AND time >= ?"
        sql = f"{SELECT} WHERE {where} ORDER BY id LIMIT {PAGE}"
        return self._run(lambda c: c.execute(sql, params).fetchall())

    def iter(self, since: float | None = None) -> Iterator[AuditRecord]:
        last_id = 0
        while rows := self._after(last_id, since):
            last_id = rows[-1][0]
            for row in rows:
                yield decode(row[1:])

    def follow(self, n: int = 0, *, interval: float = 0.5) -> Iterator[AuditRecord]:
        sql = f"{SELECT} ORDER BY id DESC LIMIT ?"
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
        def build(c: sqlite3.Connection) -> AuditReport:
            c.execute("BEGIN")  # one read transaction: every figure sees the same rows
            try:
                return report_sql.build(
                    lambda sql, args: c.execute(sql, args).fetchall(), since, report_sql.SQLITE
                )
            finally:
                c.execute("COMMIT")

        return self._run(build)

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def __repr__(self) -> str:
        return f"SQLiteAuditStore({self.url!r})"


def _unseen(c: sqlite3.Connection, records: list[AuditRecord]) -> list[AuditRecord]:
    """``records`` without those whose request id is stored already (or repeats in it)."""
    seen: set[str] = set()
    ids = list(dict.fromkeys(r.request_id for r in records))
    for i in range(0, len(ids), PAGE):
        chunk = ids[i : i + PAGE]
        marks = ", ".join("?" for _ in chunk)
        sql = f"SELECT request_id FROM audit_records WHERE request_id IN ({marks})"
        seen.update(rid for (rid,) in c.execute(sql, chunk))
    out = []
    for r in records:
        if r.request_id not in seen:
            seen.add(r.request_id)
            out.append(r)
    return out


def enable_wal(conn: sqlite3.Connection) -> None:
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
