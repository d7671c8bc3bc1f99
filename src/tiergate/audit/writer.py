"""The gateway's audit: records go to the local spool on the request's path, and a
background thread moves them into the database in batches.

A request costs one ``write()`` into the spool (microseconds, and durable across a crash of
the process); the database sees one transaction per batch. The writer lets records gather
for ``BATCH_DELAY_S`` after the first one (unless a read is waiting for them): one
transaction per record at low load would cost the process more CPU than the requests'
own audit. What happens when the database
is lost while serving is the config's ``audit.on_failure``:

- ``refuse`` (the default): :meth:`SpooledAudit.refusal` says so, and the gateway answers 503
  until the writer reaches the database again; records already spooled are written then.
- ``buffer``: the gateway keeps serving; records wait in the spool (on disk, not in memory)
  and are written when the database is back.

If the spool itself cannot be written (disk full), every request is refused: a record that
cannot be kept is a request that is not served.
"""

from __future__ import annotations

import contextlib
import hashlib
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Literal, TypeVar

from tiergate.audit.chain import ChainState, Link
from tiergate.audit.record import AuditRecord
from tiergate.audit.report import AuditReport
from tiergate.audit.spool import Journal, orphans
from tiergate.audit.store import (
    MEMORY,
    AuditError,
    AuditStore,
    data_dir,
    display_url,
    is_postgres,
    sqlite_path,
)

T = TypeVar("T")

BATCH_BYTES = 1 << 20  # per database transaction (~1,500 records)
TRUNCATE_AT = 16 << 20  # an emptied spool file over this size is truncated
PING_S = 1.0  # how often an idle writer checks that the database answers
RETRY_S = (0.1, 0.2, 0.5, 1.0)  # back-off after failures (the last repeats)
RETENTION_EVERY_S = 3600.0
FLUSH_S = 5.0  # how long a read waits for the spool to reach the database
BATCH_DELAY_S = 0.02  # how long the writer lets records gather before a transaction


def _warn(message: str) -> None:
    print(f"tiergate: audit: {message}", file=sys.stderr, flush=True)


