"""The shared audit store: PostgreSQL, for many gateway replicas writing one chain.

An append is one transaction that first locks the chain's head row (``SELECT … FOR
UPDATE``), so that concurrent replicas append one after the other and the chain stays one
line; the batch goes in with one pipelined ``executemany``. A connection lost while serving
is reopened at the next call; until then every call raises AuditError (the gateway's writer
decides whether to refuse requests or to keep them in its spool).

``psycopg`` (3.1+) is an optional extra, imported only when a ``postgresql://`` URL is used:
``pip install 'tiergate[postgres]'``. ``?schema=name`` in the URL keeps tiergate's tables in
a schema of their own (created if missing); the other query parameters go to libpq.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from tiergate.audit import report_sql
from tiergate.audit.chain import ChainState, Link, chain
from tiergate.audit.migrations import migrate_postgres
from tiergate.audit.record import AuditRecord
from tiergate.audit.report import AuditReport
from tiergate.audit.rows import INSERT, SELECT, SELECT_LINKS, decode, decode_link, encode_link
from tiergate.audit.store import AuditError, AuditStore, display_url
from tiergate.errors import BackendError, ConfigError

T = TypeVar("T")

PAGE = 500
CONNECT_TIMEOUT_S = 5
_HEAD = "SELECT anchor_seq, anchor_hash, head_seq, head_hash, pruned FROM audit_chain WHERE id = 1"


def _psycopg() -> Any:
    try:
        import psycopg  # noqa: PLC0415  (an optional extra)
    except ImportError:
        raise ConfigError(
            "a postgresql:// audit URL needs psycopg: pip install 'tiergate[postgres]'",
            key="audit.url",
        ) from None
    return psycopg


def split_url(url: str) -> tuple[str, str | None]:
    """The libpq URL and the schema (``?schema=…``) of an audit URL."""
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True)
    schema = next((v for k, v in query if k == "schema"), None)
    rest = urlencode([(k, v) for k, v in query if k != "schema"])
    if schema is not None and not schema.replace("_", "").isalnum():
        raise ConfigError(
            f"schema {schema!r} in the audit URL: use letters, digits and _", key="audit.url"
        )
    return urlunsplit(parts._replace(query=rest)), schema


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


def connect(url: str, *, create_schema: bool = True) -> Any:
    """A psycopg connection (autocommit) to ``url``, its search path set to the URL's schema.
    BackendError with one clear line when the server cannot be reached."""
    psycopg = _psycopg()
    conninfo, schema = split_url(url)
    try:
        conn = psycopg.connect(conninfo, autocommit=True, connect_timeout=CONNECT_TIMEOUT_S)
    except psycopg.Error as exc:
        raise BackendError(
            f"cannot reach the audit database {display_url(url)}: {_first_line(exc)}"
        ) from None
    if schema is not None:
        try:
            if create_schema:
                conn.execute(f'CREATE SCHEMA IF NOT EXISTS "{schema}"')
            conn.execute(f'SET search_path TO "{schema}"')
        except psycopg.errors.UniqueViolation:  # created by another process just now
            conn.execute(f'SET search_path TO "{schema}"')
        except psycopg.Error as exc:
            conn.close()
            raise BackendError(
                f"cannot use schema {schema!r} of {display_url(url)}: {_first_line(exc)}"
            ) from None
    return conn


def schema_exists(url: str) -> bool:
    """Whether the database ``url`` names holds tiergate's audit tables already."""
    with connect(url, create_schema=False) as conn:
        row = conn.execute("SELECT to_regclass('audit_records') IS NOT NULL").fetchone()
        return bool(row[0])


