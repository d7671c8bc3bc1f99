"""Where audit records are kept: the store interface, its URLs, and the default location.

``AuditStore.open(url)`` picks the backend by the URL's scheme. Today that is SQLite (the
embedded default); a shared backend (``postgresql://``) implements the same few methods.

SQLite URLs: ``sqlite:///var/lib/tiergate/audit.db`` (and ``sqlite:////abs/path.db``) name an
absolute path; a bare file name (``sqlite:///audit.db``) or a path starting with ``./`` or
``../`` (``sqlite:///./data/audit.db``) is relative to the current directory;
``sqlite:///:memory:`` is a database in memory (for tests).
"""

from __future__ import annotations

import os
from abc import ABC, abstractmethod
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType
from urllib.parse import urlsplit, urlunsplit

from tiergate.audit.record import AuditRecord
from tiergate.audit.report import AuditReport
from tiergate.errors import ConfigError, TiergateError

SQLITE_PREFIX = "sqlite://"
MEMORY = ":memory:"
DEFAULT_FILE = "audit.db"


class AuditError(TiergateError):
    """The audit trail cannot be read or written (disk full, locked too long, not a database)."""


class AuditStore(ABC):
    """An append-only trail of audit records. Every method is safe to call from any thread."""

    @staticmethod
    def open(url: str) -> AuditStore:
        """Open (creating it and its folder if needed) the store ``url`` names."""
        from tiergate.audit.sqlite import SQLiteAuditStore  # noqa: PLC0415  (backends import this)

        return SQLiteAuditStore(sqlite_path(url), url=url)

    @staticmethod
    def exists(url: str) -> bool:
        """Whether the store ``url`` names holds a database already (opening creates one)."""
        path = sqlite_path(url)
        return path == MEMORY or Path(path).is_file()

    @abstractmethod
    def write(self, record: AuditRecord) -> None:
        """Append one record."""

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


def sqlite_path(url: str) -> str:
    """The file path a ``sqlite://`` URL names (see the module docstring); ConfigError for any
    other scheme or an empty path."""
    if not url.startswith(SQLITE_PREFIX + "/"):
        scheme = url.partition(":")[0] if ":" in url else url
        raise ConfigError(
            f"unsupported audit URL {display_url(url)!r} (scheme {scheme!r}); "
            "use sqlite:///path/to/audit.db",
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
