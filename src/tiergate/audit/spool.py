"""The local journal that makes a record durable before the database has it.

Each gateway process appends every record, as one JSON line, to a file of its own in the
spool folder (``<pid>-<random>.spool``, held under an exclusive ``flock`` while the process
lives) with one ``write()``: once that returns the record is in the kernel, and survives the
process being killed (``kill -9``, out of memory). The spool is not fsynced per record: a
crash of the whole machine can lose the records of the last moment that the database did not
have yet (the writer commits them within milliseconds; the database's own commit is durable).

A background writer moves the lines into the database in batches and records how far it got
in ``<name>.ckpt`` (a byte offset). A process that starts claims the spool files whose owner
is gone (their ``flock`` is free) and replays the lines after their checkpoint; the database
skips request ids it holds already, so a replay of a batch committed just before the crash
does not count it twice.
"""

from __future__ import annotations

import fcntl
import os
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path

from tiergate import jsonc
from tiergate.audit.record import AuditRecord
from tiergate.audit.rows import record_from_json
from tiergate.audit.store import AuditError

SUFFIX = ".spool"
CKPT = ".ckpt"
_CKPT_WIDTH = 20


class Journal:
    """One spool file, locked by this process, and its checkpoint."""

    def __init__(self, path: Path, fd: int) -> None:
        self.path = path
        self._fd = fd
        self._ckpt_fd = os.open(path.with_suffix(CKPT), os.O_RDWR | os.O_CREAT, 0o600)
        self._lock = threading.Lock()
        self.end = os.fstat(fd).st_size
        self.checkpoint = self._read_checkpoint()
        self.base = 0  # bytes truncated away before the current start of the file

    @property
    def written(self) -> int:
        """Bytes ever appended through this journal (grows across truncations)."""
        return self.base + self.end

    @property
    def committed(self) -> int:
        """Bytes ever moved into the database (grows across truncations)."""
        return self.base + self.checkpoint

    @classmethod
    def create(cls, folder: Path) -> Journal:
        """A new spool file for this process in ``folder`` (created, mode 0700)."""
        try:
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            path = folder / f"{os.getpid()}-{uuid.uuid4().hex[:8]}{SUFFIX}"
            fd = os.open(path, os.O_RDWR | os.O_APPEND | os.O_CREAT | os.O_EXCL, 0o600)
        except OSError as exc:
            raise AuditError(
                f"cannot create the audit spool in {folder}: {exc.strerror or exc}"
            ) from None
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return cls(path, fd)

    def _read_checkpoint(self) -> int:
        raw = os.pread(self._ckpt_fd, _CKPT_WIDTH, 0)
        return int(raw) if raw.strip().isdigit() else 0

    def append(self, record: AuditRecord) -> int:
        """Write one record; return the offset just after it."""
        data = jsonc.dumps(record.to_dict()) + b"\n"
        with self._lock:
            try:
                view = memoryview(data)
                while view:
                    view = view[os.write(self._fd, view) :]
            except OSError as exc:
                raise AuditError(f"cannot write the audit spool {self.path}: {exc}") from None
            self.end += len(data)
            return self.end

    def read(
        self, start: int, max_bytes: int, end: int | None = None
    ) -> list[tuple[int, AuditRecord]]:
        """Whole lines from ``start`` (at most ``max_bytes``, one line at least), each with
        the offset after it. A last line without its newline (a write torn by a machine
        crash) is left out."""
        stop = self.end if end is None else end
        data = os.pread(self._fd, min(max_bytes, stop - start), start)
        if b"\n" not in data and stop > start + len(data):  # one line longer than max_bytes
            data = os.pread(self._fd, stop - start, start)
        out: list[tuple[int, AuditRecord]] = []
        offset = start
        for line in data.split(b"\n")[:-1]:
            offset += len(line) + 1
            out.append((offset, record_from_json(jsonc.loads(line))))
        return out

    def save_checkpoint(self, offset: int) -> None:
        os.pwrite(self._ckpt_fd, b"%0*d" % (_CKPT_WIDTH, offset), 0)
        self.checkpoint = offset

    def truncate_if_done(self, threshold: int) -> bool:
        """Empty the file when everything in it is in the database and it is over
        ``threshold`` bytes (appends wait on the lock meanwhile)."""
        with self._lock:
            if self.checkpoint != self.end or self.end < threshold:
                return False
            os.ftruncate(self._fd, 0)
            self.base += self.end
            self.end = 0
            self.save_checkpoint(0)
            return True

    def close(self, *, remove: bool) -> None:
        """Release the file; remove it (and its checkpoint) when ``remove``."""
        if remove:
            for p in (self.path, self.path.with_suffix(CKPT)):
                p.unlink(missing_ok=True)
        os.close(self._ckpt_fd)
        os.close(self._fd)  # releases the flock


def orphans(folder: Path) -> Iterator[Journal]:
    """The spool files in ``folder`` whose process is gone, each locked by us now."""
    if not folder.is_dir():
        return
    for path in sorted(folder.glob("*" + SUFFIX)):
        try:
            fd = os.open(path, os.O_RDWR | os.O_APPEND)
        except FileNotFoundError:
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:  # its process is alive
            os.close(fd)
            continue
        if not path.exists():  # replayed and removed by another process meanwhile
            os.close(fd)
            continue
        yield Journal(path, fd)