class PostgresAuditStore(AuditStore):
    """Audit records in a PostgreSQL database (one schema), shared by every replica."""

    def __init__(self, url: str, *, key: bytes | None = None) -> None:
        self.url = url
        self.key = key
        self._psycopg = _psycopg()
        self._lock = threading.Lock()
        self._closed = False
        self._conn: Any = connect(url)
        try:
            migrate_postgres(self._conn, key)
        except self._psycopg.Error as exc:
            self._conn.close()
            raise BackendError(
                f"cannot set up the audit tables in {display_url(url)}: {_first_line(exc)}"
            ) from None

    def _run(self, fn: Callable[[Any], T]) -> T:
        with self._lock:
            if self._closed:
                raise AuditError(f"audit database {display_url(self.url)}: the store is closed")
            try:
                if self._conn is None or self._conn.closed or self._conn.broken:
                    self._drop()
                    self._conn = connect(self.url)
                return fn(self._conn)
            except BackendError as exc:
                raise AuditError(str(exc)) from None
            except self._psycopg.Error as exc:
                if self._conn is not None and (self._conn.closed or self._conn.broken):
                    self._drop()
                raise AuditError(
                    f"audit database {display_url(self.url)}: {_first_line(exc)}"
                ) from None

    def _drop(self) -> None:
        """Forget a lost connection (closing it; the next call opens a new one)."""
        if self._conn is not None:
            with contextlib.suppress(Exception):
                self._conn.close()
        self._conn = None

    def _query(self, conn: Any, sql: str, args: tuple[Any, ...] = ()) -> list[Any]:
        cur = conn.execute(sql.replace("?", "%s"), args)
        return list(cur.fetchall()) if cur.description else []

    def append(self, records: Sequence[AuditRecord], *, skip_existing: bool = False) -> int:
        todo = list(records)
        if not todo:
            return 0

        def tx(conn: Any) -> int:
            with conn.transaction():
                _, _, head_seq, head_hash, _ = self._query(conn, _HEAD + " FOR UPDATE")[0]
                batch = todo
                if skip_existing:
                    seen = {
                        rid
                        for (rid,) in self._query(
                            conn,
                            "SELECT request_id FROM audit_records WHERE request_id = ANY(%s)",
                            (list({r.request_id for r in todo}),),
                        )
                    }
                    batch = []
                    for r in todo:
                        if r.request_id not in seen:
                            seen.add(r.request_id)
                            batch.append(r)
                links = chain(batch, head_seq, head_hash, self.key)
                if links:
                    with conn.cursor() as cur:
                        cur.executemany(
                            INSERT.replace("?", "%s"), [encode_link(link) for link in links]
                        )
                    self._query(
                        conn,
                        "UPDATE audit_chain SET head_seq = ?, head_hash = ? WHERE id = 1",
                        (links[-1].seq, links[-1].hash),
                    )
                return len(links)

        return self._run(tx)

    def chain_state(self) -> ChainState:
        return ChainState(*self._run(lambda c: self._query(c, _HEAD)[0]))

    def links(self, after_seq: int, limit: int) -> list[Link]:
        sql = f"{SELECT_LINKS} WHERE seq > ? ORDER BY seq LIMIT ?"
        rows = self._run(lambda c: self._query(c, sql, (after_seq, limit)))
        return [decode_link(tuple(r)) for r in rows]

    def prune(self, before: float) -> int:
        def tx(conn: Any) -> int:
            with conn.transaction():
                head = self._query(conn, _HEAD + " FOR UPDATE")[0]
                (keep,) = self._query(
                    conn, "SELECT min(seq) FROM audit_records WHERE time >= ?", (before,)
                )[0]
                keep = head[2] + 1 if keep is None else keep
                last = self._query(
                    conn,
                    "SELECT seq, hash FROM audit_records WHERE seq < ? ORDER BY seq DESC LIMIT 1",
                    (keep,),
                )
                if not last:
                    return 0
                seq, hash_ = last[0]
                n = conn.execute("DELETE FROM audit_records WHERE seq <= %s", (seq,)).rowcount
                self._query(
                    conn,
                    "UPDATE audit_chain SET anchor_seq = ?, anchor_hash = ?, "
                    "pruned = pruned + ?, pruned_before = ? WHERE id = 1",
                    (seq, hash_, n, before),
                )
                return int(n)

        return self._run(tx)

    def tail(self, n: int) -> list[AuditRecord]:
        if n <= 0:
            return []
        rows = self._run(lambda c: self._query(c, f"{SELECT} ORDER BY id DESC LIMIT ?", (n,)))
        return [decode(tuple(row[1:])) for row in reversed(rows)]

    def _after(self, last_id: int, since: float | None) -> list[Any]:
        params: tuple[Any, ...] = (last_id,)
        where = "id > ?"
        if since is not None:
            params, where = (last_id, since), "id > ? AND time >= ?"
        sql = f"{SELECT} WHERE {where} ORDER BY id LIMIT {PAGE}"
        return self._run(lambda c: self._query(c, sql, params))

    def iter(self, since: float | None = None) -> Iterator[AuditRecord]:
        last_id = 0
        while rows := self._after(last_id, since):
            last_id = rows[-1][0]
            for row in rows:
                yield decode(tuple(row[1:]))

    def follow(self, n: int = 0, *, interval: float = 0.5) -> Iterator[AuditRecord]:
        sql = f"{SELECT} ORDER BY id DESC LIMIT ?"
        recent = self._run(lambda c: self._query(c, sql, (max(n, 1),)))
        last_id = recent[0][0] if recent else 0
        for row in reversed(recent[: max(n, 0)]):
            yield decode(tuple(row[1:]))
        while True:
            rows = self._after(last_id, None)
            for row in rows:
                last_id = row[0]
                yield decode(tuple(row[1:]))
            if len(rows) < PAGE:
                time.sleep(interval)

    def report(self, since: float | None = None) -> AuditReport:
        def build(conn: Any) -> AuditReport:
            with conn.transaction():
                conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
                return report_sql.build(
                    lambda sql, args: self._query(conn, sql, args), since, report_sql.POSTGRES
                )

        return self._run(build)

    def close(self) -> None:
        with self._lock:
            self._closed = True
            if self._conn is not None:
                self._conn.close()

    def __repr__(self) -> str:
        return f"PostgresAuditStore({display_url(self.url)!r})"