class SpooledAudit(AuditStore):
    """An :class:`AuditStore` whose writes go through a local spool (see module docstring).
    Reads first wait (up to ``FLUSH_S``) until what was written before is in the database."""

    def __init__(
        self,
        store: AuditStore,
        spool: Path,
        *,
        on_failure: Literal["refuse", "buffer"] = "refuse",
        retention_days: int | None = None,
        warn: Callable[[str], None] = _warn,
    ) -> None:
        self.store = store
        self.url = store.url
        self.key = store.key
        self.on_failure = on_failure
        self.retention_days = retention_days
        self._warn = warn
        self.replayed = replay(store, spool, warn)
        self._journal = Journal.create(spool)
        self._cond = threading.Condition()
        self._stop = False
        self._idle = False  # the writer waits for records: an append must wake it
        self._flushing = 0  # reads waiting for the database to have every record
        self.healthy = True  # the last database call succeeded
        self.spool_broken = False
        self._last_error = ""
        self._thread = threading.Thread(target=self._run, name="tiergate-audit", daemon=True)
        self._thread.start()

    # ---- the request's side -------------------------------------------------------------

    def append(self, records: Sequence[AuditRecord], *, skip_existing: bool = False) -> int:
        try:
            for record in records:
                self._journal.append(record)
        except AuditError:
            self.spool_broken = True
            raise
        if self._idle:  # set before the writer looks at the journal (see _run)
            with self._cond:
                self._cond.notify_all()
        return len(records)

    def refusal(self) -> str | None:
        """Why requests must be refused now (None: serve them)."""
        if self.spool_broken:
            return "the audit spool cannot be written; requests are refused until it can"
        if not self.healthy and self.on_failure == "refuse":
            return (
                f"the audit database {display_url(self.url)} is unreachable; requests are "
                "refused until it is back (audit.on_failure: refuse)"
            )
        return None

    # ---- the writer thread --------------------------------------------------------------

    def _run(self) -> None:
        failures = 0
        last_prune = -RETENTION_EVERY_S  # prune once at start
        last_ping = time.monotonic()
        while True:
            with self._cond:
                self._idle = True
                while not self._stop and self._journal.checkpoint >= self._journal.end:
                    wait = PING_S if self.healthy else RETRY_S[min(failures, len(RETRY_S) - 1)]
                    if time.monotonic() - last_ping >= wait:
                        break
                    self._cond.wait(timeout=wait)
                self._idle = False
                pending = self._journal.checkpoint < self._journal.end
                if pending and self.healthy:
                    self._gather()
                if self._stop and (not pending or not self.healthy):
                    return
            try:
                if pending:
                    self._write_batch(retrying=failures > 0)
                else:
                    self.store.ping()
                last_ping = time.monotonic()
                if self.retention_days and time.monotonic() - last_prune >= RETENTION_EVERY_S:
                    last_prune = time.monotonic()
                    self.prune(time.time() - self.retention_days * 86400)
                self._set_health(True)
                failures = 0
            except AuditError as exc:
                failures += 1
                last_ping = time.monotonic()
                self._set_health(False, str(exc))
                with self._cond:
                    if not self._stop:
                        self._cond.wait(timeout=RETRY_S[min(failures - 1, len(RETRY_S) - 1)])
            except Exception as exc:  # a bug must not stop the writer silently
                failures += 1
                self._set_health(False, f"{type(exc).__name__} in the audit writer")
                time.sleep(RETRY_S[-1])

    def _gather(self) -> None:
        """Let more records reach the spool before the next transaction (the caller holds
        the condition): up to ``BATCH_DELAY_S``, a batch's bytes, a read, or a stop."""
        j = self._journal
        deadline = time.monotonic() + BATCH_DELAY_S
        while not self._stop and not self._flushing and j.end - j.checkpoint < BATCH_BYTES:
            left = deadline - time.monotonic()
            if left <= 0:
                return
            self._cond.wait(timeout=left)

    def _write_batch(self, *, retrying: bool) -> None:
        j = self._journal
        entries = j.read(j.checkpoint, BATCH_BYTES)
        if not entries:
            return
        # after a failure the last batch may have been committed without our knowing
        self.store.append([r for _, r in entries], skip_existing=retrying)
        with self._cond:
            j.save_checkpoint(entries[-1][0])
            self._cond.notify_all()
        j.truncate_if_done(TRUNCATE_AT)

    def _set_health(self, ok: bool, why: str = "") -> None:
        if ok and not self.healthy:
            self._warn(f"the database {display_url(self.url)} answers again")
        elif not ok and (self.healthy or why != self._last_error):
            self._warn(
                f"cannot write to the database ({why}); "
                + (
                    "refusing requests until it is back"
                    if self.on_failure == "refuse"
                    else "records wait in the spool"
                )
            )
        self._last_error = why
        with self._cond:
            self.healthy = ok
            self._cond.notify_all()

    # ---- reads --------------------------------------------------------------------------

    def flush(self, timeout: float = FLUSH_S) -> bool:
        """Wait until every record written so far is in the database; False on timeout."""
        target = self._journal.written
        deadline = time.monotonic() + timeout
        with self._cond:
            self._flushing += 1
            self._cond.notify_all()  # a writer gathering a batch writes it now
            try:
                while self._journal.committed < target:
                    left = deadline - time.monotonic()
                    if left <= 0:
                        return False
                    self._cond.wait(timeout=left)
            finally:
                self._flushing -= 1
        return True

    def _read(self, fn: Callable[[], T]) -> T:
        self.flush()
        return fn()

    def tail(self, n: int) -> list[AuditRecord]:
        return self._read(lambda: self.store.tail(n))

    def iter(self, since: float | None = None) -> Iterator[AuditRecord]:
        self.flush()
        return self.store.iter(since)

    def follow(self, n: int = 0, *, interval: float = 0.5) -> Iterator[AuditRecord]:
        self.flush()
        return self.store.follow(n, interval=interval)

    def report(self, since: float | None = None) -> AuditReport:
        return self._read(lambda: self.store.report(since))

    def chain_state(self) -> ChainState:
        return self._read(self.store.chain_state)

    def links(self, after_seq: int, limit: int) -> list[Link]:
        return self._read(lambda: self.store.links(after_seq, limit))

    def prune(self, before: float) -> int:
        n = self.store.prune(before)
        if n:
            self._warn(f"retention: removed {n} records older than {self.retention_days} days")
        return n

    def close(self) -> None:
        """Write what is spooled (while the database answers), then stop. A spool that still
        holds records stays on disk for the next start to replay."""
        with self._cond:
            if self._stop:
                return
            self._stop = True
            self._cond.notify_all()
        self._thread.join(timeout=30)
        j = self._journal
        done = j.checkpoint >= j.end
        if not done:
            self._warn(
                f"{j.path} keeps records not yet in the database; the next start writes them"
            )
        with contextlib.suppress(OSError):
            j.close(remove=done)
        self.store.close()

    def __repr__(self) -> str:
        return f"SpooledAudit({self.store!r})"


def spool_folder(url: str) -> Path:
    """Where the spool of the audit ``url`` lives unless the config says (``audit.spool``):
    next to a SQLite file (``audit.db-spool``); for a database server, in the data folder,
    one folder per URL; for a database in memory, a temporary folder."""
    if is_postgres(url):
        digest = hashlib.sha256(display_url(url).encode()).hexdigest()[:12]
        return data_dir() / "audit-spool" / digest
    path = sqlite_path(url)
    if path == MEMORY:
        return Path(tempfile.mkdtemp(prefix="tiergate-spool-"))
    return Path(path + "-spool")


def replay(store: AuditStore, folder: Path, warn: Callable[[str], None] = _warn) -> int:
    """Write the records that processes gone before us left in their spool files; return how
    many were new to the database. AuditError if the database cannot take them."""
    total = 0
    for j in orphans(folder):
        try:
            while j.checkpoint < j.end:
                entries = j.read(j.checkpoint, BATCH_BYTES)
                if not entries:  # only a torn last line is left
                    warn(f"{j.path}: {j.end - j.checkpoint} bytes of a torn last line ignored")
                    break
                total += store.append([r for _, r in entries], skip_existing=True)
                j.save_checkpoint(entries[-1][0])
        except BaseException:
            j.close(remove=False)
            raise
        j.close(remove=True)
    if total:
        warn(f"replayed {total} records from the spool of an earlier run")
    return total
