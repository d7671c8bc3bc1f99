"""Where audit records are kept: the store interface, its URLs, and the default location.

``AuditStore.open(url)`` picks the backend by the URL's scheme: SQLite (the embedded
default, one machine) or PostgreSQL (``postgresql://user@host/db``, shared by many replicas;
``?schema=name`` keeps the tables in a schema of their own). Both hold the same tables and
the same hash chain (see ``tiergate.audit.chain``).

SQLite URLs: ``sqlite:///var/lib/tiergate/audit.db`` (and ``sqlite:////abs/path.db``) name an
absolute path; a bare file name (``sqlite:///audit.db``) or a path starting with ``./`` or
``../`` (``sqlite:///./data/audit.db``) is relative to the current directory;
``sqlite:///:memory:`` is a database in memory (for tests).
"""

from __future__ import annotations

import os
from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from pathlib import Path
from types import TracebackType
from urllib.parse import urlsplit, urlunsplit

from tiergate.audit.chain import ChainState, Link
from tiergate.audit.record import AuditRecord
from tiergate.audit.report import AuditReport
from tiergate.errors import ConfigError, TiergateError

SQLITE_PREFIX = "sqlite://"
POSTGRES_SCHEMES = ("postgresql://", "postgres://")
MEMORY = ":memory:"
DEFAULT_FILE = "audit.db"


class AuditError(TiergateError):
    """The audit trail cannot be read or written (disk full, locked too long, not a database)."""


class AuditStore(ABC):
    """An append-only trail of audit records. Every method is safe to call from any thread."""

    url: str
    key: bytes | None = None

    @staticmethod
    def open(url: str, *, key: bytes | None = None) -> AuditStore:
        """Open (creating it and its tables if needed) the store ``url`` names; ``key`` signs
        the chain (HMAC-SHA256; None: SHA-256). ConfigError for a URL that names no store,
        BackendError when a database server cannot be reached."""
        # the backends import this module
        if is_postgres(url):
            from tiergate.audit.postgres import PostgresAuditStore  # noqa: PLC0415

            return PostgresAuditStore(url, key=key)
        from tiergate.audit.sqlite import SQLiteAuditStore  # noqa: PLC0415

        return SQLiteAuditStore(sqlite_path(url), url=url, key=key)

    @staticmethod
    def exists(url: str) -> bool:
        """Whether the store ``url`` names holds a database already (opening creates one)."""
        if is_postgres(url):
            from tiergate.audit.postgres import schema_exists  # noqa: PLC0415

            return schema_exists(url)
        path = sqlite_path(url)
        return path == MEMORY or Path(path).is_file()

    def write(self, record: AuditRecord) -> None:
        """Append one record."""
        self.append([record])

    @abstractmethod
    def append(self, records: Sequence[AuditRecord], *, skip_existing: bool = False) -> int:
        """Append ``records`` to the chain in one transaction, under the chain's lock (so that
        several processes keep one chain); with ``skip_existing``, leave out those whose
        request id is already stored (a replay). Returns how many were appended."""

    @abstractmethod
    def chain_state(self) -> ChainState:
        """The chain's anchor and head."""

    @abstractmethod
    def links(self, after_seq: int, limit: int) -> list[Link]:
        """Up to ``limit`` rows of the chain with ``seq > after_seq``, in chain order."""

    @abstractmethod
    def prune(self, before: float) -> int:
        """Remove the oldest records, up to the first with ``time >= before``, and move the
        chain's anchor to the last one removed. Returns how many were removed."""

    def ping(self) -> None:
        """Raise AuditError unless the database answers."""
        self.chain_state()

    @abstractmethod
    def tail(self, n: int) -> list[AuditRecord]:
        """The last ``n`` records written, newest last."""

    @abstractmethod
    def iter(self, since: float | None = None) -> Iterator[AuditRecord]:
        """Every record (with ``time >= since``), in the order written."""

    @abstractmethod
    def follow(self, n: int = 0, *, interval: float = 0.5) -> Iterator[AuditRecord]:
        """The last ``n`` records, then each new one as it is written (never ends)."""

    @abstractmethod
    def report(self, since: float | None = None) -> AuditReport:
        """The figures of ``tiergate audit report`` over the records with ``time >= since``."""

    @abstractmethod
    def close(self) -> None:
        """Release the connection; closing twice is harmless."""

    def __enter__(self) -> AuditStore:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def is_postgres(url: str) -> bool:
    return url.startswith(POSTGRES_SCHEMES)


def check_url(url: str) -> None:
    """ConfigError unless ``url`` names an audit store: ``postgresql://…`` (or
    ``postgres://``), or a ``sqlite://`` URL naming a file. Opens nothing."""
    if is_postgres(url):
        if not urlsplit(url).path.strip("/"):
            raise ConfigError(
                f"audit URL {display_url(url)!r} names no database "
                "(postgresql://user@host/database)",
                key="audit.url",
            )
        return
    sqlite_path(url)


def sqlite_path(url: str) -> str:
    """The file path a ``sqlite://`` URL names (see the module docstring); ConfigError for any
    other scheme or an empty path."""
    if not url.startswith(SQLITE_PREFIX + "/"):
        scheme = url.partition(":")[0] if ":" in url else url
        raise ConfigError(
            f"unsupported audit URL {display_url(url)!r} (scheme {scheme!r}); "
            "use sqlite:///path/to/audit.db or postgresql://user@host/database",
            key="audit.url",
        )
    rest = url[len(SQLITE_PREFIX) + 1 :]  # what follows "sqlite:///"
    if not rest.strip("/"):
        raise ConfigError(f"audit URL {display_url(url)!r} names no file", key="audit.url")
    if rest == MEMORY:
        return MEMORY
    if rest.startswith("/"):
        return rest  # sqlite:////abs/path.db
    if "/" not in rest or rest.startswith(("./", "../")):
        return str(Path.cwd() / rest)
    return "/" + rest


def display_url(url: str) -> str:
    """``url`` fit to print: a password in it (``scheme://user:pw@host``) becomes ``***``."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.netloc.rpartition("@")[2]
    return urlunsplit(parts._replace(netloc=f"{parts.username}:***@{host}"))


def data_dir() -> Path:
    """The user's tiergate data folder: $TIERGATE_DATA_DIR, else $XDG_DATA_HOME/tiergate,
    else ~/.local/share/tiergate (not created here)."""
    explicit = os.environ.get("TIERGATE_DATA_DIR")
    if explicit:
        return Path(explicit).expanduser().absolute()
    xdg = os.environ.get("XDG_DATA_HOME")
    base = Path(xdg).expanduser() if xdg else Path.home() / ".local" / "share"
    return (base / "tiergate").absolute()


def default_audit_url() -> str:
    """``sqlite:///…/audit.db`` in the user's data folder."""
    return SQLITE_PREFIX + str(data_dir() / DEFAULT_FILE)
